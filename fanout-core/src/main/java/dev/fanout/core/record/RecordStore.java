package dev.fanout.core.record;

import dev.fanout.core.text.SafeNames;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.TransportException;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ThreadLocalRandom;
import dev.fanout.core.event.EventJson;
import dev.fanout.core.event.StreamTotal;

/**
 * The run records under one state directory, as {@link RecordWriter} writes them: lists them for
 * {@code fanout history} and loads one for {@code fanout show}, {@code --rerun-failed} and {@code -H @failed}.
 * Reading never changes a record. Stateless apart from the directory; thread-safe.
 */
public final class RecordStore {
    private static final String TRASH_PREFIX = ".deleting-";
    private static final int TAIL = 64 * 1024;

    private final Path runs;

    /** The records under {@code stateDirectory} (which need not exist yet). */
    public RecordStore(Path stateDirectory) {
        this.runs = stateDirectory.resolve(RecordWriter.RUNS);
    }

    /**
     * Where fanout keeps its state: {@code $XDG_STATE_HOME/fanout} when that variable holds an absolute path (as the
     * XDG base directory specification asks), otherwise {@code ~/.local/state/fanout}.
     *
     * @param environment the process environment, e.g. {@code System.getenv()}
     * @param home        the user's home directory
     */
    public static Path defaultStateDirectory(Map<String, String> environment, Path home) {
        String xdg = environment.get("XDG_STATE_HOME");
        if (xdg != null && !xdg.isEmpty() && Path.of(xdg).isAbsolute()) {
            return Path.of(xdg, "fanout");
        }
        return home.resolve(".local").resolve("state").resolve("fanout");
    }

    /** Every run record, newest first; an unreadable record is listed from what can be read of it. */
    public List<HistoryEntry> list() throws IOException {
        return list(Integer.MAX_VALUE);
    }

    /**
     * The newest {@code limit} run records, newest first, as {@link #list()}; only those are read (each one's output
     * files are measured, to tell whether they hold what the hosts sent).
     */
    public List<HistoryEntry> list(int limit) throws IOException {
        List<HistoryEntry> list = new ArrayList<>();
        for (String id : ids()) {
            if (list.size() >= limit) {
                break;
            }
            list.add(summary(id));
        }
        return list;
    }

    /**
     * The run whose id is {@code idOrPrefix} or starts with it.
     *
     * @throws RecordNotFoundException if no run, or more than one, matches
     */
    public StoredRun load(String idOrPrefix) throws IOException, RecordNotFoundException {
        return read(resolve(idOrPrefix));
    }

    /**
     * The newest run. Call it before starting a new recorder when the newest run before this one is meant.
     *
     * @throws RecordNotFoundException if there is no record
     */
    public StoredRun latest() throws IOException, RecordNotFoundException {
        List<String> ids = ids();
        if (ids.isEmpty()) {
            throw new RecordNotFoundException("no recorded runs in " + runs);
        }
        return read(ids.getFirst());
    }

    /** The hosts of {@code run} whose status is not OK, in selection order (see {@link StoredRun#failedHosts()}). */
    public static List<String> failedHosts(StoredRun run) {
        return run.failedHosts();
    }

    /** The full id of the one run whose id is {@code idOrPrefix} or starts with it. */
    public String resolve(String idOrPrefix) throws IOException, RecordNotFoundException {
        if (idOrPrefix.isEmpty()) {
            throw new RecordNotFoundException("empty run id");
        }
        List<String> ids = ids();
        if (ids.contains(idOrPrefix)) {
            return idOrPrefix;
        }
        List<String> matches = ids.stream().filter(id -> id.startsWith(idOrPrefix)).toList();
        if (matches.isEmpty()) {
            throw new RecordNotFoundException("no recorded run '" + idOrPrefix + "' in " + runs);
        }
        if (matches.size() > 1) {
            throw new RecordNotFoundException("run id '" + idOrPrefix + "' is ambiguous: " + matches.size()
                    + " runs match (" + matches.getFirst() + ", " + matches.get(1)
                    + (matches.size() > 2 ? ", ..." : "") + ")");
        }
        return matches.getFirst();
    }

