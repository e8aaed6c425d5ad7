package dev.fanout.core.record;

import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static dev.fanout.core.record.SyntheticRun.err;
import static dev.fanout.core.record.SyntheticRun.host;
import static dev.fanout.core.record.SyntheticRun.out;
import static org.assertj.core.api.Assertions.assertThat;

class RecordWriterTest {
    @TempDir
    Path state;

    private static String read(StoredRun run, String host, StdStream stream) throws IOException {
        try (InputStream in = run.openOutput(host, stream)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> eventNames(Path dir) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line : Files.readAllLines(dir.resolve("events.jsonl"))) {
            names.add(String.valueOf(JsonValues.parseObject(line.getBytes(StandardCharsets.UTF_8)).get("event")));
        }
        return names;
    }

    @Test
    void everythingIsOnDiskAsSoonAsItsEventHasHappened() throws Exception {
        SyntheticRun script = new SyntheticRun("uptime");
        Host web01 = host("web01");
        RecordWriter recorder = new RecordWriter(state, List.of("run", "-H", "web01", "uptime"));
        recorder.runStarted(List.of(web01), script.job());
        recorder.hostStarted(web01);
        recorder.hostConnected(web01, Duration.ofMillis(12));
        recorder.output(web01, out("one\n"));
        recorder.output(web01, err("careful\n"));

        Path dir = recorder.directory();
        assertThat(dir.getParent()).isEqualTo(state.resolve("runs"));
        assertThat(dir.getFileName().toString()).isEqualTo(recorder.id())
                .matches("\\d{8}T\\d{6}\\.\\d{3}Z-" + ProcessHandle.current().pid() + "-[0-9a-z]{6}");
        assertThat(eventNames(dir)).containsExactly("run_started", "host_started", "host_connected");
        assertThat(dir.resolve("out/web01.stdout")).hasContent("one");
        assertThat(dir.resolve("out/web01.stderr")).hasContent("careful");
        String runJson = Files.readString(dir.resolve("run.json"));
        assertThat(runJson).contains("\"job\" : \"run: uptime\"", "\"web01\"", "\"-H\"");

        recorder.output(web01, out("two\n"));
        assertThat(dir.resolve("out/web01.stdout")).hasContent("one\ntwo");
        recorder.hostFinished(new dev.fanout.core.result.HostResult(web01, new Outcome.Exited(3),
                SyntheticRun.T0, Duration.ofMillis(12), Duration.ofMillis(40)));
        assertThat(eventNames(dir)).endsWith("host_finished");
        recorder.runFinished(new dev.fanout.core.result.RunReport(List.of(new dev.fanout.core.result.HostResult(
                web01, new Outcome.Exited(3), SyntheticRun.T0, Duration.ofMillis(12), Duration.ofMillis(40))),
                SyntheticRun.T0, Duration.ofMillis(41), false));

        StoredRun run = new RecordStore(state).load(recorder.id());
        assertThat(run.complete()).isTrue();
        assertThat(run.job()).isEqualTo("run: uptime");
        assertThat(run.argv()).containsExactly("run", "-H", "web01", "uptime");
        StoredHost r = run.result("web01").orElseThrow();
        assertThat(r.outcome()).isEqualTo(new Outcome.Exited(3));
        assertThat(r.connect()).isEqualTo(Duration.ofMillis(12));
        assertThat(r.total()).isEqualTo(Duration.ofMillis(40));
        assertThat(r.started()).isEqualTo(SyntheticRun.T0);
        assertThat(run.elapsed()).contains(Duration.ofMillis(41));
        assertThat(recorder.problem()).isEmpty();
    }

