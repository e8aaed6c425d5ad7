package dev.fanout.core.record;

import dev.fanout.core.text.Problems;
import dev.fanout.core.text.SafeNames;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.RunReport;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import dev.fanout.core.event.EventJson;
import dev.fanout.core.event.StreamTotal;

/**
 * Records one run on disk as it happens, so that it can be shown again, rerun on its failed hosts, or read after a
 * crash. Thread-safe: events arrive from the hosts' threads; each is written in one call under one lock.
 *
 * <h2>Layout</h2>
 * Under the state directory ({@code $XDG_STATE_HOME/fanout}, by default {@code ~/.local/state/fanout}, see
 * {@link RecordStore#defaultStateDirectory}), each run has {@code runs/<id>/}, where the id is the start time in UTC,
 * the process id and a random part ({@code 20261123T183000.123Z-4242-k3v9q2}): ids sort by time and never clash,
 * the directory being created atomically and the id drawn again if it exists.
 * <ul>
 * <li>{@code run.json}: the job ({@code run: df -h}), the command line given to fanout, the selection as given
 *     ({@code selection}: the selecting options and their values, e.g. {@code ["-g", "web", "-x", "web03"]};
 *     absent in records of earlier versions), the selected hosts in order, the start time and the recording process
 *     (pid and its start time); written when the run starts.</li>
 * <li>{@code events.jsonl}: one JSON object per line in the schema of {@code --json} (docs/json-lines.md) without
 *     the output lines: {@code run_started}, {@code host_started}, {@code host_connected} (connect time),
 *     {@code host_finished} (status, exit code, reason, timings, and the bytes and SHA-256 of what the host sent on
 *     each stream, counted as they arrived whether or not they could be written), {@code run_finished} (counts,
 *     elapsed, the bytes of output all hosts sent). Each line is appended with one write as its event happens.</li>
 * <li>{@code out/<host>.stdout} and {@code out/<host>.stderr}: each host's raw output, appended as it arrives
 *     (see {@link HostFiles}: opened at the first output, closed when the host finishes).</li>
 * <li>{@code size}: the bytes of the files above, in decimal, written when the recorder closes, so that pruning
 *     need not list every file of every record. A record without it (its process was killed) is measured.</li>
 * </ul>
 * Nothing is buffered in this process, so a run killed with SIGKILL keeps everything that had arrived. A record is
 * complete when {@code events.jsonl} ends with {@code run_finished}; otherwise readers report it as running (its
 * process is alive) or incomplete. Files are written with {@code java.io} streams, which keep working on a host
 * thread whose interrupt flag is set (a time-out or a cancel), where an NIO channel would close itself.
 * Records may hold command output: their directories are created {@code rwx------} and their files
 * {@code rw-------}, whatever the umask (on POSIX file systems).
 *
 * <h2>Pruning</h2>
 * When asked ({@link #startPruning()}), a recorder deletes every record that its {@link Retention} does not
 * keep (by default: not among the 100 newest, started more than 30 days ago, or beyond the newest records that fit
 * in 1 GiB together); it never deletes its own record,
 * a record whose recording process is still alive, or anything in {@code runs/} whose name is not a run id. A
 * record is first renamed to a hidden name, so readers never see half of one. Pruning runs on a thread of its own
 * while the run connects (with 100 records, about 25 ms of CPU in a fresh JVM), and {@link #close()} waits for it.
 * Pruning never fails the run: an error is kept as {@link #problem()}.
 *
 * <h2>Errors</h2>
 * Only creating the record throws. A write error later (disk full) never disturbs the run: the recorder keeps the
 * first error as {@link #problem()} and goes on with what it can still write.
 */
public final class RecordWriter implements RunListener, AutoCloseable {
    static final String RUNS = "runs";
    static final String RUN_JSON = "run.json";
    static final String EVENTS = "events.jsonl";
    static final String OUT = "out";
    static final String STDOUT_SUFFIX = ".stdout";
    static final String STDERR_SUFFIX = ".stderr";
    static final String SIZE = "size";
    static final int FORMAT = 1;

    private static final int ATTEMPTS = 20;