    /** Every record's id, newest first; reads the directory only, no record (shell completion lists these). */
    public List<String> ids() throws IOException {
        List<String> ids = new ArrayList<>();
        try (DirectoryStream<Path> dir = Files.newDirectoryStream(runs)) {
            for (Path p : dir) {
                String name = p.getFileName().toString();
                if (RunIds.isId(name)) {
                    ids.add(name);
                }
            }
        } catch (NoSuchFileException e) {
            return List.of();
        }
        ids.sort(Comparator.reverseOrder());
        return ids;
    }

    private HistoryEntry summary(String id) throws IOException {
        Path dir = runs.resolve(id);
        Map<String, Object> run = readRunJson(dir);
        Map<String, Object> last = lastEvent(dir.resolve(RecordWriter.EVENTS));
        if (run != null && last != null && EventJson.RUN_FINISHED.equals(last.get(EventJson.EVENT))) {
            Map<Outcome.Status, Integer> counts = new EnumMap<>(Outcome.Status.class);
            if (last.get("counts") instanceof Map<?, ?> map) {
                for (Map.Entry<?, ?> e : map.entrySet()) {
                    Outcome.Status status = EventJson.statusNamed((String) e.getKey());
                    if (status != null && e.getValue() instanceof Long n) {
                        counts.put(status, n.intValue());
                    }
                }
            }
            Long elapsed = JsonValues.number(last, "elapsed_ms");
            Long sent = JsonValues.number(last, "output_bytes");
            boolean outputShort = sent != null && measure(dir.resolve(RecordWriter.OUT)) < sent;
            return new HistoryEntry(id, startOf(id, run), jobOf(run), stringList(run.get("argv")),
                    stringList(run.get("hosts")).size(), size(dir), counts, 0, RecordState.COMPLETE,
                    elapsed == null ? null : Duration.ofMillis(elapsed), JsonValues.flag(last, "interrupted"),
                    outputShort, stringList(run.get("selection")));
        }
        return read(id).summary();
    }

    private StoredRun read(String id) throws IOException {
        Path dir = runs.resolve(id);
        Map<String, Object> run = readRunJson(dir);
        Instant started = startOf(id, run);
        String job = run != null ? jobOf(run) : "";
        List<String> argv = run != null ? stringList(run.get("argv")) : List.of();
        List<String> selection = run != null ? stringList(run.get("selection")) : List.of();
        List<String> hosts = run != null ? stringList(run.get("hosts")) : List.of();
        Map<String, HostBuilder> builders = new LinkedHashMap<>();
        boolean finished = false;
        boolean closed = false;
        boolean interrupted = false;
        Duration elapsed = null;
        Instant lastEvent = started;
        List<String> damage = new ArrayList<>();
        Events read = events(dir.resolve(RecordWriter.EVENTS));
        read.error().ifPresent(damage::add);
        if (read.unreadable() > 0) {
            damage.add(read.unreadable() + (read.unreadable() == 1 ? " line" : " lines") + " of "
                    + RecordWriter.EVENTS + " could not be read");
        }
        for (Map<String, Object> event : read.events()) {
            Instant time = instant(JsonValues.string(event, EventJson.TIME));
            if (time != null && time.isAfter(lastEvent)) {
                lastEvent = time;
            }
            String host = JsonValues.string(event, EventJson.HOST);
            switch (String.valueOf(event.get(EventJson.EVENT))) {
                case EventJson.RUN_STARTED -> {
                    if (run == null) {
                        job = Optional.ofNullable(JsonValues.string(event, "job")).orElse("");
                        hosts = stringList(event.get("hosts"));
                    }
                }
                case EventJson.HOST_STARTED -> {
                    if (host != null) {
                        HostBuilder b = builders.computeIfAbsent(host, HostBuilder::new);
                        b.started = time;
                        b.file = JsonValues.string(event, "file");
                    }
                }
                case EventJson.HOST_CONNECTED -> {
                    Long ms = JsonValues.number(event, "connect_ms");
                    if (host != null && ms != null) {
                        builders.computeIfAbsent(host, HostBuilder::new).connect = Duration.ofMillis(ms);
                    }
                }
                case EventJson.HOST_FINISHED -> {
                    if (host != null) {
                        builders.computeIfAbsent(host, HostBuilder::new).finish(event);
                    }
                }
                case EventJson.RUN_FINISHED -> {
                    finished = true;
                    interrupted = JsonValues.flag(event, "interrupted");
                    Long ms = JsonValues.number(event, "elapsed_ms");
                    elapsed = ms == null ? null : Duration.ofMillis(ms);
                }
                case EventJson.RECORD_CLOSED -> closed = true;
                default -> {
                }
            }
        }
        boolean sized = Files.exists(dir.resolve(RecordWriter.SIZE));   // its recorder closed it
        RecordState state = finished ? RecordState.COMPLETE
                : !closed && !sized && recorderAlive(id, run) ? RecordState.RUNNING : RecordState.INCOMPLETE;
        if (!finished && !closed && sized && read.error().isEmpty()) {
            damage.add(RecordWriter.EVENTS + " ends before the run's end: it was not fully written or was cut short");
        }
        Map<String, StoredHost> results = new LinkedHashMap<>();
        for (String host : hosts) {
            HostBuilder b = builders.remove(host);
            if (b != null) {
                results.put(host, b.build(started));
            }
        }
        for (HostBuilder b : builders.values()) {
            results.put(b.name, b.build(started));
        }
        return new StoredRun(id, dir, started, job, argv, selection, hosts, results, state, elapsed, interrupted, lastEvent,
                damage);
    }

