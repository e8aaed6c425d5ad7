package dev.fanout.core.record;

import dev.fanout.core.exec.HostContext;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.Connection;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;
import dev.fanout.core.text.SafeNames;
import dev.fanout.core.event.StreamTotal;

/**
 * A run as read back from its record: what it did, on which hosts, how each host ended and with which timings, and
 * each host's output, read from the record's files on demand (never held in memory). A snapshot: a record still
 * being written may have grown since it was loaded. Immutable, apart from the files it reads.
 */
public final class StoredRun {
    private static final int MAX_LINE = 16 << 20;

    private final String id;
    private final Path directory;
    private final Instant started;
    private final String job;
    private final List<String> argv;
    private final List<String> selection;
    private final List<String> hosts;
    private final Map<String, StoredHost> results;
    private final RecordState state;
    private final Duration elapsed;
    private final boolean interrupted;
    private final Instant lastEvent;
    private final List<String> damage;

    StoredRun(String id, Path directory, Instant started, String job, List<String> argv, List<String> selection,
                List<String> hosts, Map<String, StoredHost> results, RecordState state, Duration elapsed, boolean interrupted,
                Instant lastEvent, List<String> damage) {
        this.id = Objects.requireNonNull(id, "id");
        this.directory = Objects.requireNonNull(directory, "directory");
        this.started = Objects.requireNonNull(started, "started");
        this.job = Objects.requireNonNull(job, "job");
        this.argv = List.copyOf(argv);
        this.selection = List.copyOf(selection);
        this.hosts = List.copyOf(hosts);
        this.results = new LinkedHashMap<>(results);
        this.state = Objects.requireNonNull(state, "state");
        this.elapsed = elapsed;
        this.interrupted = interrupted;
        this.lastEvent = Objects.requireNonNull(lastEvent, "lastEvent");
        this.damage = List.copyOf(damage);
    }

    public String id() {
        return id;
    }

    /** The record's directory. */
    public Path directory() {
        return directory;
    }

    /** When the run started. */
    public Instant started() {
        return started;
    }

    /** What the run did, e.g. {@code run: df -h}; empty if the record ends before the run started. */
    public String job() {
        return job;
    }

    /** The command line given to fanout, possibly empty. */
    public List<String> argv() {
        return argv;
    }

    /**
     * The options that selected the hosts, with their values, as given ({@code -g web -x web03}); empty when the
     * record does not say.
     */
    public List<String> selection() {
        return selection;
    }

    /** The selected hosts' names, in selection order. */
    public List<String> hosts() {
        return hosts;
    }

    public RecordState state() {
        return state;
    }

    /** Whether the record holds the whole run ({@link RecordState#COMPLETE}). */
    public boolean complete() {
        return state == RecordState.COMPLETE;
    }

    /** Whether the run was cancelled (Ctrl-C) before every host finished. */
    public boolean interrupted() {
        return interrupted;
    }

    /** The run's wall time, if it finished. */
    public Optional<Duration> elapsed() {
        return Optional.ofNullable(elapsed);
    }

    /** The time of the last event in the record: the run's end, or how far the record goes. */
    public Instant lastEvent() {
        return lastEvent;
    }

    /**
     * The hosts the record saw start, in selection order (plus, in a complete record, the hosts the run never
     * started, as cancelled). Hosts of an incomplete record that never started are absent.
     */
    public List<StoredHost> results() {
        return List.copyOf(results.values());
    }

    /** What the record has about {@code host}, if the host started. */
    public Optional<StoredHost> result(String host) {
        return Optional.ofNullable(results.get(host));
    }

    /** How many hosts ended with each status; every status is present, possibly with 0. */
    public Map<Outcome.Status, Integer> counts() {
        Map<Outcome.Status, Integer> counts = new EnumMap<>(Outcome.Status.class);
        for (Outcome.Status s : Outcome.Status.values()) {
            counts.put(s, 0);
        }
        for (StoredHost r : results.values()) {
            if (r.finished()) {
                counts.merge(r.status(), 1, Integer::sum);
            }
        }
        return counts;
    }

    /** How many hosts had started but not finished when the record ends. */
    public int unfinished() {
        return (int) results.values().stream().filter(r -> !r.finished()).count();
    }

    /**
     * The hosts to run again: every selected host whose recorded status is not OK (skipped hosts included), in
     * selection order. In an
     * incomplete record, hosts that had not finished or not started count as not OK.
     */
    public List<String> failedHosts() {
        return hosts.stream().filter(h -> {
            StoredHost r = results.get(h);
            return r == null || r.status() != Outcome.Status.OK;
        }).toList();
    }

