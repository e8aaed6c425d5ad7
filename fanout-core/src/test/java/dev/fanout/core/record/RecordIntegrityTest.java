package dev.fanout.core.record;

import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.render.GatheredView;
import dev.fanout.core.render.HistoryRenderer;
import dev.fanout.core.render.RecordWarnings;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static dev.fanout.core.record.SyntheticRun.host;
import static dev.fanout.core.record.SyntheticRun.out;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import dev.fanout.core.event.StreamTotal;

/** A record says when its files do not hold what the hosts sent, and never passes a damaged record for whole. */
class RecordIntegrityTest {
    private static final int MIB = 1 << 20;

    @TempDir
    Path state;

    /** web01 and web02 each send {@code bytes} of the same text; db01 sends a line. */
    private static SyntheticRun fleet(int bytes) {
        String big = "0123456789abcdef".repeat(bytes / 16);
        return new SyntheticRun("cat big")
                .host("web01", big, "", new Outcome.Exited(0))
                .host("web02", big, "", new Outcome.Exited(0))
                .host("db01", "small\n", "", new Outcome.Exited(0));
    }

    private String record(SyntheticRun script) throws IOException {
        RecordWriter recorder = new RecordWriter(state, List.of());
        script.play(recorder);
        assertThat(recorder.problem()).isEmpty();
        return recorder.id();
    }

    private StoredRun load(String id) throws Exception {
        return new RecordStore(state).load(id);
    }

    private String historyResult() throws IOException {
        HistoryEntry summary = new RecordStore(state).list().getFirst();
        return new HistoryRenderer(TextStyle.PLAIN, ZoneOffset.UTC).render(List.of(summary)).get(1);
    }

    private static List<String> showWarnings(StoredRun run) throws IOException {
        return RecordWarnings.lines(run, run.verifyOutput());
    }