    /** A host's events, gathered while reading. */
    private static final class HostBuilder {
        final String name;
        Instant started;
        String file;
        Duration connect;
        Duration total;
        Outcome outcome;
        StreamTotal stdout;
        StreamTotal stderr;

        HostBuilder(String name) {
            this.name = name;
        }

        void finish(Map<String, Object> event) {
            Instant start = instant(JsonValues.string(event, "started"));
            if (start != null) {
                started = start;
            }
            Long connectMs = JsonValues.number(event, "connect_ms");
            if (connectMs != null) {
                connect = Duration.ofMillis(connectMs);
            }
            Long totalMs = JsonValues.number(event, "total_ms");
            total = Duration.ofMillis(totalMs == null || totalMs < 0 ? 0 : totalMs);
            outcome = outcome(event);
            stdout = total(event, "stdout");
            stderr = total(event, "stderr");
        }

        StoredHost build(Instant runStarted) {
            boolean safeFile = file != null && !file.isEmpty() && !file.equals(".") && !file.equals("..")
                    && file.chars().noneMatch(c -> c == '/' || c == '\\' || c == 0);   // stays inside out/
            return new StoredHost(name, started != null ? started : runStarted, connect, outcome == null ? null : total,
                    outcome, safeFile ? file : SafeNames.component(name), stdout, stderr);
        }
    }

    /** What a host_finished event says was sent on {@code stream}, or null if it says nothing usable. */
    private static StreamTotal total(Map<String, Object> event, String stream) {
        Long bytes = JsonValues.number(event, stream + "_bytes");
        if (bytes == null || bytes < 0) {
            return null;
        }
        if (bytes == 0) {
            return StreamTotal.NOTHING;
        }
        String sha256 = JsonValues.string(event, stream + "_sha256");
        return StreamTotal.isSha256(sha256) ? new StreamTotal(bytes, sha256) : null;
    }

    private static Outcome outcome(Map<String, Object> event) {
        Outcome.Status status = EventJson.statusNamed(JsonValues.string(event, "status"));
        String reason = Optional.ofNullable(JsonValues.string(event, "reason")).orElse("");
        Long exit = JsonValues.number(event, "exit_code");
        if (exit != null) {
            return new Outcome.Exited(exit.intValue());
        }
        Long files = JsonValues.number(event, "files");
        Long bytes = JsonValues.number(event, "bytes");
        if (status == Outcome.Status.OK && files != null && bytes != null) {
            Long skipped = JsonValues.number(event, "skipped");
            Long removed = JsonValues.number(event, "stale_removed");
            return new Outcome.Transferred(files, bytes, skipped == null ? 0 : skipped, removed == null ? 0 : removed);
        }
        if (JsonValues.flag(event, "internal_error")) {
            return new Outcome.InternalFailure(reason);
        }
        if (status == null) {
            return new Outcome.Failed(reason.isEmpty() ? "unknown status in the record" : reason);
        }
        return switch (status) {
            case OK -> new Outcome.Exited(0);
            case FAILED -> new Outcome.Failed(reason);
            case UNREACHABLE -> unreachable(event, reason);
            case TIMED_OUT -> new Outcome.TimedOut(Duration.ofMillis(
                    Optional.ofNullable(JsonValues.number(event, "timeout_ms")).orElse(0L)));
            case CANCELLED -> reason.isEmpty() ? new Outcome.Cancelled() : new Outcome.Cancelled(reason);
            case SKIPPED -> new Outcome.Skipped(reason);
        };
    }

