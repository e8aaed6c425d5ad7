package dev.fanout.core.record;

import dev.fanout.core.text.SafeNames;
import dev.fanout.core.exec.OutputLines.StdStream;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import dev.fanout.core.event.StreamTotal;

/**
 * Per-host output files in one directory, as a run record and {@code --outdir} keep them: one file per host and
 * stream, named after the host made safe ({@link SafeNames#component}) plus a suffix. Thread-safe.
 *
 * <p>A file is opened at its host's first output on that stream and closed when the host finishes, so a run of
 * 10,000 hosts holds open only the files of the hosts in flight. Bytes go straight to the file, unbuffered, so what
 * was written survives the process being killed. Files are written with {@code java.io} streams, which an
 * interrupted thread can still use (an interrupted NIO channel would close itself). Output that arrives after its host finished (a reader abandoned
 * after a time-out) is appended by opening and closing the file again. Two hosts whose safe names clash (also when
 * they differ only by case) get distinct names: the second is suffixed {@code ~2}, a character safe names never
 * hold. A write error does not stop the run: it is kept as {@link #problem()} and that file is not written again.
 */
public final class HostFiles implements Closeable {
    private final Path directory;
    private final String stdoutSuffix;
    private final String stderrSuffix;
    private final boolean record;
    private final Map<String, String> names = new HashMap<>();
    private final Set<String> usedNames = new HashSet<>();
    private final Map<String, HostEntry> hosts = new ConcurrentHashMap<>();
    private final AtomicReference<String> problem = new AtomicReference<>();
    private final LongAdder written = new LongAdder();
    private final LongAdder sent = new LongAdder();
    private volatile boolean closed;

    /**
     * @param directory    where the files go; it must exist
     * @param stdoutSuffix appended to the safe host name for stdout, e.g. {@code .out}
     * @param stderrSuffix appended to the safe host name for stderr, e.g. {@code .err}
     */
    public HostFiles(Path directory, String stdoutSuffix, String stderrSuffix) {
        this(directory, stdoutSuffix, stderrSuffix, false);
    }

    private HostFiles(Path directory, String stdoutSuffix, String stderrSuffix, boolean record) {
        this.directory = directory;
        this.stdoutSuffix = stdoutSuffix;
        this.stderrSuffix = stderrSuffix;
        this.record = record;
    }

    /**
     * The files of a run record: created {@code rw-------} (see {@link PrivateFiles}), and each stream's bytes
     * counted and hashed as they arrive, written or not ({@link #total}).
     */
    static HostFiles forRecord(Path directory, String stdoutSuffix, String stderrSuffix) {
        return new HostFiles(directory, stdoutSuffix, stderrSuffix, true);
    }

    /** The base file name of {@code host}'s files (without suffix), assigned on first use and then fixed. */
    public String fileName(String host) {
        synchronized (names) {
            String name = names.get(host);
            if (name != null) {
                return name;
            }
            String safe = SafeNames.component(host);
            name = safe;
            for (int n = 2; !usedNames.add(name.toLowerCase(Locale.ROOT)); n++) {
                name = safe + "~" + n;
            }
            names.put(host, name);
            return name;
        }
    }

    /** The file that holds (or will hold) {@code host}'s output on {@code stream}. */
    public Path path(String host, StdStream stream) {
        return directory.resolve(fileName(host) + (stream == StdStream.STDOUT ? stdoutSuffix : stderrSuffix));
    }

    /** Appends {@code bytes} to {@code host}'s file for {@code stream}, opening it first if needed. */
    public void write(String host, StdStream stream, byte[] bytes) {
        hosts.computeIfAbsent(host, h -> new HostEntry(h, closed)).write(stream, bytes);
    }

    /**
     * Closes {@code host}'s files. With {@code createMissing}, a stream that had no output gets an empty file, so
     * that no file left by an earlier run in the same directory passes for this run's output.
     */
    public void finish(String host, boolean createMissing) {
        hosts.computeIfAbsent(host, h -> new HostEntry(h, closed)).finish(createMissing);
    }

