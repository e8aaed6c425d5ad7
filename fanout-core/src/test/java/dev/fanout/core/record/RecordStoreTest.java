package dev.fanout.core.record;

import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RecordStoreTest {
    @TempDir
    Path state;

    private String record(Instant when, SyntheticRun script, List<String> argv) throws Exception {
        RecordWriter recorder = new RecordWriter(state, argv, Retention.DEFAULT, Clock.fixed(when, ZoneOffset.UTC));
        script.play(recorder);
        return recorder.id();
    }

    private static SyntheticRun mixed() {
        return new SyntheticRun("df -h")
                .host("web01", "ok\n", "", new Outcome.Exited(0))
                .host("web02", "", "disk full\n", new Outcome.Exited(2))
                .host("db01", "", "", new Outcome.Unreachable("connection refused"))
                .host("db02", "half\n", "", new Outcome.TimedOut(Duration.ofSeconds(5)));
    }

    @Test
    void historyListsRunsNewestFirstWithTheirCounts() throws Exception {
        Instant now = Instant.now();
        String older = record(now.minusSeconds(60), new SyntheticRun("true")
                .host("a", "", "", new Outcome.Exited(0)), List.of("run", "-a", "true"));
        String newer = record(now, mixed(), List.of("run", "-g", "web", "df -h"));

        List<HistoryEntry> list = new RecordStore(state).list();

        assertThat(list).extracting(HistoryEntry::id).containsExactly(newer, older);
        HistoryEntry first = list.getFirst();
        assertThat(first.job()).isEqualTo("run: df -h");
        assertThat(first.argv()).containsExactly("run", "-g", "web", "df -h");
        assertThat(first.hostCount()).isEqualTo(4);
        assertThat(first.state()).isEqualTo(RecordState.COMPLETE);
        assertThat(first.counts()).containsExactly(Map.entry(Outcome.Status.OK, 1),
                Map.entry(Outcome.Status.FAILED, 1), Map.entry(Outcome.Status.UNREACHABLE, 1),
                Map.entry(Outcome.Status.TIMED_OUT, 1), Map.entry(Outcome.Status.CANCELLED, 0),
                Map.entry(Outcome.Status.SKIPPED, 0));
        assertThat(first.elapsed()).isEqualTo(Duration.ofMillis(50));
        assertThat(first.started()).isEqualTo(now.truncatedTo(java.time.temporal.ChronoUnit.MILLIS));
    }

    @Test
    void skippedHostsAreRecordedReadBackAndCountAmongTheHostsToRunAgain() throws Exception {
        Instant t0 = SyntheticRun.T0;
        RecordWriter recorder = new RecordWriter(state, List.of("run", "-a", "true"), Retention.DEFAULT,
                Clock.fixed(t0, ZoneOffset.UTC));
        Host web01 = SyntheticRun.host("web01");
        Host web02 = SyntheticRun.host("web02");
        Host web03 = SyntheticRun.host("web03");
        recorder.runStarted(List.of(web01, web02, web03), SyntheticRun.job("true"));
        HostResult failed = new HostResult(web01, new Outcome.Exited(1), t0, Duration.ofMillis(5),
                Duration.ofMillis(20), 3);
        HostResult ok = new HostResult(web02, new Outcome.Exited(0), t0, Duration.ofMillis(5), Duration.ofMillis(20));
        for (HostResult r : List.of(failed, ok)) {
            recorder.hostStarted(r.host());
            recorder.hostFinished(r);
        }
        recorder.runFinished(new RunReport(List.of(failed, ok, HostResult.skipped(web03, t0, "a host failed")), t0,
                Duration.ofMillis(30), false, true));

        StoredRun run = new RecordStore(state).load(recorder.id());

        assertThat(run.result("web03")).get().extracting(StoredHost::outcome)
                .isEqualTo(new Outcome.Skipped("a host failed"));
        assertThat(run.counts()).containsEntry(Outcome.Status.SKIPPED, 1).containsEntry(Outcome.Status.FAILED, 1);
        assertThat(run.summary().count(Outcome.Status.SKIPPED)).isEqualTo(1);
        assertThat(run.failedHosts()).containsExactly("web01", "web03");
        assertThat(run.toReport().stopped()).isTrue();
        assertThat(new SummaryRenderer(TextStyle.PLAIN).render(run.toReport()))
                .contains("  skipped      web03: a host failed");
        String events = Files.readString(run.directory().resolve(RecordWriter.EVENTS));
        assertThat(events).contains("\"status\":\"skipped\"", "\"attempts\":3", "\"stopped\":true");
    }

    @Test
    void theSelectionAsGivenIsKeptInRunJsonAndReadBackByHistoryAndShow() throws Exception {
        RecordWriter recorder = new RecordWriter(state, List.of("run", "-g", "web", "-x", "web02", "df -h"),
                List.of("-g", "web", "-x", "web02"));
        mixed().play(recorder);
        String older = record(Instant.now().minusSeconds(60), mixed(), List.of("run", "-a", "df -h"));

        assertThat(Files.readString(state.resolve("runs").resolve(recorder.id()).resolve("run.json"))
                .replaceAll("\\s", "")).contains("\"selection\":[\"-g\",\"web\",\"-x\",\"web02\"]");
        List<HistoryEntry> list = new RecordStore(state).list();
        assertThat(list).extracting(HistoryEntry::id).containsExactly(recorder.id(), older);
        assertThat(list.getFirst().selection()).containsExactly("-g", "web", "-x", "web02");
        assertThat(list.get(1).selection()).as("a record without one, as earlier versions wrote them").isEmpty();
        assertThat(new RecordStore(state).load(recorder.id()).selection()).containsExactly("-g", "web", "-x", "web02");
        assertThat(new RecordStore(state).load(older).summary().selection()).isEmpty();
    }

    @Test
    void historyGivesEachRecordsSizeWhetherItsRecorderClosedItOrNot() throws Exception {
        String closed = record(Instant.now(), mixed(), List.of());
        Path dir = state.resolve("runs").resolve(closed);
        long files = SyntheticRun.bytesOfFiles(dir);

        assertThat(new RecordStore(state).list().getFirst().bytes()).isEqualTo(files).isGreaterThan(0);
        Files.delete(dir.resolve("size"));   // as when its process was killed: the files are added up
        assertThat(new RecordStore(state).list().getFirst().bytes()).isEqualTo(files);
    }

    @Test
    void aListingOfTheNewestRecordsReadsOnlyThose() throws Exception {
        Instant now = Instant.now();
        String oldest = record(now.minusSeconds(120), mixed(), List.of());
        String middle = record(now.minusSeconds(60), mixed(), List.of());
        String newest = record(now, mixed(), List.of());
        Files.writeString(state.resolve("runs").resolve(oldest).resolve("events.jsonl"), "not read");

        assertThat(new RecordStore(state).list(2)).extracting(HistoryEntry::id).containsExactly(newest, middle);
        assertThat(new RecordStore(state).list(0)).isEmpty();
    }

    @Test
    void noStateDirectoryMeansNoRuns() throws Exception {
        RecordStore records = new RecordStore(state.resolve("nothing-here"));

        assertThat(records.list()).isEmpty();
        assertThatThrownBy(records::latest).isInstanceOf(RecordNotFoundException.class)
                .hasMessageStartingWith("no recorded runs in ");
    }

    @Test
    void aRunIsFoundByAUniquePrefixOfItsId() throws Exception {
        Instant t = Instant.parse("2026-11-23T18:30:00.123Z");
        String a = record(t, mixed(), List.of());
        String b = record(t.plusSeconds(3600), mixed(), List.of());
        RecordStore records = new RecordStore(state);

        assertThat(records.load(a).id()).isEqualTo(a);
        assertThat(records.load("20261123T18").id()).isEqualTo(a);
        assertThat(records.load("20261123T19").id()).isEqualTo(b);
        assertThat(records.latest().id()).isEqualTo(b);
        assertThatThrownBy(() -> records.load("2026")).isInstanceOf(RecordNotFoundException.class)
                .hasMessage("run id '2026' is ambiguous: 2 runs match (" + b + ", " + a + ")");
        assertThatThrownBy(() -> records.load("1999")).isInstanceOf(RecordNotFoundException.class)
                .hasMessage("no recorded run '1999' in " + state.resolve("runs"));
    }

    @Test
    void anUnreachableHostIsLoadedBackWithItsKindAndItsDetailApart() throws Exception {
        Outcome refused = new Outcome.Unreachable(TransportException.Kind.CONNECTION_REFUSED, "connection refused",
                "127.0.0.1:2201");
        String id = record(Instant.now(), new SyntheticRun("true").host("r1", "", "", refused), List.of());

        StoredHost r1 = new RecordStore(state).load(id).result("r1").orElseThrow();

        assertThat(r1.outcome()).isEqualTo(refused);
        assertThat(r1.describe()).isEqualTo("unreachable: connection refused (127.0.0.1:2201)");
        assertThat(r1.ending()).isEqualTo("unreachable: connection refused");
    }

    @Test
    void aLoadedRunHasEveryHostsResultTimingsAndOutput() throws Exception {
        String id = record(Instant.now(), mixed(), List.of());

        StoredRun run = new RecordStore(state).load(id);

        assertThat(run.hosts()).containsExactly("web01", "web02", "db01", "db02");
        assertThat(run.results()).extracting(StoredHost::outcome).containsExactly(new Outcome.Exited(0),
                new Outcome.Exited(2), new Outcome.Unreachable("connection refused"),
                new Outcome.TimedOut(Duration.ofSeconds(5)));
        StoredHost db01 = run.result("db01").orElseThrow();
        assertThat(db01.connect()).isNull();
        assertThat(db01.started()).isEqualTo(SyntheticRun.T0.plusMillis(20));
        assertThat(db01.describe()).isEqualTo("unreachable: connection refused");
        assertThat(run.result("web02").orElseThrow().connect()).isEqualTo(Duration.ofMillis(5));
        try (InputStream in = run.openOutput("web02", StdStream.STDERR)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("disk full\n");
        }
        try (InputStream in = run.openOutput("db01", StdStream.STDOUT)) {
            assertThat(in.readAllBytes()).isEmpty();
        }
        assertThat(run.outputSize("db02", StdStream.STDOUT)).isEqualTo(5);
        assertThat(run.failedHosts()).containsExactly("web02", "db01", "db02");
        assertThat(RecordStore.failedHosts(run)).isEqualTo(run.failedHosts());
    }

    @Test
    void aRecordReadsBackAsAReportTheSummaryCanShow() throws Exception {
        String id = record(Instant.now(), mixed(), List.of());

        List<String> summary = new SummaryRenderer(TextStyle.PLAIN)
                .render(new RecordStore(state).load(id).toReport());

        assertThat(summary).containsExactly(
                "fanout: 4 hosts in 50 ms: 1 ok, 1 failed, 1 unreachable, 1 timed out",
                "  ok           web01",
                "  failed       web02: exit code 2",
                "  unreachable  db01: connection refused",
                "  timed out    db02: still running after 5 s, stopped");
    }

    @Test
    void hostsTheRunNeverStartedAreRecordedAsCancelled() throws Exception {
        SyntheticRun script = new SyntheticRun("sleep 9").host("s1", "", "", new Outcome.Cancelled());
        RecordWriter recorder = new RecordWriter(state, List.of());
        recorder.runStarted(List.of(SyntheticRun.host("s1"), SyntheticRun.host("s2")), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        recorder.runFinished(new dev.fanout.core.result.RunReport(List.of(script.entries().getFirst().result(),
                dev.fanout.core.result.HostResult.notStarted(SyntheticRun.host("s2"), SyntheticRun.T0)),
                SyntheticRun.T0, Duration.ofMillis(30), true));

        StoredRun run = new RecordStore(state).load(recorder.id());

        assertThat(run.complete()).isTrue();
        assertThat(run.interrupted()).isTrue();
        assertThat(run.counts()).containsEntry(Outcome.Status.CANCELLED, 2);
        assertThat(run.failedHosts()).containsExactly("s1", "s2");
        assertThat(new RecordStore(state).list().getFirst().interrupted()).isTrue();
    }

    @Test
    void aTornLastLineLeftByAKilledWriterIsIgnored() throws Exception {
        SyntheticRun script = mixed();
        RecordWriter recorder = new RecordWriter(state, List.of());
        recorder.runStarted(script.hosts(), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        Files.writeString(recorder.directory().resolve("events.jsonl"), "{\"event\":\"host_fini",
                StandardOpenOption.APPEND);

        StoredRun run = new RecordStore(state).load(recorder.id());

        assertThat(run.result("web01").orElseThrow().status()).isEqualTo(Outcome.Status.OK);
        assertThat(run.complete()).isFalse();
        assertThat(new RecordStore(state).list()).hasSize(1);
    }

    @Test
    void theStateDirectoryFollowsXdgStateHome() {
        Path home = Path.of("/home/ann");

        assertThat(RecordStore.defaultStateDirectory(Map.of("XDG_STATE_HOME", "/var/state"), home))
                .isEqualTo(Path.of("/var/state/fanout"));
        assertThat(RecordStore.defaultStateDirectory(Map.of("XDG_STATE_HOME", "relative/state"), home))
                .isEqualTo(Path.of("/home/ann/.local/state/fanout"));
        assertThat(RecordStore.defaultStateDirectory(Map.of(), home)).isEqualTo(Path.of("/home/ann/.local/state/fanout"));
    }
}