    @Test
    void aRunThatStopsMidWayKeepsItsPartialOutputAndIsNotComplete() throws Exception {
        SyntheticRun script = new SyntheticRun("make")
                .host("b1", "built\n", "", new Outcome.Exited(0))
                .host("b2", "", "", new Outcome.Exited(0))
                .host("b3", "", "", new Outcome.Exited(0));
        RecordWriter recorder = new RecordWriter(state, List.of("run", "make"));
        recorder.runStarted(script.hosts(), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        Host b2 = host("b2");
        recorder.hostStarted(b2);
        recorder.hostConnected(b2, Duration.ofMillis(3));
        recorder.output(b2, out("compiling 1/2\n"));
        recorder.output(b2, out("compiling 2/2 (no newline"));

        StoredRun running = new RecordStore(state).load(recorder.id());
        assertThat(running.complete()).isFalse();
        assertThat(running.state()).isEqualTo(RecordState.RUNNING);
        assertThat(read(running, "b2", StdStream.STDOUT)).isEqualTo("compiling 1/2\ncompiling 2/2 (no newline");
        assertThat(running.result("b2").orElseThrow().finished()).isFalse();
        assertThat(running.result("b1").orElseThrow().status()).isEqualTo(Outcome.Status.OK);
        assertThat(running.result("b3")).isEmpty();
        assertThat(running.failedHosts()).containsExactly("b2", "b3");
        assertThat(running.unfinished()).isEqualTo(1);

        recorder.close();
        StoredRun closed = new RecordStore(state).load(recorder.id());
        assertThat(closed.state()).isEqualTo(RecordState.INCOMPLETE);
        assertThat(read(closed, "b2", StdStream.STDOUT)).isEqualTo("compiling 1/2\ncompiling 2/2 (no newline");
        assertThat(closed.toReport().interrupted()).isTrue();
        assertThat(closed.toReport().count(Outcome.Status.CANCELLED)).isEqualTo(2);
        recorder.output(b2, out("after the end\n"));
        assertThat(read(closed, "b2", StdStream.STDOUT)).doesNotContain("after the end");
    }

    @Test
    void aRunKilledWithSigkillLeavesARecordOfWhatHadArrived() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                RecordingChild.class.getName(), state.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String id;
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(child.getInputStream(),
                    StandardCharsets.UTF_8));
            String ready = CompletableFuture.supplyAsync(() -> {
                try {
                    return lines.readLine();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }).get(60, TimeUnit.SECONDS);
            assertThat(ready).startsWith("READY ");
            id = ready.substring("READY ".length());
            StoredRun alive = new RecordStore(state).load(id);
            assertThat(alive.state()).isEqualTo(RecordState.RUNNING);
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(child.exitValue()).isEqualTo(137);

        StoredRun run = new RecordStore(state).load(id);
        assertThat(run.state()).isEqualTo(RecordState.INCOMPLETE);
        assertThat(run.job()).isEqualTo("run: uptime");
        assertThat(run.hosts()).containsExactly("web01", "web02", "web03");
        assertThat(run.result("web01").orElseThrow().status()).isEqualTo(Outcome.Status.OK);
        assertThat(read(run, "web01", StdStream.STDOUT)).isEqualTo("up 3 days\n");
        StoredHost web02 = run.result("web02").orElseThrow();
        assertThat(web02.finished()).isFalse();
        assertThat(web02.connect()).isEqualTo(Duration.ofMillis(7));
        assertThat(read(run, "web02", StdStream.STDOUT)).isEqualTo("first line\nsecond line\nno newline yet");
        assertThat(read(run, "web02", StdStream.STDERR)).isEqualTo("a warning\n");
        assertThat(run.failedHosts()).containsExactly("web02", "web03");
        assertThat(run.verifyOutput()).as("web01 finished whole; web02 has no end to check against").isEmpty();
        assertThat(run.damage()).isEmpty();
        HistoryEntry listed = new RecordStore(state).list().getFirst();
        assertThat(listed.state()).isEqualTo(RecordState.INCOMPLETE);
        assertThat(listed.count(Outcome.Status.OK)).isEqualTo(1);
        assertThat(listed.unfinished()).isEqualTo(1);
        assertThat(listed.outputIncomplete()).isFalse();
    }

