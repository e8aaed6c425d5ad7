package dev.fanout.core.render;

import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.OutputFault;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.event.StreamTotal;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.text.Units;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Gathers the hosts of a run by their output while it arrives, as ClusterShell's gathering handlers do, so that the
 * gathered view ({@link #view()}) is known when the run ends without reading every host's output back. Each host
 * keeps a running SHA-256 of each stream; when it finishes, it joins the group of its ending and digests (see
 * {@link GatheredView} for the rule), and its output is dropped unless it is the first of a new group. Thread-safe:
 * a host's two streams may arrive on two threads.
 *
 * <p>With a run record ({@link #over}), the record's own digests serve and a group's output is read again from it;
 * otherwise digests are computed here and what a group shows is kept in
 * memory ({@link #inMemory}), up to a bound per host and stream, so that memory holds the output of the hosts in
 * flight and of one host per distinct output.
 */
public final class Gathering implements RunListener {
    /** The output kept in memory per host and stream by default: 1 MiB. */
    public static final long DEFAULT_KEPT_BYTES = 1L << 20;

    private final RecordWriter recorder;
    private final long keptBytes;
    private final Map<String, HostOutput> running = new ConcurrentHashMap<>();
    private final Map<String, Integer> order = new HashMap<>();
    /** Guarded by itself, as every field below. */
    private final Map<GatheredView.Key, Entry> groups = new LinkedHashMap<>();
    private final Set<String> distinct = new HashSet<>();
    private final Set<String> finished = new HashSet<>();
    private final List<OutputFault> faults = new ArrayList<>();

    private Gathering(RecordWriter recorder, long keptBytes) {
        this.recorder = recorder;
        this.keptBytes = keptBytes;
    }

    /** Gathers keeping, per host and stream, up to {@code keptBytes} of output in memory to show it. */
    public static Gathering inMemory(long keptBytes) {
        if (keptBytes < 0) {
            throw new IllegalArgumentException("keptBytes < 0: " + keptBytes);
        }
        return new Gathering(null, keptBytes);
    }

    /**
     * Gathers the run that {@code recorder} records, from the digests the record keeps of each stream (so nothing
     * is hashed twice), reading a group's output from the record to show it; a host whose record holds less than it
     * sent (the disk was full) is gathered apart and marked. {@code recorder} must hear each event before this.
     */
    public static Gathering over(RecordWriter recorder) {
        return new Gathering(recorder, 0);
    }

    @Override
    public void runStarted(List<Host> hosts, Job job) {
        synchronized (groups) {
            for (Host host : hosts) {
                order.putIfAbsent(host.name(), order.size());
            }
        }
    }

    @Override
    public void output(Host host, OutputLines lines) {
        if (recorder != null) {
            return;   // the record counts and hashes it
        }
        running.computeIfAbsent(host.name(), h -> new HostOutput(keptBytes)).stream(lines.stream())
                .add(lines.bytes());
    }

    @Override
    public void hostFinished(HostResult result) {
        finish(result);
    }

    @Override
    public void runFinished(RunReport report) {
        for (HostResult result : report.results()) {
            finish(result);
        }
    }

    private void finish(HostResult result) {
        String name = result.host().name();
        if (result.status() == Outcome.Status.SKIPPED) {
            return;
        }
        synchronized (groups) {
            if (!finished.add(name)) {
                return;
            }
        }
        HostOutput output = running.remove(name);
        if (output == null) {
            output = new HostOutput(0);
        }
        StreamOutput out = output.stdout;
        StreamOutput err = output.stderr;
        if (recorder != null) {
            out.recorded(recorder.sent(name, StdStream.STDOUT));
            err.recorded(recorder.sent(name, StdStream.STDERR));
        }
        String outSha = out.sha256();
        String errSha = err.sha256();
        OutputFault fault = recorder == null ? null : fault(name, out.bytes + err.bytes);
        var key = new GatheredView.Key(result.outcome().ending(), outSha, errSha, fault != null);
        synchronized (groups) {
            distinct.add(outSha + "/" + errSha);
            if (fault != null) {
                faults.add(fault);
            }
            StreamOutput keptOut = out;
            StreamOutput keptErr = err;
            groups.computeIfAbsent(key, k -> new Entry(name, result.status(), keptOut, keptErr)).hosts.add(name);
        }
    }

    /** A fault when the record holds less of {@code host}'s output than it sent. */
    private OutputFault fault(String host, long sent) {
        long found = 0;
        for (StdStream stream : StdStream.values()) {
            try {
                found += Files.size(recorder.outputFile(host, stream));
            } catch (NoSuchFileException e) {
                // nothing written on that stream
            } catch (IOException e) {
                return new OutputFault(host, sent, 0, false);
            }
        }
        return found >= sent ? null : new OutputFault(host, sent, found, false);
    }

    /** The gathered view of the hosts finished so far (all of them once the run has finished). */
    public GatheredView view() {
        synchronized (groups) {
            List<GatheredView.Group> list = new ArrayList<>();
            Map<String, Entry> byRepresentative = new HashMap<>();
            int hosts = 0;
            for (Map.Entry<GatheredView.Key, Entry> e : groups.entrySet()) {
                Entry entry = e.getValue();
                List<String> names = new ArrayList<>(entry.hosts);
                names.sort((a, b) -> Integer.compare(order.getOrDefault(a, Integer.MAX_VALUE),
                        order.getOrDefault(b, Integer.MAX_VALUE)));
                list.add(new GatheredView.Group(names, GatheredView.fold(names), e.getKey().outcome(), entry.status,
                        entry.representative, entry.stdout.bytes, entry.stderr.bytes, e.getKey().incomplete()));
                byRepresentative.put(entry.representative, entry);
                hosts += names.size();
            }
            return new GatheredView((host, stream) -> open(byRepresentative.get(host), host, stream), list, hosts,
                    distinct.size(), faults);
        }
    }

    private InputStream open(Entry entry, String host, StdStream stream) throws IOException {
        if (recorder != null) {
            try {
                return Files.newInputStream(recorder.outputFile(host, stream));
            } catch (NoSuchFileException e) {
                return InputStream.nullInputStream();
            }
        }
        StreamOutput output = stream == StdStream.STDOUT ? entry.stdout : entry.stderr;
        if (output.kept == null) {
            return new ByteArrayInputStream(("(" + Units.bytes(output.bytes) + " of output, more than the "
                    + Units.bytes(keptBytes) + " kept in memory; record the run to see it)\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        return new ByteArrayInputStream(output.kept.toByteArray());
    }

    /** One group so far: its first host and what it sent. */
    private static final class Entry {
        final String representative;
        final Outcome.Status status;
        final StreamOutput stdout;
        final StreamOutput stderr;
        final List<String> hosts = new ArrayList<>();

        Entry(String representative, Outcome.Status status, StreamOutput stdout, StreamOutput stderr) {
            this.representative = representative;
            this.status = status;
            this.stdout = stdout;
            this.stderr = stderr;
        }
    }

    /** What one host sent so far on each stream. */
    private static final class HostOutput {
        final StreamOutput stdout;
        final StreamOutput stderr;

        HostOutput(long keptBytes) {
            stdout = new StreamOutput(keptBytes);
            stderr = new StreamOutput(keptBytes);
        }

        StreamOutput stream(StdStream stream) {
            return stream == StdStream.STDOUT ? stdout : stderr;
        }
    }

    /** One stream's running digest, size and, within the bound, its bytes. Guarded by itself. */
    private static final class StreamOutput {
        private MessageDigest digest;
        private final long keptBytes;
        ByteArrayOutputStream kept;
        long bytes;
        private String sha256;

        StreamOutput(long keptBytes) {
            this.keptBytes = keptBytes;
            this.kept = keptBytes > 0 ? new ByteArrayOutputStream() : null;
        }

        synchronized void add(byte[] data) {
            if (digest == null) {
                digest = newDigest();
            }
            digest.update(data);
            bytes += data.length;
            if (kept != null) {
                if (bytes <= keptBytes) {
                    kept.writeBytes(data);
                } else {
                    kept = null;
                }
            }
        }

        /** Takes what the record counted of this stream instead of counting it here. */
        synchronized void recorded(StreamTotal total) {
            bytes = total.bytes();
            sha256 = total.sha256();
        }

        synchronized String sha256() {
            if (sha256 == null) {
                sha256 = digest == null ? StreamTotal.EMPTY_SHA256 : HexFormat.of().formatHex(digest.digest());
            }
            return sha256;
        }
    }

    private static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