    private final String id;
    private final Path directory;
    private final List<String> argv;
    private final List<String> selection;
    private final Clock clock;
    private final FileOutputStream events;
    private final HostFiles files;
    private final ReentrantLock lock = new ReentrantLock();
    private final Set<String> finished = ConcurrentHashMap.newKeySet();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final Retention retention;
    /** Guarded by this. */
    private Thread pruning;
    private volatile boolean closed;
    private volatile boolean runStarted;
    private boolean runFinished;
    /** Bytes of run.json and events.jsonl written so far; the output files count theirs in {@link #files}. */
    private long ownBytes;

    /** A recorder of the next run under {@code stateDirectory} with the default retention. */
    public RecordWriter(Path stateDirectory, List<String> argv) throws IOException {
        this(stateDirectory, argv, List.of(), Retention.DEFAULT, Clock.systemUTC());
    }

    /**
     * A recorder of the next run under {@code stateDirectory} with the default retention, keeping the selection as
     * the user gave it ({@code -g web -x web03}) besides the whole command line.
     */
    public RecordWriter(Path stateDirectory, List<String> argv, List<String> selection) throws IOException {
        this(stateDirectory, argv, selection, Retention.DEFAULT, Clock.systemUTC());
    }

    /** A recorder without a selection of its own (see the constructor with one). */
    public RecordWriter(Path stateDirectory, List<String> argv, Retention retention, Clock clock) throws IOException {
        this(stateDirectory, argv, List.of(), retention, clock);
    }

    /**
     * Creates the run's record directory under {@code stateDirectory/runs} (creating those as needed); old records
     * are pruned by {@link #startPruning()}.
     *
     * @param argv      the command line the user gave, kept in {@code run.json}
     * @param selection the options of {@code argv} that select the hosts, with their values, as given; kept in
     *                  {@code run.json} when not empty
     * @param clock     gives the run's id and the event times
     * @throws IOException if the record cannot be created; the run may go on without it
     */
    public RecordWriter(Path stateDirectory, List<String> argv, List<String> selection, Retention retention,
                       Clock clock) throws IOException {
        this.argv = List.copyOf(argv);
        this.selection = List.copyOf(selection);
        this.clock = clock;
        Path runs = stateDirectory.resolve(RUNS);
        PrivateFiles.createDirectories(runs);
        long pid = ProcessHandle.current().pid();
        Path dir = null;
        String chosen = null;
        for (int attempt = 1; dir == null; attempt++) {
            chosen = RunIds.newId(clock.instant(), pid);
            try {
                dir = PrivateFiles.createDirectory(runs.resolve(chosen));
            } catch (FileAlreadyExistsException e) {
                if (attempt == ATTEMPTS) {
                    throw e;
                }
            }
        }
        this.id = chosen;
        this.directory = dir;
        PrivateFiles.createDirectory(dir.resolve(OUT));
        this.events = PrivateFiles.open(dir.resolve(EVENTS), true);
        this.files = HostFiles.forRecord(dir.resolve(OUT), STDOUT_SUFFIX, STDERR_SUFFIX);
        this.retention = retention;
    }

    /**
     * Starts deleting, on a thread of its own, the records that the retention does not keep (see the class
     * comment), so that it overlaps the run; {@link #close()} waits for it. Only the first call starts it.
     */
    public void startPruning() {
        Instant now = clock.instant();
        Path runs = directory.getParent();
        synchronized (this) {
            if (pruning != null) {
                return;
            }
            pruning = Thread.ofVirtual().name("fanout-prune-records").start(() -> {
                try {
                    RecordStore.prune(runs, retention, now, id);
                } catch (IOException | RuntimeException e) {
                    problem.compareAndSet(null, "pruning old run records in " + runs + " failed: " + Problems.of(e));
                }
            });
        }
    }

    /** Waits until pruning, if it was started, is over. */
    void awaitPruning() throws InterruptedException {
        Thread started;
        synchronized (this) {
            started = pruning;
        }
        if (started != null) {
            started.join();
        }
    }

    /** This run's id, e.g. {@code 20261123T183000.123Z-4242-k3v9q2}. */
    public String id() {
        return id;
    }

    /** This run's record directory. */
    public Path directory() {
        return directory;
    }

    /**
     * What {@code host} sent on {@code stream} so far, counted and hashed as it arrived, written or not (final once
     * the host has finished).
     */
    public StreamTotal sent(String host, StdStream stream) {
        return files.total(host, stream);
    }

    /** The file of this record that holds (or will hold) {@code host}'s output on {@code stream}. */
    public Path outputFile(String host, StdStream stream) {
        return files.path(host, stream);
    }

