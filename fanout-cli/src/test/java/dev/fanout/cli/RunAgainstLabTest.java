package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** fanout run, batch_run and hosts, end to end, in-process, against the embedded lab. */
class RunAgainstLabTest {
    private static Lab lab;
    private static Cli cli;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(new LabOptions(null, 0, "127.1.10.1", "fanout"));
        cli = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString());
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Test
    void theSeedCommandLineRunsOnEveryNamedHostAndGroup() {
        Cli.Result r = cli.run("batch_run", "-h", "h1,h2,h3", "-g", "web_clusters,db_servers", "-cmd", "hostname");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lines(r.out())).containsExactlyInAnyOrder("h1: h1", "h2: h2", "h3: h3", "web01: web01",
                "web02: web02", "web03: web03", "web04: web04", "db01: db01", "db02: db02");
        assertThat(r.err()).contains("fanout: 9 hosts in").contains("9 ok");
    }

    @Test
    void sendInputGivesEveryHostAllOfStandardInputAndWithoutItNothingIsRead() {
        var input = new java.io.ByteArrayInputStream("a\nb\nc\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Cli withInput = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString()).input(input);

        Cli.Result without = withInput.run("run", "-H", "h1", "wc -l");
        assertThat(without.out()).as(without.toString()).isEqualTo("h1: 0\n");
        assertThat(input.available()).isEqualTo(6);

        Cli.Result r = withInput.run("run", "-I", "-H", "h1,h2", "-g", "db_servers", "wc -l");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lines(r.out())).containsExactlyInAnyOrder("h1: 3", "h2: 3", "db01: 3", "db02: 3");
    }

    @Test
    void moreInputThanSendInputTakesIsAUsageErrorBeforeAnyHostIsContacted() {
        long[] left = {RunCommand.MAX_INPUT + 1L};
        var endless = new java.io.InputStream() {
            @Override
            public int read() {
                return left[0]-- > 0 ? 'x' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = (int) Math.min(len, left[0]);
                left[0] -= n;
                return n == 0 && len > 0 ? -1 : n;
            }
        };
        Cli.Result r = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString()).input(endless)
                .run("run", "--send-input", "-a", "cat");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: --send-input: standard input is larger than 64 MiB: copy it with "
                + "'fanout put' and run the command on the copy\n");
        assertThat(r.out()).isEmpty();
    }

    @Test
    void mixedExitCodesAreReportedPerHostAndExitWithOne() {
        Cli.Result r = cli.run("run", "-g", "web_clusters", "--",
                "case $(hostname) in web0[12]) echo bad >&2; exit 3;; esac; echo fine");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(lines(r.out())).containsExactlyInAnyOrder("web03: fine", "web04: fine");
        assertThat(r.err()).contains("web01: bad", "web02: bad", "fanout: web01: failed: exit code 3")
                .contains("  failed       web[01-02]: exit code 3").contains("  ok           web[03-04]");
    }

    @Test
    void maxrcReturnsTheLargestRemoteExitCode() {
        Cli.Result r = cli.run("run", "-S", "-H", "h1,h2", "exit $(( $(hostname | tr -d h) + 4 ))");

        assertThat(r.exit()).as(r.toString()).isEqualTo(6);
    }

    @Test
    void aTimedOutCommandIsKilledAndTheOthersFinish() throws Exception {
        Path marker = Files.createTempFile("fanout-timeout", ".txt");
        Cli.Result r = cli.run("run", "-H", "h1,h2", "-u", "1s",
                "if [ $(hostname) = h1 ]; then sleep 30; echo late >> " + marker + "; else echo quick; fi");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(r.out()).contains("h2: quick");
        assertThat(r.err()).contains("  timed out    h1: still running after 1 s, stopped");
        Thread.sleep(1500);
        assertThat(Files.readString(marker)).as("the killed command must not go on").isEmpty();
    }

    @Test
    void aHostThatIsDownIsUnreachableAndTheOthersStillRun(@TempDir Path dir) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        String inventory = Files.readString(lab.inventory())
                + "\n[down01]\naddress = 127.0.0.1\nport = " + closedPort + "\ngroups = web_clusters\n";
        Path file = dir.resolve("hosts.ini");
        Files.writeString(file, inventory);

        Cli.Result r = new Cli().run("run", "-i", file.toString(), "-g", "web_clusters", "hostname");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(lines(r.out())).hasSize(4);
        assertThat(r.err()).contains("unreachable  down01: ").containsIgnoringCase("refused");
    }

    @Test
    void askPassAsksOnceAndLogsInWithThePasswordOnHostsThatHaveNone(@TempDir Path dir) throws IOException {
        String inventory = Files.readString(lab.inventory()).replaceFirst("(?m)^identity_file = .*$",
                "identity_file =");
        Path file = Files.writeString(dir.resolve("nokey.ini"), inventory);
        String password = lab.host("web02").password();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();

        Cli.Result without = new Cli().run("run", "-i", file.toString(), "-H", "web02", "hostname");
        java.util.List<String> questions = new java.util.concurrent.CopyOnWriteArrayList<>();
        Cli.Result with = new Cli().prompt(question -> {
            asked.incrementAndGet();
            questions.add(question);
            return password.toCharArray();
        }).run("run", "-i", file.toString(), "-H", "web02", "-A", "hostname");

        assertThat(without.exit()).as(without.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(with.exit()).as(with.toString()).isZero();
        assertThat(with.out()).isEqualTo("web02: web02\n");
        assertThat(asked.get()).isEqualTo(1);
        assertThat(questions).containsExactly("Password for " + lab.user() + "@web02: ");
        assertThat(without.err() + with.err()).doesNotContain(password);
    }

    @Test
    void stderrLinesGoToStderrWithTheHostPrefix() {
        Cli.Result r = cli.run("run", "-H", "db01", "echo to-out; echo to-err >&2");

        assertThat(r.out()).isEqualTo("db01: to-out\n");
        assertThat(r.err()).startsWith("db01: to-err\n");
    }

    @Test
    void outputWithoutAFinalNewlineAndAHugeLineAreKeptWhole() {
        Cli.Result r = cli.run("run", "-H", "h1", "head -c 3000000 /dev/zero | tr '\\0' x; echo; printf tail");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(lines(r.out())).containsExactly("h1: " + "x".repeat(3_000_000), "h1: tail");
    }

    @Test
    void anUnknownHostIsAUsageErrorAndNothingRuns() {
        Cli.Result r = cli.run("run", "-H", "h1,nosuch", "hostname");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertThat(lines(r.err())).hasSize(1).first().asString().contains("nosuch");
    }

    @Test
    void anEmptySelectionIsAnError() {
        Cli.Result r = cli.run("run", "-g", "web_clusters", "-X", "web_clusters", "hostname");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("fanout: ");
    }

    @Test
    void hostsShowsTheSelectionWithoutPasswords() throws IOException {
        Cli.Result r = cli.run("hosts", "-g", "prod", "-H", "h1");

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> rows = lines(r.out());
        assertThat(rows.getFirst()).startsWith("NAME").contains("ADDRESS", "PORT", "USER", "GROUPS");
        assertThat(rows).hasSize(1 + 7);
        assertThat(rows.get(1)).startsWith("h1 ").contains("password");
        String inventory = Files.readString(lab.inventory());
        String password = inventory.lines().filter(l -> l.startsWith("password")).findFirst().orElseThrow()
                .split("=", 2)[1].trim();
        assertThat(r.out()).doesNotContain(password);
    }

    @Test
    void anInterruptedRunKillsTheCommandsPrintsWhatArrivedAndExits130(@TempDir Path dir) {
        Cli interruptible = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString())
                .interrupts(action -> {
                    Thread.ofVirtual().start(() -> {
                        try {
                            while (!Files.exists(dir.resolve("db01")) || !Files.exists(dir.resolve("db02"))) {
                                Thread.sleep(20);
                            }
                        } catch (InterruptedException e) {
                            return;
                        }
                        action.run();
                    });
                    return () -> { };
                });

        Cli.Result r = interruptible.run("run", "-g", "db_servers",
                "echo before; touch " + dir + "/$(hostname); sleep 30; echo after");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERRUPTED);
        assertThat(lines(r.out())).containsExactlyInAnyOrder("db01: before", "db02: before");
        assertThat(r.err()).contains("(interrupted)").contains("cancelled");
    }
}