    /**
     * An unreachable host's outcome: its kind and detail as recorded, the shared cause being the reason without the
     * {@code " (detail)"} it ends with; a record of an older fanout has neither, and its reason stays whole.
     */
    private static Outcome.Unreachable unreachable(Map<String, Object> event, String reason) {
        TransportException.Kind kind = TransportException.Kind.ofJsonName(JsonValues.string(event, "kind"));
        String detail = Optional.ofNullable(JsonValues.string(event, "detail")).orElse("");
        String suffix = " (" + detail + ")";
        if (detail.isEmpty() || !reason.endsWith(suffix)) {
            return new Outcome.Unreachable(kind, reason, "");
        }
        return new Outcome.Unreachable(kind, reason.substring(0, reason.length() - suffix.length()), detail);
    }

    // ---- reading files

    private static Map<String, Object> readRunJson(Path dir) {
        try {
            return JsonValues.parseObject(Files.readAllBytes(dir.resolve(RecordWriter.RUN_JSON)));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * What an events file holds: every event that parses, how many lines before the last one did not (a torn last
     * line is what a killed writer leaves, and is not counted), and why the file could not be read to its end.
     */
    private record Events(List<Map<String, Object>> events, int unreadable, Optional<String> error) {
    }

    /** Every event of an events file that parses; a torn or corrupt line is skipped. Never throws. */
    private static Events events(Path file) {
        List<Map<String, Object>> events = new ArrayList<>();
        int unreadable = 0;
        boolean lastTorn = false;
        try (InputStream in = new BufferedInputStream(Files.newInputStream(file), 64 * 1024)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream(256);
            int b;
            while ((b = in.read()) >= 0) {
                if (b == '\n') {
                    if (lastTorn) {
                        unreadable++;
                    }
                    lastTorn = !parseInto(line, events);
                    line.reset();
                } else {
                    line.write(b);
                }
            }
            if (line.size() > 0) {
                if (lastTorn) {
                    unreadable++;
                }
                parseInto(line, events);
            }
        } catch (NoSuchFileException e) {
            return new Events(events, unreadable, Optional.empty());
        } catch (IOException e) {
            return new Events(events, unreadable, Optional.of("cannot read " + file + ": " + e.getMessage()));
        }
        return new Events(events, unreadable, Optional.empty());
    }

    /** Parses one line into {@code events}; false if it is not a JSON object (a line torn by a killed writer). */
    private static boolean parseInto(ByteArrayOutputStream line, List<Map<String, Object>> events) {
        if (line.size() == 0) {
            return true;
        }
        try {
            events.add(JsonValues.parseObject(line.toByteArray()));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The last complete event of an events file, or null; reads only its tail. */
    private static Map<String, Object> lastEvent(Path file) {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long length = raf.length();
            int n = (int) Math.min(length, TAIL);
            byte[] tail = new byte[n];
            raf.seek(length - n);
            raf.readFully(tail);
            int end = n;
            while (end > 0 && tail[end - 1] == '\n') {
                end--;
            }
            int start = end;
            while (start > 0 && tail[start - 1] != '\n') {
                start--;
            }
            if (start == 0 && n < length || start == end) {
                return null;
            }
            return JsonValues.parseObject(tail, start, end - start);
        } catch (IOException e) {
            return null;
        }
    }

    private static Instant startOf(String id, Map<String, Object> run) {
        Instant fromJson = run == null ? null : instant(JsonValues.string(run, "started"));
        return fromJson != null ? fromJson : RunIds.time(id);
    }

    private static String jobOf(Map<String, Object> run) {
        return Optional.ofNullable(JsonValues.string(run, "job")).orElse("");
    }

    private static List<String> stringList(Object value) {
        if (!(value instanceof List<?> list)) {
            return List.of();
        }
        return list.stream().filter(String.class::isInstance).map(String.class::cast).toList();
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    // ---- liveness and pruning

    /** Whether the process that wrote this record is still alive (same pid and, when recorded, same start time). */
    private static boolean recorderAlive(String id, Map<String, Object> run) {
        Long pid = run != null ? JsonValues.number(run, "pid") : null;
        long p = pid != null ? pid : RunIds.pid(id);
        if (p < 0) {
            return false;
        }
        Optional<ProcessHandle> handle = ProcessHandle.of(p);
        if (handle.isEmpty() || !handle.get().isAlive()) {
            return false;
        }
        Instant recorded = run != null ? instant(JsonValues.string(run, "process_started")) : null;
        Optional<Instant> actual = handle.get().info().startInstant();
        return recorded == null || actual.isEmpty()
                || Duration.between(recorded, actual.get()).abs().compareTo(Duration.ofSeconds(1)) <= 0;
    }

    /**
     * Deletes the records {@code retention} does not keep, as described in {@link RecordWriter}: never
     * {@code current}, never a record whose process is alive and that has not finished. A record with a {@code size}
     * file was closed by its recorder, so its events need not be read to know that.
     */
    static void prune(Path runs, Retention retention, Instant now, String current) throws IOException {
        RecordStore records = new RecordStore(runs.getParent());
        List<String> ids = records.ids();
        String oldest = RunIds.prefix(now.minus(retention.maxAge()));
        long keptBytes = 0;
        IOException first = null;
        for (int i = 0; i < ids.size(); i++) {
            String id = ids.get(i);
            if (id.equals(current)) {
                continue;
            }
            Path dir = runs.resolve(id);
            OptionalLong closedSize = closedSize(dir);
            boolean expired = i >= retention.keep() || id.compareTo(oldest) < 0;
            if (!expired) {
                keptBytes += closedSize.orElseGet(() -> measure(dir));
                expired = keptBytes > retention.maxBytes();
            }
            if (!expired || (closedSize.isEmpty() && stillRecording(id, dir))) {
                continue;
            }
            try {
                Path trash = runs.resolve(TRASH_PREFIX + id + "-" + ThreadLocalRandom.current().nextInt(1 << 30));
                Files.move(dir, trash, StandardCopyOption.ATOMIC_MOVE);
                deleteTree(trash);
            } catch (NoSuchFileException e) {
                // another process pruned it first
            } catch (IOException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(runs, TRASH_PREFIX + "*")) {
            for (Path trash : leftovers) {
                deleteTree(trash);
            }
        } catch (IOException e) {
            if (first == null) {
                first = e;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * The size its recorder wrote when closing the record (see {@link RecordWriter}); empty when the record is still
     * open, or its process was killed.
     */
    private static OptionalLong closedSize(Path dir) {
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(dir.resolve(RecordWriter.SIZE)).strip()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** The bytes of a record's files: as its recorder wrote them when closing it, else added up. */
    static long size(Path dir) {
        return closedSize(dir).orElseGet(() -> measure(dir));
    }

    /** The bytes of a record's files, added up. What cannot be read counts as nothing (it may be being deleted). */
    private static long measure(Path dir) {
        long[] total = {0};
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    total[0] += attrs.size();
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException failure) {
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path directory, IOException failure) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException unexpected) {
            // the visitor throws nothing: what was added up so far stands
        }
        return total[0];
    }

    /** Whether a record that was not closed is still being written: not finished, and its process alive. */
    private static boolean stillRecording(String id, Path dir) throws IOException {
        Map<String, Object> last = lastEvent(dir.resolve(RecordWriter.EVENTS));
        boolean finished = last != null && EventJson.RUN_FINISHED.equals(last.get(EventJson.EVENT));
        return !finished && recorderAlive(id, readRunJson(dir));
    }

    static void deleteTree(Path root) throws IOException {
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
