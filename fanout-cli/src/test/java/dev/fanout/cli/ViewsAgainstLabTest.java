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
        Cli.Result r = cli(state).run("run", "-a", MIXED);

        assertThat(r.exit()).isEqualTo(ExitCodes.REMOTE_FAILED);
        String out = r.out();
        assertThat(out).contains("web02: common", "fanout: 3 distinct outputs, gathered");
        String digest = out.substring(out.indexOf("distinct outputs"));
        assertThat(digest.indexOf("h[1-3],web[02-04] (6)")).isPositive()
                .isLessThan(digest.indexOf("db[01-02] (2)"));
        assertThat(digest.indexOf("db[01-02] (2)")).isLessThan(digest.indexOf("web01 (1)"));
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
}