    @Test
    void twoRunsRecordingAtOnceNeverMixTheirRecords() throws Exception {
        int hosts = 40;
        List<Thread> threads = new ArrayList<>();
        List<RecordWriter> recorders = new ArrayList<>();
        for (String tag : List.of("left", "right")) {
            RecordWriter recorder = new RecordWriter(state, List.of("run", tag));
            recorders.add(recorder);
            SyntheticRun script = new SyntheticRun("echo " + tag);
            for (int h = 0; h < hosts; h++) {
                script.host("n" + h, "", "", new Outcome.Exited(h % 3 == 0 ? 1 : 0));
            }
            recorder.runStarted(script.hosts(), script.job());
            for (SyntheticRun.Entry e : script.entries()) {
                threads.add(Thread.ofVirtual().unstarted(() -> {
                    recorder.hostStarted(e.host());
                    recorder.hostConnected(e.host(), Duration.ofMillis(1));
                    for (int i = 0; i < 50; i++) {
                        recorder.output(e.host(), out(tag + " " + e.host().name() + " line " + i + "\n"));
                        recorder.output(e.host(), err(tag + " err " + i + "\n"));
                    }
                    recorder.hostFinished(e.result());
                }));
            }
        }
        threads.forEach(Thread::start);
        for (Thread t : threads) {
            t.join();
        }
        recorders.get(0).runFinished(new SyntheticRun("x").report());
        recorders.get(1).runFinished(new SyntheticRun("x").report());

        RecordStore records = new RecordStore(state);
        assertThat(records.list()).hasSize(2);
        for (int i = 0; i < 2; i++) {
            String tag = i == 0 ? "left" : "right";
            StoredRun run = records.load(recorders.get(i).id());
            assertThat(run.job()).isEqualTo("run: echo " + tag);
            assertThat(run.complete()).isTrue();
            assertThat(run.results()).hasSize(hosts);
            assertThat(run.failedHosts()).hasSize(14);
            for (int h = 0; h < hosts; h++) {
                StringBuilder expected = new StringBuilder();
                for (int l = 0; l < 50; l++) {
                    expected.append(tag).append(" n").append(h).append(" line ").append(l).append('\n');
                }
                assertThat(read(run, "n" + h, StdStream.STDOUT)).isEqualTo(expected.toString());
                assertThat(read(run, "n" + h, StdStream.STDERR).lines()).hasSize(50).allMatch(l -> l.startsWith(tag));
            }
            assertThat(Files.readAllLines(run.directory().resolve("events.jsonl"))).hasSize(1 + 3 * hosts + 1);
        }
    }

    @Test
    void runsStartedInTheSameMillisecondGetDifferentIdsAndARunThatNeverStartedLeavesNoRecord() throws Exception {
        Clock frozen = Clock.fixed(Instant.now(), ZoneOffset.UTC);
        List<RecordWriter> recorders = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 30; i++) {
            RecordWriter recorder = new RecordWriter(state, List.of(), Retention.DEFAULT, frozen);
            recorders.add(recorder);
            ids.add(recorder.id());
        }
        assertThat(ids).hasSize(30);
        assertThat(new RecordStore(state).list()).hasSize(30);

        recorders.forEach(RecordWriter::close);

