package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabHost;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** --serial, --max-fail, --fail-fast, --canary and --retry, end to end, in-process, against the embedded lab. */
class FailurePolicyAgainstLabTest {
    private static Lab lab;
    private static Cli cli;
    /** The lab's hosts in inventory order. */
    private static List<String> names;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(new LabOptions(null, 0, "127.1.50.1", "fanout"));
        cli = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString());
        names = lab.hosts().stream().map(LabHost::name).toList();
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    /** A command that fails (exit 1, "disk full" on stderr) on {@code failing} and prints its host name elsewhere. */
    private static String failingOn(String... failing) {
        return "case $(hostname) in " + String.join("|", failing) + ") echo 'disk full' >&2; exit 1;; esac; hostname";
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Test
    void serialThreeMaxFailOneStopsAfterTheFirstBatchWithTwoFailuresAndSkipsTheRest() {
        Cli.Result r = cli.run("run", "-a", "--serial", "3", "--max-fail", "1", "--no-gather", "--",
                failingOn(names.get(1), names.get(2)));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(lines(r.out())).containsExactly(names.get(0) + ": " + names.get(0));
        String skipped = dev.fanout.core.select.NodeSet.fold(names.subList(3, names.size()));
        assertThat(r.err()).contains("fanout: 9 hosts in").contains(": 1 ok, 2 failed, 6 skipped")
                .contains("  skipped      " + skipped + ": more than 1 host failed");
    }

    @Test
    void atSkippedSelectsTheHostsTheLastRunSkippedAndAtFailedIncludesThem(@TempDir Path state) {
        Cli withState = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString())
                .env("XDG_STATE_HOME", state.toString());
        withState.run("run", "-a", "--serial", "3", "--max-fail", "0", "--", failingOn(names.get(0)));

        Cli.Result skipped = withState.run("run", "-H", "@skipped", "--no-gather", "hostname");
        assertThat(skipped.exit()).as(skipped.toString()).isZero();
        assertThat(lines(skipped.out())).containsExactlyInAnyOrderElementsOf(
                names.subList(3, names.size()).stream().map(n -> n + ": " + n).toList());
        withState.run("run", "-a", "--serial", "3", "--max-fail", "0", "--", failingOn(names.get(0)));
        Cli.Result failed = withState.run("run", "-H", "@failed", "--no-gather", "hostname");
        assertThat(failed.err()).as(failed.toString()).contains("fanout: 7 hosts in");
    }

    @Test
    void theThresholdIsPerBatchSoOneFailurePerBatchRunsEveryHost() {
        Cli.Result r = cli.run("run", "-a", "--serial", "3", "--max-fail", "1", "--no-gather", "--",
                failingOn(names.get(1), names.get(4), names.get(7)));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(lines(r.out())).hasSize(6);
        assertThat(r.err()).contains(": 6 ok, 3 failed").doesNotContain("skipped");
    }

    @Test
    void skippedHostsAreJsonLinesHostFinishedEventsWithStatusSkipped() {
        Cli.Result r = cli.run("run", "-a", "--serial", "50%", "--max-fail", "0", "--json", "--",
                failingOn(names.get(0)));

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.STOPPED);
        List<String> skipped = lines(r.out()).stream().filter(l -> l.contains("\"status\":\"skipped\"")).toList();
        assertThat(skipped).hasSize(5).allSatisfy(l -> assertThat(l).contains("\"event\":\"host_finished\"",
                "\"reason\":\"a host failed\"", "\"not_started\":true"));
        assertThat(lines(r.out()).getLast()).contains("\"skipped\":5", "\"stopped\":true");
    }

    @Test
    void aCanaryThatFailsSkipsTheRestAndOneThatSucceedsLetsThemRun() {
        Cli.Result failed = cli.run("run", "-a", "--canary", "2", "--no-gather", "--", failingOn(names.get(1)));
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(lines(failed.out())).containsExactly(names.get(0) + ": " + names.get(0));
        assertThat(failed.err()).contains(": 1 ok, 1 failed, 7 skipped").contains(": a canary host failed");

        Cli.Result ok = cli.run("run", "-a", "--canary", "2", "--no-gather", "--", "hostname");
        assertThat(ok.exit()).as(ok.toString()).isZero();
        assertThat(ok.err()).contains(": 9 ok");
    }

    @Test
    void failFastKillsTheCommandsStillRunningOnTheOtherHosts() throws Exception {
        String seconds = "31." + ThreadLocalRandom.current().nextInt(100_000, 1_000_000);
        String first = names.get(0);
        // the sleeps' own command line says "sleep 31.NNNNNN"; the shells' say "sleep $d", so only sleeps are counted
        String command = "d=" + seconds.substring(0, 2) + "; d=${d}" + seconds.substring(2) + "; case $(hostname) in "
                + first + ") until [ \"$(pgrep -fc \"^sleep $d\")\" -ge 2 ]; do sleep 0.1; done; exit 1;; "
                + "*) sleep $d;; esac";
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() -> cli.run("run", "-H",
                String.join(",", names.subList(0, 3)), "-k", "-u", "60s", "--no-gather", "--", command));

        Cli.Result r = run.get(90, TimeUnit.SECONDS);

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.STOPPED);
        assertThat(r.err()).contains(": 0 ok, 1 failed, 2 cancelled")
                .contains("  cancelled    " + dev.fanout.core.select.NodeSet.fold(names.subList(1, 3))
                        + ": stopped: a host failed");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (sleeping(seconds) > 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(sleeping(seconds)).as("sleep processes left running").isZero();
    }

    private static long sleeping(String seconds) {
        return ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").equals("sleep " + seconds)
                        || p.info().arguments().map(a -> Arrays.asList(a).contains(seconds)).orElse(false))
                .filter(ProcessHandle::isAlive).count();
    }

    @Test
    void retryConnectsToAHostThatComesBackUpAndNeverRetriesACommandThatFailed(@TempDir Path state) throws Exception {
        String host = names.get(0);
        lab.stopHost(host);
        Cli withState = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString())
                .env("XDG_STATE_HOME", state.toString());
        CompletableFuture<Cli.Result> run = CompletableFuture.supplyAsync(() ->
                withState.run("run", "-H", host, "--retry", "5", "--json", "--", "hostname"));
        try {
            awaitHostStarted(state, Duration.ofSeconds(60));
            Thread.sleep(2_000);
        } finally {
            lab.startHost(host);
        }
        Cli.Result r = run.get(120, TimeUnit.SECONDS);

        assertThat(r.exit()).as(r.toString()).isZero();
        String finished = lines(r.out()).stream().filter(l -> l.contains("\"host_finished\"")).findFirst()
                .orElseThrow();
        assertThat(finished).contains("\"status\":\"ok\"").containsPattern("\"attempts\":[2-6]");

        Cli.Result failed = cli.run("run", "-H", host, "--retry", "3", "--json", "--", "exit 3");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(failed.out()).contains("\"exit_code\":3").doesNotContain("\"attempts\"");
    }

    /** Waits until the run recorded under {@code state} has its host started, so its first attempt is under way. */
    private static void awaitHostStarted(Path state, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            Path runs = state.resolve("fanout").resolve("runs");
            if (Files.isDirectory(runs)) {
                try (Stream<Path> dirs = Files.list(runs)) {
                    for (Path dir : dirs.toList()) {
                        Path events = dir.resolve("events.jsonl");
                        if (Files.exists(events) && Files.readString(events).contains("\"host_started\"")) {
                            return;
                        }
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("the run never started its host");
    }

    @Test
    void badPolicyValuesAreOneLineUsageErrors() {
        assertThat(cli.run("run", "-a", "--serial", "0", "true").err()).isEqualTo(
                "fanout: --serial must be at least 1 host (or 1%): 0\n");
        assertThat(cli.run("run", "-a", "--serial", "abc", "true").err()).isEqualTo(
                "fanout: --serial: not a number of hosts (N or N%): 'abc'\n");
        Cli.Result negative = cli.run("run", "-a", "--max-fail", "-1", "true");
        assertThat(negative.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(lines(negative.err())).singleElement().asString().contains("-1");
        assertThat(cli.run("run", "-a", "--retry", "11", "true").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("run", "-a", "--canary", "0", "true").exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(cli.run("run", "-a", "-k", "--max-fail", "2", "true").exit()).isEqualTo(ExitCodes.USAGE);
        Cli.Result all = cli.run("run", "-a", "--serial", "150%", "--no-gather", "true");
        assertThat(all.exit()).as(all.toString()).isZero();
        assertThat(all.err()).contains(": 9 ok");
    }
}
