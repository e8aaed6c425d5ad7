package dev.fanout.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** The views of a run (gathered, JSON Lines, outdir), run records and reruns, against the embedded lab. */
class ViewsAgainstLabTest {
    private static final String MIXED =
            "case $(hostname) in web01) echo odd; exit 1;; db*) echo db;; *) echo common;; esac";
    private static Lab lab;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.30.1"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    private static Cli cli(Path state) {
        return new Cli().env("FANOUT_INVENTORY", lab.inventory().toString()).env("XDG_STATE_HOME", state.toString());
    }

    @Test
    void aLiveRunWithDifferingOutputEndsWithTheGatheredDigestLargestGroupFirst(@TempDir Path state) {
        Cli.Result r = cli(state).terminal(true).run("run", "-a", "--color", "never", MIXED);

        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILED);
        String out = r.out();
        assertThat(out).contains("web02: common", "fanout: 3 distinct outputs, gathered");
        String digest = out.substring(out.indexOf("distinct outputs"));
        assertThat(digest.indexOf("h[1-3],web[02-04] (6)")).isPositive()
                .isLessThan(digest.indexOf("db[01-02] (2)"));
        assertThat(digest.indexOf("db[01-02] (2)")).isLessThan(digest.indexOf("web01 (1)"));
    }

    @Test
    void withStdoutPipedALiveRunWritesEachOutputOnceWithoutTheDigest(@TempDir Path state) {
        Cli.Result r = cli(state).run("run", "-a", MIXED);

        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(r.out()).doesNotContain("distinct outputs").contains("web02: common");
        assertThat(r.out().lines().filter(l -> l.endsWith("common")).count()).isEqualTo(6);
    }

    @Test
    void theDigestsCountOfDistinctOutputsIsTheNumberOfBlocksItPrints(@TempDir Path state) {
        Cli.Result r = cli(state).stdoutTerminal(true).run("run", "-a", "--color", "never",
                "case $(hostname) in web01) echo common; exit 1;; db*) echo db;; *) echo common;; esac");

        String out = r.out();
        String digest = out.substring(out.indexOf("fanout: "));
        long blocks = digest.lines().filter(line -> line.matches(".* \\(\\d+\\)( .*)?")).count();
        assertThat(blocks).as(out).isEqualTo(3);
        assertThat(digest).as(out).startsWith("fanout: 3 distinct outputs, gathered");
    }

    @Test
    void unreachableHostsAreFoldedInTheSummaryWhileShowKeepsEachAddress(@TempDir Path state, @TempDir Path dir)
            throws IOException {
        StringBuilder inventory = new StringBuilder(Files.readString(lab.inventory()));
        for (int i = 1; i <= 6; i++) {
            inventory.append("\n[r").append(i).append("]\naddress = 127.0.0.1\nport = 1\n");
        }
        Path file = Files.writeString(dir.resolve("hosts.ini"), inventory);

        Cli.Result r = cli(state).run("run", "-i", file.toString(), "-H", "h1,r[1-6]", "true");
        Cli.Result show = cli(state).run("show");
        Cli.Result json = cli(state).run("show", "--json");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).as(r.toString()).contains("  unreachable  r[1-6]: connection refused\n")
                .contains("fanout: ... and 1 more unreachable (connection refused); see the summary\n");
        assertThat(r.err().lines().filter(line -> line.contains("(127.0.0.1:1)")).count()).isEqualTo(5);
        assertThat(show.err().lines().filter(line -> line.matches("fanout: r[1-6]: unreachable: connection refused"
                + " \\(127\\.0\\.0\\.1:1\\)")).count()).as(show.toString()).isEqualTo(6);
        assertThat(json.out()).contains("\"reason\":\"connection refused (127.0.0.1:1)\"",
                "\"kind\":\"connection_refused\"", "\"detail\":\"127.0.0.1:1\"");
    }

    @Test
    void gatherShowsOnlyTheDigestAndNoGatherOnlyTheLiveLines(@TempDir Path state) {
        Cli.Result gathered = cli(state).run("run", "-a", "-b", MIXED);
        Cli.Result live = cli(state).run("run", "-a", "--no-gather", MIXED);

        assertThat(gathered.out()).doesNotContain("web02: common").contains("h[1-3],web[02-04] (6)");
        assertThat(live.out()).contains("web02: common").doesNotContain("(6)");
    }

    @Test
    void jsonLinesAreValidJsonOneEventPerLineWithNoOtherTextOnStdout(@TempDir Path state) throws IOException {
        Cli.Result r = cli(state).run("run", "-H", "h1,web01", "--json", "echo out; echo err >&2; exit 3");

        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILED);
        List<String> lines = r.out().lines().toList();
        JsonFactory json = new JsonFactory();
        Map<String, Integer> events = new HashMap<>();
        for (String line : lines) {
            Map<String, String> fields = new HashMap<>();
            try (JsonParser p = json.createParser(line)) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken value = p.nextToken();
                    if (value.isStructStart()) {
                        p.skipChildren();
                    }
                    fields.put(name, value.isScalarValue() ? p.getValueAsString() : "{}");
                }
                assertThat(p.nextToken()).as("one object per line: " + line).isNull();
            }
            events.merge(fields.get("event"), 1, Integer::sum);
            if ("output".equals(fields.get("event"))) {
                assertThat(fields.get("line")).isEqualTo(fields.get("stream").equals("stdout") ? "out" : "err");
            }
            if ("host_finished".equals(fields.get("event"))) {
                assertThat(fields).containsEntry("status", "failed").containsEntry("exit_code", "3");
            }
        }
        assertThat(events).containsEntry("run_started", 1).containsEntry("host_started", 2)
                .containsEntry("output", 4).containsEntry("host_finished", 2).containsEntry("run_finished", 1);
    }

    @Test
    void outdirHoldsOneFileForStdoutAndOneForStderrPerHost(@TempDir Path state, @TempDir Path dir) throws IOException {
        Cli.Result r = cli(state).run("run", "-g", "db_servers", "--outdir", dir.toString(),
                "hostname; echo oops >&2");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(dir.resolve("db01.out")).hasContent("db01");
        assertThat(dir.resolve("db02.err")).hasContent("oops");
    }

    @Test
    void atFailedRerunsExactlyTheHostsThatFailedInTheLastRun(@TempDir Path state) {
        Cli cli = cli(state);
        assertThat(cli.run("run", "-a", "case $(hostname) in web0[13]|h2) exit 1;; esac").exit()).isEqualTo(1);

        Cli.Result flag = cli.run("hosts", "--rerun-failed", "-1");
        Cli.Result rerun = cli.run("run", "-H", "@failed", "hostname");

        assertThat(rerun.out().lines().toList()).containsExactlyInAnyOrder("h2: h2", "web01: web01", "web03: web03");
        assertThat(flag.out().lines().toList()).containsExactly("h2", "web01", "web03");
    }

    @Test
    void rerunFailedTakesOnlyARunIdAsItsValueSoItNeverSwallowsTheCommand(@TempDir Path state) {
        Cli cli = cli(state);
        assertThat(cli.run("run", "-a", "case $(hostname) in web02|db01) exit 1;; esac").exit()).isEqualTo(1);
        String id = cli.run("history").out().lines().skip(1).findFirst().orElseThrow().split(" ")[0];

        Cli.Result last = cli.run("run", "--rerun-failed", "hostname");
        Cli.Result byId = cli.run("run", "--rerun-failed", id, "hostname");

        assertThat(last.out().lines().toList()).as(last.toString()).containsExactlyInAnyOrder("db01: db01", "web02: web02");
        assertThat(byId.out().lines().toList()).as(byId.toString()).containsExactlyInAnyOrder("db01: db01", "web02: web02");
    }

    @Test
    void historyListsRunsAndShowReplaysOne(@TempDir Path state) {
        Cli cli = cli(state);
        cli.run("run", "-H", "h1", "echo first");
        cli.run("run", "-H", "h2", "echo second");

        Cli.Result history = cli.run("history");
        Cli.Result show = cli.run("show");

        assertThat(history.out().lines().toList()).hasSize(3);
        assertThat(history.out()).contains("run: echo second", "run: echo first");
        assertThat(history.out().indexOf("echo second")).isLessThan(history.out().indexOf("echo first"));
        assertThat(show.out()).isEqualTo("h2: second\n");
        assertThat(show.err()).contains("1 ok");
    }

    @Test
    void historyShowsEachRunsSelectionAsGiven(@TempDir Path state) {
        Cli cli = cli(state);
        cli.run("run", "-g", "web_clusters", "-x", "web03", "-q", "exit 1");
        cli.run("run", "--rerun-failed", "-q", "true");
        cli.run("run", "-w", "h1,h2", "-H", "h3", "-X", "db_servers", "-q", "true");
        cli.run("batch_run", "-h", "h1,h2,h3", "-g", "web_clusters,db_servers", "-cmd", "true");

        List<String> lines = cli.run("history").out().lines().toList();

        assertThat(lines.getFirst()).contains("HOSTS  SELECTION");
        int column = lines.getFirst().indexOf("SELECTION");
        assertThat(lines.stream().skip(1).map(l -> l.substring(column, l.indexOf("  ", column)))).containsExactly(
                "-h h[1-3] -g web_clusters,db_servers", "-H h[1-2] -H h3 -X db_servers", "--rerun-failed",
                "-g web_clusters -x web03");
    }

    @Test
    void twoRunsAtTheSameTimeKeepSeparateCompleteRecords(@TempDir Path state) {
        Cli cli = cli(state);
        CompletableFuture<Cli.Result> a = CompletableFuture.supplyAsync(() -> cli.run("run", "-a", "echo A; sleep 1"));
        CompletableFuture<Cli.Result> b = CompletableFuture.supplyAsync(() -> cli.run("run", "-a", "echo B; sleep 1"));
        assertThat(a.join().exit()).isZero();
        assertThat(b.join().exit()).isZero();

        Cli.Result history = cli.run("history");
        List<String> ids = history.out().lines().skip(1).map(l -> l.split("\\s+")[0]).toList();
        assertThat(ids).hasSize(2).doesNotHaveDuplicates();
        for (String id : ids) {
            Cli.Result shown = cli.run("show", id, "-b");
            assertThat(shown.out()).containsAnyOf("\nA\n", "\nB\n").contains("(9)");
        }
    }

    @Test
    void htmlReportIsWrittenForARecordedRun(@TempDir Path state, @TempDir Path dir) throws IOException {
        Cli cli = cli(state);
        cli.run("run", "-a", MIXED);
        Path html = dir.resolve("report.html");

        Cli.Result r = cli.run("show", "--html", html.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(Files.readString(html)).contains("<svg id=\"timeline\"", "h[1-3],web[02-04]");
    }
    private static Path onlyRecord(Path state) throws IOException {
        try (var dirs = Files.list(state.resolve("fanout/runs"))) {
            return dirs.filter(Files::isDirectory).findFirst().orElseThrow();
        }
    }

    @Test
    void aRecordWhoseOutputWasCutOnDiskIsMarkedInHistoryShowAndTheGatheredView(@TempDir Path state)
            throws IOException {
        Cli cli = cli(state);
        assertThat(cli.run("run", "-a", "-q", "--no-gather", "seq 1 100000").exit()).isZero();
        Cli.Result intact = cli.run("show", "-b");
        assertThat(intact.err()).doesNotContain("record");
        assertThat(cli.run("history").out()).doesNotContain("incomplete");
        Path out = onlyRecord(state).resolve("out");
        for (String host : List.of("web01", "web02")) {
            try (var file = new java.io.RandomAccessFile(out.resolve(host + ".stdout").toFile(), "rw")) {
                file.setLength(100_000);
            }
        }

        Cli.Result history = cli.run("history");
        Cli.Result show = cli.run("show");
        Cli.Result gathered = cli.run("show", "-b");
        Cli.Result diff = cli.run("show", "--diff");

        assertThat(history.out().lines().skip(1)).singleElement().asString().contains("9 ok (output incomplete)");
        String warning = "fanout: record incomplete: output of web[01-02] was not fully written (195.3 KiB of 1.1 MiB)";
        for (Cli.Result r : List.of(show, gathered, diff)) {
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err().lines().filter(l -> l.contains("record"))).as(r.toString()).containsExactly(warning);
        }
        assertThat(gathered.out()).contains("\nh[1-3],web[03-04],db[01-02] (7)\n".replace("h[1-3],web[03-04],db[01-02]",
                "db[01-02],h[1-3],web[03-04]"), "\nweb[01-02] (2) output incomplete\n");
        assertThat(diff.out()).startsWith("---------------\ndb[01-02],h[1-3],web[03-04] (7)\n");
    }

    @Test
    void aRecordWithGarbageForFilesGivesOneLineMessagesNeverAStackTrace(@TempDir Path state) throws IOException {
        Cli cli = cli(state);
        assertThat(cli.run("run", "-H", "h1,h2", "-q", "echo hi").exit()).isZero();
        Path record = onlyRecord(state);
        Files.writeString(record.resolve("run.json"), "{\"job\": [1, {\"x\": ");
        Files.writeString(record.resolve("events.jsonl"), "\u0000garbage\n{\"event\":\"host_finished\","
                + "\"host\":\"h1\",\"status\":\"ok\",\"exit_code\":99999999999999999999,\"total_ms\":-5}\n"
                + "{\"event\":\"host_finished\",\"host\":\"h2\",\"status\":\"ok\",\"files\":-1,\"bytes\":-1,"
                + "\"stdout_bytes\":3,\"stdout_sha256\":\"not hex\"}\n{\"event\":\"host_fin");
        Files.delete(record.resolve("out/h2.stdout"));
        Files.createDirectory(record.resolve("out/h2.stdout"));

        for (String[] args : List.of(new String[]{"history"}, new String[]{"show"}, new String[]{"show", "-b"},
                new String[]{"show", "--diff"}, new String[]{"show", "--json"})) {
            Cli.Result r = cli.run(args);
            assertThat(r.exit()).as(r.toString()).isIn(ExitCodes.OK, ExitCodes.USAGE);
            assertThat(r.err()).as(r.toString()).doesNotContain("Exception", "java.", "internal error", "\tat ");
            r.err().lines().forEach(l -> assertThat(l).as(r.toString()).startsWith("fanout: ").doesNotContain("\n"));
        }
        assertThat(cli.run("show").err()).contains("fanout: cannot read run " + record.getFileName() + ": ");
        Files.delete(record.resolve("out/h2.stdout"));
        Files.delete(record.resolve("events.jsonl"));
        Files.createDirectory(record.resolve("events.jsonl"));
        Cli.Result noEvents = cli.run("show");
        assertThat(noEvents.exit()).as(noEvents.toString()).isZero();
        assertThat(noEvents.err()).contains("fanout: record damaged: cannot read ").doesNotContain("Exception");
        assertThat(cli.run("history").out().lines().skip(1)).singleElement().asString().contains("incomplete");
    }
    @Test
    void aRunRecordedOnAFullDiskWarnsOnceAndItsRecordIsMarkedEverywhereAfter(@TempDir Path dir) throws Exception {
        Path state = dir.resolve("small");
        Files.createDirectory(state);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", state.toString())
                .redirectErrorStream(true).start();
        org.assertj.core.api.Assumptions.assumeThat(mount.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)
                && mount.exitValue() == 0).as("mounting a tmpfs needs root").isTrue();
        try {
            Cli cli = cli(state);
            Cli.Result run = cli.run("run", "-H", "web01,web02,db01", "--no-gather", "seq 1 200000");
            Cli.Result history = cli.run("history");
            Cli.Result show = cli.run("show", "-q");
            Cli.Result gathered = cli.run("show", "-b");

            assertThat(run.exit()).isZero();
            assertThat(run.out().lines().count()).isEqualTo(600_000);
            assertThat(run.err().lines().filter(l -> l.contains("record"))).singleElement().asString()
                    .startsWith("fanout: warning: the run record is incomplete: cannot write ")
                    .contains(".stdout: No space left on device");
            assertThat(history.out().lines().skip(1)).singleElement().asString().contains("3 ok (output incomplete)");
            assertThat(show.err().lines()).singleElement().asString()
                    // which hosts' writes hit the full disk first depends on their timing: at least one did
                    .matches("fanout: record incomplete: output of [a-z0-9,\\[\\]-]+ was not fully written "
                            + "\\(\\d+(\\.\\d)? (KiB|MiB) of \\d\\.\\d MiB\\)");
            assertThat(gathered.out()).doesNotContain(" (3)\n").contains(" output incomplete\n");
        } finally {
            Process umount = new ProcessBuilder("umount", state.toString()).redirectErrorStream(true).start();
            assertThat(umount.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        }
    }
}