    /** The record's file for {@code host}'s output on {@code stream}; it may not exist (no output). */
    public Path outputFile(String host, StdStream stream) {
        StoredHost r = results.get(host);
        String base = r != null ? r.fileName() : dev.fanout.core.text.SafeNames.component(host);
        return directory.resolve(RecordWriter.OUT)
                .resolve(base + (stream == StdStream.STDOUT ? RecordWriter.STDOUT_SUFFIX : RecordWriter.STDERR_SUFFIX));
    }

    /** How many bytes {@code host} wrote on {@code stream}, as recorded. */
    public long outputSize(String host, StdStream stream) throws IOException {
        try {
            return Files.size(outputFile(host, stream));
        } catch (NoSuchFileException e) {
            return 0;
        }
    }

    /** {@code host}'s recorded output on {@code stream}, raw bytes as they came; empty if it wrote nothing. */
    public InputStream openOutput(String host, StdStream stream) throws IOException {
        try {
            return Files.newInputStream(outputFile(host, stream));
        } catch (NoSuchFileException e) {
            return InputStream.nullInputStream();
        }
    }

    /**
     * What is wrong with the record's events file beyond its state, each in a few words ({@code events.jsonl ends
     * before the run's end, ...}, {@code 2 lines of events.jsonl could not be read}); empty for a sound one. A torn
     * last line, as a killed writer leaves it, is not damage: the record's state says it is not complete.
     */
    public List<String> damage() {
        return damage;
    }

    /**
     * The hosts whose output files are shorter than what their end events say they sent (or missing), in the
     * record's order: a check of the files' sizes only, cheap enough for a listing. Hosts without an end event are
     * not checked (their record is not complete).
     */
    public List<OutputFault> outputFaults() {
        List<OutputFault> faults = new ArrayList<>();
        for (StoredHost r : results.values()) {
            if (r.stdout() == null || r.stderr() == null) {
                continue;
            }
            long sent = 0;
            long found = 0;
            for (StdStream stream : StdStream.values()) {
                long bytes = r.sent(stream).bytes();
                sent += bytes;
                found += Math.min(bytes, sizeOrNothing(r.name(), stream));
            }
            if (found < sent) {
                faults.add(new OutputFault(r.name(), sent, found, false));
            }
        }
        return faults;
    }

    private long sizeOrNothing(String host, StdStream stream) {
        try {
            return outputSize(host, stream);
        } catch (IOException e) {
            return 0;   // what cannot be measured does not count as written
        }
    }

    /**
     * The hosts whose output files do not hold what they sent: shorter, missing, or with other bytes (each file is
     * read whole and its SHA-256 compared with the one its host's end event recorded), in the record's order.
     */
    public List<OutputFault> verifyOutput() throws IOException {
        List<OutputFault> faults = new ArrayList<>();
        for (StoredHost r : results.values()) {
            fault(r.name(), checkOutput(r.name(), StdStream.STDOUT), checkOutput(r.name(), StdStream.STDERR))
                    .ifPresent(faults::add);
        }
        return faults;
    }

    /** The fault of a host whose two streams were checked as {@code out} and {@code err}, if either is not intact. */
    public static Optional<OutputFault> fault(String host, StreamCheck out, StreamCheck err) {
        if (out.intact() && err.intact()) {
            return Optional.empty();
        }
        long sent = Math.max(out.sent(), 0) + Math.max(err.sent(), 0);
        long found = Math.min(out.size(), Math.max(out.sent(), 0)) + Math.min(err.size(), Math.max(err.sent(), 0));
        return Optional.of(new OutputFault(host, sent, found, found == sent));
    }