    /** How many bytes were written to the files so far, all hosts and streams together. */
    public long bytesWritten() {
        return written.sum();
    }

    /** How many bytes arrived to be written so far, all hosts and streams together, written or not. */
    public long bytesSent() {
        return sent.sum();
    }

    /**
     * What {@code host} sent on {@code stream} so far (written or not), counted and hashed as it arrived; only for
     * the files of a record ({@link #forRecord}), {@link StreamTotal#NOTHING} otherwise.
     */
    StreamTotal total(String host, StdStream stream) {
        HostEntry entry = hosts.get(host);
        return entry == null ? StreamTotal.NOTHING : entry.total(stream);
    }

    /** The first write error, as one line naming the file, if any happened. */
    public Optional<String> problem() {
        return Optional.ofNullable(problem.get());
    }

    /** Closes every file still open; later output is appended by reopening the file each time. */
    @Override
    public void close() {
        closed = true;
        for (HostEntry entry : hosts.values()) {
            entry.finish(false);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private void fail(Path file, IOException e) {
        problem.compareAndSet(null, "cannot write " + file + ": " + e.getMessage());
    }

    /** One host's two files. Its monitor guards their state. */
    private final class HostEntry {
        private final String host;
        private final OutputStream[] open = new OutputStream[2];
        private final boolean[] created = new boolean[2];
        private final boolean[] failed = new boolean[2];
        private final long[] bytes = new long[2];
        private final MessageDigest[] digests = new MessageDigest[2];
        private boolean finished;

        HostEntry(String host, boolean finished) {
            this.host = host;
            this.finished = finished;
        }

        synchronized void write(StdStream stream, byte[] bytes) {
            int i = stream.ordinal();
            count(i, bytes);
            if (failed[i]) {
                return;
            }
            Path file = path(host, stream);
            try {
                OutputStream out = open[i];
                if (out == null) {
                    out = open(stream, file);
                    if (finished) {
                        try (OutputStream once = out) {
                            once.write(bytes);
                        }
                        written.add(bytes.length);
                        return;
                    }
                    open[i] = out;
                }
                out.write(bytes);
                written.add(bytes.length);
            } catch (IOException e) {
                failed[i] = true;
                fail(file, e);
            }
        }

        /** Counts and hashes what arrived, before writing it, so that a failed write still counts. */
        private void count(int i, byte[] arrived) {
            sent.add(arrived.length);
            bytes[i] += arrived.length;
            if (record) {
                if (digests[i] == null) {
                    digests[i] = sha256();
                }
                digests[i].update(arrived);
            }
        }

        synchronized StreamTotal total(StdStream stream) {
            int i = stream.ordinal();
            if (digests[i] == null) {
                return StreamTotal.NOTHING;
            }
            try {
                MessageDigest copy = (MessageDigest) digests[i].clone();   // later output goes on hashing
                return new StreamTotal(bytes[i], HexFormat.of().formatHex(copy.digest()));
            } catch (CloneNotSupportedException e) {
                throw new IllegalStateException("the JDK's SHA-256 can be cloned", e);
            }
        }

        synchronized void finish(boolean createMissing) {
            finished = true;
            for (StdStream stream : StdStream.values()) {
                int i = stream.ordinal();
                Path file = path(host, stream);
                try {
                    if (open[i] != null) {
                        open[i].close();
                        open[i] = null;
                    } else if (createMissing && !created[i] && !failed[i]) {
                        open(stream, file).close();
                    }
                } catch (IOException e) {
                    failed[i] = true;
                    fail(file, e);
                }
            }
        }

        private OutputStream open(StdStream stream, Path file) throws IOException {
            int i = stream.ordinal();
            OutputStream out = record ? PrivateFiles.open(file, created[i])
                    : new FileOutputStream(file.toFile(), created[i]);
            created[i] = true;
            return out;
        }
    }
}