    private static String gathered(StoredRun run) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GatheredView.of(run).write(out, TextStyle.PLAIN);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String sha256(byte[] bytes) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    }

    @Test
    void eachHostsEndEventCountsAndHashesWhatItSentOnEachStream() throws Exception {
        String id = record(new SyntheticRun("id").host("web01", "hello\n", "", new Outcome.Exited(0)));

        List<String> lines = Files.readAllLines(state.resolve("runs").resolve(id).resolve("events.jsonl"));
        Map<String, Object> finished = JsonValues.parseObject(lines.get(lines.size() - 2)
                .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> runFinished = JsonValues.parseObject(lines.getLast().getBytes(StandardCharsets.UTF_8));

        assertThat(finished).containsEntry("event", "host_finished").containsEntry("stdout_bytes", 6L)
                .containsEntry("stdout_sha256", sha256("hello\n".getBytes(StandardCharsets.UTF_8)))
                .containsEntry("stderr_bytes", 0L).doesNotContainKey("stderr_sha256");
        assertThat(runFinished).containsEntry("output_bytes", 6L);
        StoredHost web01 = load(id).result("web01").orElseThrow();
        assertThat(web01.stdout()).isEqualTo(new StreamTotal(6, sha256("hello\n".getBytes(StandardCharsets.UTF_8))));
        assertThat(web01.stderr()).isEqualTo(StreamTotal.NOTHING);
    }

    @Test
    void anIntactRecordIsNotFlaggedAnywhere() throws Exception {
        StoredRun run = load(record(fleet(64 * 1024)));

        assertThat(run.outputFaults()).isEmpty();
        assertThat(run.verifyOutput()).isEmpty();
        assertThat(showWarnings(run)).isEmpty();
        assertThat(historyResult()).contains("  3 ok  ").doesNotContain("incomplete");
        assertThat(gathered(run)).contains("web[01-02] (2)\n").doesNotContain("incomplete");
        assertThat(run.damage()).isEmpty();
    }

    @Test
    void aRecordWhoseOutputFileWasCutAfterwardsIsFlaggedInHistoryShowAndTheGatheredView() throws Exception {
        String id = record(fleet(MIB));
        Path web01 = state.resolve("runs").resolve(id).resolve("out/web01.stdout");
        try (RandomAccessFile file = new RandomAccessFile(web01.toFile(), "rw")) {
            file.setLength(MIB / 4);
        }
        StoredRun run = load(id);

        assertThat(run.verifyOutput()).containsExactly(new OutputFault("web01", MIB, MIB / 4, false));
        assertThat(run.summary().outputIncomplete()).isTrue();
        assertThat(historyResult()).contains("3 ok (output incomplete)");
        assertThat(showWarnings(run)).containsExactly(
                "record incomplete: output of web01 was not fully written (256.0 KiB of 1.0 MiB)");
        GatheredView view = GatheredView.of(run);
        assertThat(view.groups()).extracting(GatheredView.Group::title)
                .containsExactly("db01 (1)", "web01 (1) output incomplete", "web02 (1)");
        assertThat(view.outputFaults()).isEqualTo(run.verifyOutput());
    }

    @Test
    void hostsWithTheSameCutOutputAreGatheredTogetherButNeverWithWholeOnes() throws Exception {
        String id = record(fleet(MIB).host("web03", "0123456789abcdef".repeat(MIB / 16)
                .getBytes(StandardCharsets.UTF_8), new byte[0], new Outcome.Exited(0), 40, 5L, 20));
        for (String host : List.of("web01", "web02")) {
            try (RandomAccessFile file = new RandomAccessFile(state.resolve("runs").resolve(id)
                    .resolve("out/" + host + ".stdout").toFile(), "rw")) {
                file.setLength(MIB / 2);
            }
        }
        StoredRun run = load(id);

        assertThat(GatheredView.of(run).groups()).extracting(GatheredView.Group::title)
                .containsExactly("web[01-02] (2) output incomplete", "db01 (1)", "web03 (1)");
        assertThat(showWarnings(run)).containsExactly(
                "record incomplete: output of web[01-02] was not fully written (1.0 MiB of 2.0 MiB)");
        ByteArrayOutputStream diff = new ByteArrayOutputStream();
        GatheredView.of(run).writeDiff(diff, TextStyle.PLAIN);
        assertThat(diff.toString(StandardCharsets.UTF_8)).as("the reference is a whole output")
                .startsWith("---------------\ndb01 (1)\n");
    }

    @Test
    void aFileWithOtherBytesOfTheSameSizeIsFlaggedByShowAndAMissingFileByHistoryToo() throws Exception {
        String id = record(fleet(4096));
        Path out = state.resolve("runs").resolve(id).resolve("out");
        try (RandomAccessFile file = new RandomAccessFile(out.resolve("web02.stdout").toFile(), "rw")) {
            file.seek(100);
            file.write('X');
        }
        StoredRun changed = load(id);

        assertThat(showWarnings(changed)).containsExactly(
                "record damaged: output of web02 is not what the host sent (same size, other bytes)");
        assertThat(GatheredView.of(changed).groups()).extracting(GatheredView.Group::title)
                .contains("web02 (1) output incomplete");
        assertThat(historyResult()).doesNotContain("incomplete");   // history compares sizes only

        Files.delete(out.resolve("db01.stdout"));
        StoredRun missing = load(id);
        assertThat(missing.outputFaults()).containsExactly(new OutputFault("db01", 6, 0, false));
        assertThat(historyResult()).contains("3 ok (output incomplete)");
    }

    @Test
    void outputThatArrivedAfterItsHostsEndDoesNotMakeTheRecordIncomplete() throws Exception {
        SyntheticRun script = new SyntheticRun("sleep 9").host("slow", "first\n", "", new Outcome.TimedOut(
                java.time.Duration.ofSeconds(1)));
        RecordWriter recorder = new RecordWriter(state, List.of());
        recorder.runStarted(script.hosts(), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        recorder.output(host("slow"), out("drained late\n"));   // a reader abandoned after the time-out
        recorder.runFinished(script.report());
        StoredRun run = load(recorder.id());

        assertThat(run.verifyOutput()).isEmpty();
        assertThat(historyResult()).doesNotContain("incomplete");
        assertThat(Files.readString(run.outputFile("slow", StdStream.STDOUT))).isEqualTo("first\ndrained late\n");
    }

    @Test
    void aRecordWhoseOutputCouldNotBeWrittenIsFlagged() throws Exception {
        SyntheticRun script = fleet(4096);
        RecordWriter recorder = new RecordWriter(state, List.of());
        Files.createSymbolicLink(recorder.directory().resolve("out/web02.stdout"), Path.of("/dev/full"));
        script.play(recorder);
        assertThat(recorder.problem()).get().asString().contains("web02.stdout", "No space left on device");
        Files.delete(recorder.directory().resolve("out/web02.stdout"));
        StoredRun run = load(recorder.id());

        assertThat(run.verifyOutput()).containsExactly(new OutputFault("web02", 4096, 0, false));
        assertThat(historyResult()).contains("3 ok (output incomplete)");
    }

    @Test
    void aRecordOnAFileSystemThatFillsUpIsFlagged() throws Exception {
        Path small = state.resolve("small");
        Files.createDirectory(small);
        Process mount = new ProcessBuilder("mount", "-t", "tmpfs", "-o", "size=1m", "tmpfs", small.toString())
                .redirectErrorStream(true).start();
        assumeThat(mount.waitFor(30, TimeUnit.SECONDS) && mount.exitValue() == 0)
                .as("mounting a tmpfs needs root").isTrue();
        try {
            SyntheticRun script = fleet(3 * MIB / 2);
            RecordWriter recorder = new RecordWriter(small, List.of("run", "-a", "cat big"));
            script.play(recorder);
            assertThat(recorder.problem()).get().asString().contains("No space left on device");
            RecordStore records = new RecordStore(small);
            StoredRun run = records.load(recorder.id());

            assertThat(run.complete()).isTrue();
            // once the disk is full, db01's line cannot be written either
            assertThat(run.verifyOutput()).extracting(OutputFault::host).containsExactly("web01", "web02", "db01");
            assertThat(RecordWarnings.lines(run, run.verifyOutput())).singleElement().asString()
                    .startsWith("record incomplete: output of db01,web[01-02] was not fully written (")
                    .endsWith(" of 3.0 MiB)");
            assertThat(new HistoryRenderer(TextStyle.PLAIN, ZoneOffset.UTC).render(records.list()).get(1))
                    .contains("3 ok (output incomplete)");
            assertThat(GatheredView.of(run).groups()).extracting(GatheredView.Group::title)
                    .allMatch(t -> t.endsWith(" output incomplete"));
        } finally {
            Process umount = new ProcessBuilder("umount", small.toString()).redirectErrorStream(true).start();
            assertThat(umount.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
    }

    @Test
    void anEventsFileCutShortAfterTheRunIsAnIncompleteRecordThatSaysSo() throws Exception {
        String id = record(fleet(100));
        Path events = state.resolve("runs").resolve(id).resolve("events.jsonl");
        byte[] all = Files.readAllBytes(events);
        Files.write(events, java.util.Arrays.copyOf(all, all.length * 2 / 3));
        StoredRun run = load(id);

        assertThat(run.state()).isEqualTo(RecordState.INCOMPLETE);
        assertThat(run.damage())
                .containsExactly("events.jsonl ends before the run's end: it was not fully written or was cut short");
        assertThat(historyResult()).contains("incomplete: ");
        assertThat(showWarnings(run)).containsExactly("record damaged: "
                + "events.jsonl ends before the run's end: it was not fully written or was cut short");
    }

    @Test
    void aGarbledLineInsideTheEventsFileIsSkippedAndSaid() throws Exception {
        String id = record(fleet(100));
        Path events = state.resolve("runs").resolve(id).resolve("events.jsonl");
        List<String> lines = new java.util.ArrayList<>(Files.readAllLines(events));
        lines.set(2, "{\"event\":\"host_sta\u0000\u00ff garbage");
        Files.write(events, lines);
        StoredRun run = load(id);

        assertThat(run.complete()).isTrue();
        assertThat(run.damage()).containsExactly("1 line of events.jsonl could not be read");
        assertThat(run.results()).hasSize(3);
    }

    @Test
    void aTornLastLineIsNotCountedAsDamageTheRecordIsIncomplete() throws Exception {
        SyntheticRun script = fleet(100);
        RecordWriter recorder = new RecordWriter(state, List.of());
        recorder.runStarted(script.hosts(), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        Files.writeString(recorder.directory().resolve("events.jsonl"), "{\"event\":\"host_fini",
                StandardOpenOption.APPEND);
        StoredRun run = load(recorder.id());

        assertThat(run.complete()).isFalse();
        assertThat(run.damage()).isEmpty();
        assertThat(run.result("web01").orElseThrow().finished()).isTrue();
    }

    @Test
    void aRecordWithGarbageForFilesIsListedAndLoadedWithoutAnException() throws Exception {
        String good = record(fleet(100));
        Path dir = state.resolve("runs").resolve(good);
        Files.writeString(dir.resolve("run.json"), "\u0000\u0001 not json {");
        Files.delete(dir.resolve("events.jsonl"));
        Files.createDirectory(dir.resolve("events.jsonl"));
        Files.writeString(dir.resolve("size"), "many");

        List<HistoryEntry> list = new RecordStore(state).list();
        StoredRun run = load(good);

        assertThat(list).singleElement().extracting(HistoryEntry::state).isEqualTo(RecordState.INCOMPLETE);
        assertThat(run.damage()).singleElement().asString().startsWith("cannot read ")
                .contains("events.jsonl").doesNotContain("Exception");
        assertThat(run.hosts()).isEmpty();
    }

    @Test
    void aFileNameInTheRecordThatLeadsOutOfItIsNotFollowed() throws Exception {
        String id = record(new SyntheticRun("id").host("a/b", "mine\n", "", new Outcome.Exited(0)));
        Path events = state.resolve("runs").resolve(id).resolve("events.jsonl");
        Files.writeString(events, Files.readString(events).replace("\"file\":\"a_b\"", "\"file\":\"../../../x\""));
        StoredRun run = load(id);

        assertThat(run.outputFile("a/b", StdStream.STDOUT)).isEqualTo(
                state.resolve("runs").resolve(id).resolve("out/a_b.stdout"));
    }
}