    /**
     * Reads {@code host}'s file for {@code stream} once: its size, its SHA-256, and whether it holds what the host
     * sent, as its end event recorded (the same bytes, possibly followed by output that arrived after the host's end:
     * a reader abandoned after a time-out).
     */
    public StreamCheck checkOutput(String host, StdStream stream) throws IOException {
        StoredHost r = results.get(host);
        StreamTotal sent = r == null ? null : r.sent(stream);
        MessageDigest whole = sha256();
        String prefix = sent != null && sent.bytes() == 0 ? StreamTotal.EMPTY_SHA256 : null;
        long size = 0;
        try (InputStream in = Files.newInputStream(outputFile(host, stream))) {
            byte[] buffer = new byte[64 * 1024];
            int n;
            while ((n = in.read(buffer)) > 0) {
                if (sent != null && prefix == null && size + n >= sent.bytes()) {
                    int head = (int) (sent.bytes() - size);
                    whole.update(buffer, 0, head);
                    prefix = hex(clone(whole));
                    whole.update(buffer, head, n - head);
                } else {
                    whole.update(buffer, 0, n);
                }
                size += n;
            }
        } catch (NoSuchFileException e) {
            // no output on this stream was written
        }
        boolean intact = sent == null || sent.sha256().equals(prefix);
        return new StreamCheck(size, hex(whole), sent == null ? -1 : sent.bytes(), intact);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static MessageDigest clone(MessageDigest digest) {
        try {
            return (MessageDigest) digest.clone();
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
        }
    }

    private static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A one-line summary of the run, as {@code fanout history} lists it. */
    public HistoryEntry summary() {
        return new HistoryEntry(id, started, job, argv, hosts.size(), RecordStore.size(directory), counts(), unfinished(),
                state, elapsed, interrupted, !outputFaults().isEmpty(), selection);
    }

    /**
     * The run as a report, for the summary renderer. Its hosts carry only their names (no address or user). Hosts
     * the record has no end for count as cancelled, and the run as interrupted, when the record is not complete.
     */
    public RunReport toReport() {
        List<HostResult> list = new ArrayList<>(hosts.size());
        for (String name : hosts) {
            Host host = Host.of(name, name, 22, "");
            StoredHost r = results.get(name);
            if (r == null) {
                list.add(HostResult.notStarted(host, started));
            } else if (r.finished()) {
                list.add(new HostResult(host, r.outcome(), r.started(), r.connect(), r.total()));
            } else {
                list.add(new HostResult(host, new Outcome.Cancelled(), r.started(), r.connect(),
                        positive(Duration.between(r.started(), lastEvent))));
            }
        }
        Duration wall = elapsed != null ? elapsed : positive(Duration.between(started, lastEvent));
        boolean stopped = list.stream().anyMatch(r -> r.status() == Outcome.Status.SKIPPED);
        return new RunReport(list, started, wall, interrupted || !complete(), stopped);
    }

    /**
     * Plays the recorded run to {@code listener} as if it were happening, so that any live view (prefixed lines,
     * JSON Lines, an output directory) can show a recorded run. Hosts come one after the other in selection order,
     * each with its stdout, then its stderr, as blocks of whole lines (how the two streams interleaved is not
     * recorded); the hosts carry only their names. Hosts an incomplete record has no end for finish as cancelled.
     */
    public void replay(RunListener listener) throws IOException {
        replay(listener, time -> {
        });
    }

    /**
     * Like {@link #replay(RunListener)}, telling {@code clock} the recorded time of each event just before it is
     * delivered (a host's output gets its connect time), for listeners that stamp events with a time.
     */
    public void replay(RunListener listener, Consumer<Instant> clock) throws IOException {
        RunReport report = toReport();
        clock.accept(started);
        listener.runStarted(report.results().stream().map(HostResult::host).toList(), new RecordedJob(job));
        for (HostResult result : report.results()) {
            StoredHost r = results.get(result.host().name());
            if (r == null) {
                continue;
            }
            Host host = result.host();
            clock.accept(r.started());
            listener.hostStarted(host);
            if (r.connect() != null) {
                clock.accept(r.started().plus(r.connect()));
                listener.hostConnected(host, r.connect());
            }
            for (StdStream stream : StdStream.values()) {
                try (InputStream in = openOutput(host.name(), stream)) {
                    replayOutput(in, stream, lines -> listener.output(host, lines));
                }
            }
            clock.accept(result.started().plus(result.total()));
            listener.hostFinished(result);
        }
        clock.accept(lastEvent);
        listener.runFinished(report);
    }

    /** Cuts recorded output into blocks of whole lines (up to 64 KiB each); a line is cut only past 16 MiB. */
    private static void replayOutput(InputStream in, StdStream stream, Consumer<OutputLines> sink)
            throws IOException {
        byte[] buffer = new byte[64 * 1024];
        ByteArrayOutputStream pending = new ByteArrayOutputStream();
        int n;
        while ((n = in.read(buffer)) > 0) {
            int last = n - 1;
            while (last >= 0 && buffer[last] != '\n') {
                last--;
            }
            if (last < 0) {
                pending.write(buffer, 0, n);
                if (pending.size() >= MAX_LINE) {
                    sink.accept(new OutputLines(stream, pending.toByteArray(), false));
                    pending.reset();
                }
                continue;
            }
            pending.write(buffer, 0, last + 1);
            sink.accept(new OutputLines(stream, pending.toByteArray(), true));
            pending.reset();
            pending.write(buffer, last + 1, n - last - 1);
        }
        if (pending.size() > 0) {
            sink.accept(new OutputLines(stream, pending.toByteArray(), false));
        }
    }

    /** The job of a recorded run: only its description is known. */
    private record RecordedJob(String description) implements Job {
        @Override
        public Outcome execute(Connection connection, HostContext context) {
            throw new UnsupportedOperationException("a recorded run cannot be executed again this way");
        }
    }

    private static Duration positive(Duration d) {
        return d.isNegative() ? Duration.ZERO : d;
    }
}