    /** How many bytes of output (stdout and stderr, all hosts) the record holds so far. */
    public long outputBytes() {
        return files.bytesWritten();
    }

    /**
     * What went wrong while recording or pruning, as one line, if anything did: the first output file that could not
     * be written (output was lost), else the first other error.
     */
    public Optional<String> problem() {
        return files.problem().or(() -> Optional.ofNullable(problem.get()));
    }

    @Override
    public void runStarted(List<Host> hosts, Job job) {
        Instant now = clock.instant();
        List<String> names = hosts.stream().map(Host::name).toList();
        names.forEach(files::fileName);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("format", FORMAT);
        run.put("id", id);
        run.put("job", job.description());
        run.put("argv", argv);
        if (!selection.isEmpty()) {
            run.put("selection", selection);
        }
        run.put("started", EventJson.iso(now));
        run.put("pid", ProcessHandle.current().pid());
        ProcessHandle.current().info().startInstant()
                .ifPresent(t -> run.put("process_started", EventJson.iso(t)));
        run.put("hosts", names);
        try {
            Path tmp = directory.resolve(RUN_JSON + ".tmp");
            ByteArrayOutputStream json = new ByteArrayOutputStream();
            JsonValues.write(run, json);
            json.write('\n');
            try (FileOutputStream out = PrivateFiles.open(tmp, false)) {
                out.write(json.toByteArray());
            }
            Files.move(tmp, directory.resolve(RUN_JSON), StandardCopyOption.ATOMIC_MOVE);
            lock.lock();
            try {
                ownBytes += json.size();
            } finally {
                lock.unlock();
            }
        } catch (IOException e) {
            problem.compareAndSet(null, "cannot write " + directory.resolve(RUN_JSON) + ": " + e.getMessage());
        }
        append(EventJson.runStarted(now, job.description(), names));
        runStarted = true;
    }

    @Override
    public void hostStarted(Host host) {
        String file = files.fileName(host.name());
        append(EventJson.hostStarted(clock.instant(), host.name(),
                file.equals(SafeNames.component(host.name())) ? null : file));
    }

    @Override
    public void hostConnected(Host host, Duration elapsed) {
        append(EventJson.hostConnected(clock.instant(), host.name(), elapsed));
    }

    @Override
    public void output(Host host, OutputLines lines) {
        if (closed) {
            return;
        }
        files.write(host.name(), lines.stream(), lines.bytes());
    }

    @Override
    public void hostFinished(HostResult result) {
        String name = result.host().name();
        files.finish(name, false);
        finished.add(name);
        append(EventJson.hostFinished(clock.instant(), result, false, files.total(name, StdStream.STDOUT),
                files.total(name, StdStream.STDERR)));
    }

    @Override
    public void runFinished(RunReport report) {
        Instant now = clock.instant();
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (HostResult result : report.results()) {
            if (!finished.contains(result.host().name())) {
                lines.writeBytes(EventJson.hostFinished(now, result, true));
            }
        }
        lines.writeBytes(EventJson.runFinished(now, report, files.bytesSent()));
        lock.lock();
        try {
            append(lines.toByteArray());
            runFinished = true;
        } finally {
            lock.unlock();
        }
        close();
    }

    /**
     * Closes the record's files. If the run has not finished, the record is marked as closed early (readers then
     * call it incomplete at once); if it never started, the empty record is deleted. Then waits for pruning to end
     * (not when this thread is interrupted). Events that arrive later are ignored. Idempotent.
     */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            if (!runFinished) {
                append(EventJson.recordClosed(clock.instant()));
            }
            closed = true;
            files.close();
            events.close();
            if (!runStarted) {
                RecordStore.deleteTree(directory);
            } else {
                try (FileOutputStream size = PrivateFiles.open(directory.resolve(SIZE), false)) {
                    size.write(((ownBytes + files.bytesWritten()) + "\n").getBytes(StandardCharsets.US_ASCII));
                }
            }
        } catch (IOException e) {
            problem.compareAndSet(null, "cannot close " + directory + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
        try {
            awaitPruning();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();   // pruning goes on, or dies with the process: both are safe
        }
    }

    private void append(byte[] line) {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            events.write(line);
            ownBytes += line.length;
        } catch (IOException e) {
            problem.compareAndSet(null, "cannot write " + directory.resolve(EVENTS) + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