        assertThat(new RecordStore(state).list()).isEmpty();
    }

    @Test
    void pruningKeepsTheNewestRecordsAndNoneOlderThanTheLimit() throws Exception {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<String> finished = new ArrayList<>();
        for (int daysAgo : new int[]{40, 20, 10, 5, 4, 3}) {
            RecordWriter old = new RecordWriter(state, List.of(), new Retention(1000, Duration.ofDays(365), 1L << 40),
                    Clock.fixed(now.minus(Duration.ofDays(daysAgo)), ZoneOffset.UTC));
            new SyntheticRun("true").host("h", "", "", new Outcome.Exited(0)).play(old);
            finished.add(old.id());
        }
        RecordWriter stillRunning = new RecordWriter(state, List.of(),
                new Retention(1000, Duration.ofDays(365), 1L << 40),
                Clock.fixed(now.minus(Duration.ofDays(50)), ZoneOffset.UTC));
        Files.createDirectories(state.resolve("runs/not-a-record"));

        RecordWriter current = new RecordWriter(state, List.of(), new Retention(4, Duration.ofDays(30), 1L << 40),
                Clock.fixed(now, ZoneOffset.UTC));
        current.startPruning();
        current.awaitPruning();

        List<String> left;
        try (Stream<Path> dirs = Files.list(state.resolve("runs"))) {
            left = dirs.map(p -> p.getFileName().toString()).sorted().toList();
        }
        // newest first: current, 3, 4, 5 days ago are the 4 kept; 10 and 20 days are beyond 4; 40 is too old
        assertThat(left).containsExactlyInAnyOrder(current.id(), finished.get(5), finished.get(4), finished.get(3),
                stillRunning.id(), "not-a-record");
        assertThat(current.problem()).isEmpty();
        stillRunning.close();
        current.close();
    }

    /** Finished records a minute apart, oldest first, the last a minute ago: one per entry of {@code kib}, its KiB. */
    private List<RecordWriter> finishedRecords(Instant now, int... kib) throws IOException {
        List<RecordWriter> records = new ArrayList<>();
        for (int i = 0; i < kib.length; i++) {
            RecordWriter old = new RecordWriter(state, List.of(), new Retention(1000, Duration.ofDays(365), 1L << 40),
                    Clock.fixed(now.minus(Duration.ofMinutes(kib.length - i)), ZoneOffset.UTC));
            new SyntheticRun("cat").host("h", "x".repeat(kib[i] * 1024), "e\n", new Outcome.Exited(0)).play(old);
            records.add(old);
        }
        return records;
    }

    private static long recordedSize(RecordWriter recorder) throws IOException {
        return Long.parseLong(Files.readString(recorder.directory().resolve("size")).strip());
    }

    private List<String> recordsLeft() throws IOException {
        try (Stream<Path> dirs = Files.list(state.resolve("runs"))) {
            return dirs.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aClosedRecordKnowsItsSizeAndItsOutputInBytes() throws Exception {
        RecordWriter recorder = finishedRecords(Instant.parse("2026-11-23T12:00:00Z"), 3).getFirst();

        assertThat(recordedSize(recorder)).isEqualTo(SyntheticRun.bytesOfFiles(recorder.directory()))
                .isGreaterThan(3 * 1024);
        assertThat(recorder.outputBytes()).isEqualTo(3 * 1024 + "e\n".length());
    }

    @Test
    void pruningKeepsOnlyTheNewestRecordsThatFitTogetherInTheSizeLimit() throws Exception {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<RecordWriter> old = finishedRecords(now, 1, 1, 50, 2, 3);   // oldest first
        long newestTwo = recordedSize(old.get(4)) + recordedSize(old.get(3));

        RecordWriter current = new RecordWriter(state, List.of(), new Retention(100, Duration.ofDays(30), newestTwo),
                Clock.fixed(now, ZoneOffset.UTC));
        current.startPruning();
        current.awaitPruning();

        // the 50 KiB record does not fit beside the two newer ones; the two small ones behind it go as well
        assertThat(recordsLeft()).containsExactlyInAnyOrder(current.id(), old.get(4).id(), old.get(3).id());
        assertThat(current.problem()).isEmpty();
        current.close();
    }

    @Test
    void aRecordWithoutItsSizeFileIsMeasuredAndARecordStillBeingWrittenIsKept() throws Exception {
        Instant now = Instant.parse("2026-11-23T12:00:00Z");
        List<RecordWriter> old = finishedRecords(now, 1, 40);
        Files.delete(old.get(1).directory().resolve("size"));      // as when its process was killed
        RecordWriter stillRunning = new RecordWriter(state, List.of(), Retention.DEFAULT,
                Clock.fixed(now.minusSeconds(30), ZoneOffset.UTC));
        new SyntheticRun("cat").host("h", "y".repeat(1024), "", new Outcome.Exited(0)).play(stillRunning);
        Files.delete(stillRunning.directory().resolve("size"));
        Files.writeString(stillRunning.directory().resolve("events.jsonl"), "");   // looks unfinished, and is alive

        RecordWriter current = new RecordWriter(state, List.of(), new Retention(100, Duration.ofDays(30), 30 * 1024),
                Clock.fixed(now, ZoneOffset.UTC));
        current.startPruning();
        current.awaitPruning();

        // the running record is kept; the 40 KiB one, measured file by file, does not fit, nor does the one behind it
        assertThat(recordsLeft()).containsExactlyInAnyOrder(current.id(), stillRunning.id());

        Files.delete(stillRunning.directory().resolve("events.jsonl"));   // now it looks killed: measured, and kept
        RecordWriter next = new RecordWriter(state, List.of(), new Retention(100, Duration.ofDays(30), 30 * 1024),
                Clock.fixed(now.plusSeconds(1), ZoneOffset.UTC));
        next.startPruning();
        next.awaitPruning();
        assertThat(recordsLeft()).containsExactlyInAnyOrder(next.id(), current.id(), stillRunning.id());
        next.close();
        current.close();
    }

    @Test
    void hostsWhoseSafeNamesClashGetFilesOfTheirOwn() throws Exception {
        SyntheticRun script = new SyntheticRun("id")
                .host("a/b", "slash\n", "", new Outcome.Exited(0))
                .host("a_b", "underscore\n", "", new Outcome.Exited(0))
                .host("A_B", "upper\n", "", new Outcome.Exited(0))
                .host("..", "dots\n", "", new Outcome.Exited(0));
        RecordWriter recorder = new RecordWriter(state, List.of());
        script.play(recorder);

        StoredRun run = new RecordStore(state).load(recorder.id());
        assertThat(read(run, "a/b", StdStream.STDOUT)).isEqualTo("slash\n");
        assertThat(read(run, "a_b", StdStream.STDOUT)).isEqualTo("underscore\n");
        assertThat(read(run, "A_B", StdStream.STDOUT)).isEqualTo("upper\n");
        assertThat(read(run, "..", StdStream.STDOUT)).isEqualTo("dots\n");
        try (Stream<Path> files = Files.list(recorder.directory().resolve("out"))) {
            assertThat(files.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("a_b.stdout", "a_b~2.stdout", "A_B~3.stdout", "_...stdout");
        }
    }

    @Test
    void aHostFinishingOnAnInterruptedThreadIsStillRecorded() throws Exception {
        SyntheticRun script = new SyntheticRun("sleep 100").host("slow", "", "", new Outcome.Cancelled());
        RecordWriter recorder = new RecordWriter(state, List.of());
        recorder.runStarted(script.hosts(), script.job());
        Thread.currentThread().interrupt();
        try {
            recorder.hostStarted(host("slow"));
            recorder.output(host("slow"), out("partial\n"));
            recorder.hostFinished(script.entries().getFirst().result());
        } finally {
            Thread.interrupted();
        }
        recorder.runFinished(script.report());

        StoredRun run = new RecordStore(state).load(recorder.id());
        assertThat(run.complete()).isTrue();
        assertThat(run.result("slow").orElseThrow().status()).isEqualTo(Outcome.Status.CANCELLED);
        assertThat(read(run, "slow", StdStream.STDOUT)).isEqualTo("partial\n");
        assertThat(recorder.problem()).isEmpty();
    }

    @Test
    void tenThousandHostsNeverKeepThousandsOfFilesOpen() throws Exception {
        int hosts = 10_000;
        int inFlight = 50;
        SyntheticRun script = new SyntheticRun("hostname");
        for (int h = 0; h < hosts; h++) {
            script.host("node" + h, "", "", new Outcome.Exited(0));
        }
        RecordWriter recorder = new RecordWriter(state, List.of());
        long before = openFiles();
        long most = 0;
        recorder.runStarted(script.hosts(), script.job());
        List<SyntheticRun.Entry> entries = script.entries();
        for (int h = 0; h < hosts + inFlight; h++) {
            if (h < hosts) {
                Host started = entries.get(h).host();
                recorder.hostStarted(started);
                recorder.output(started, out(started.name() + "\n"));
                recorder.output(started, err("e\n"));
            }
            if (h >= inFlight) {
                recorder.hostFinished(entries.get(h - inFlight).result());
            }
            if (h % 1000 == 0) {
                most = Math.max(most, openFiles());
            }
        }
        recorder.runFinished(script.report());

        assertThat(most - before).isLessThanOrEqualTo(2L * inFlight + 10);
        assertThat(openFiles()).isLessThanOrEqualTo(before);
        StoredRun run = new RecordStore(state).load(recorder.id());
        assertThat(run.results()).hasSize(hosts);
        assertThat(read(run, "node9999", StdStream.STDOUT)).isEqualTo("node9999\n");
    }

    @Test
    void everyFileOfARecordIsReadableByItsOwnerOnlyAndEveryDirectoryToo() throws Exception {
        SyntheticRun script = new SyntheticRun("id")
                .host("web01", "out\n", "err\n", new Outcome.Exited(0))
                .host("web02", "", "", new Outcome.Exited(1));
        RecordWriter recorder = new RecordWriter(state, List.of());
        script.play(recorder);
        recorder.output(host("web01"), out("late\n"));   // after its end: the file is opened again

        List<Path> files;
        List<Path> dirs;
        try (Stream<Path> all = Files.walk(state.resolve("runs"))) {
            List<Path> paths = all.toList();
            files = paths.stream().filter(Files::isRegularFile).toList();
            dirs = paths.stream().filter(Files::isDirectory).toList();
        }
        assertThat(files).extracting(p -> p.getFileName().toString())
                .contains("run.json", "events.jsonl", "size", "web01.stdout", "web01.stderr");
        for (Path file : files) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).as(file.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(dirs).hasSize(3);
        for (Path dir : dirs) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir))).as(dir.toString())
                    .isEqualTo("rwx------");
        }
    }

    private static long openFiles() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }
}
