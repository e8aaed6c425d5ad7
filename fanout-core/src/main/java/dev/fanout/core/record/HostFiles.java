package dev.fanout.core.record;

import dev.fanout.core.copy.SafeNames;
import dev.fanout.core.exec.OutputLines.StdStream;

import java.io.Closeable;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

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

    /** The files of a run record: created {@code rw-------} (see {@link PrivateFiles}). */
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

    private void fail(Path file, IOException e) {
        problem.compareAndSet(null, "cannot write " + file + ": " + e.getMessage());
    }

    /** One host's two files. Its monitor guards their state. */
    private final class HostEntry {
        private final String host;
        private final OutputStream[] open = new OutputStream[2];
        private final boolean[] created = new boolean[2];
        private final boolean[] failed = new boolean[2];
        private boolean finished;

        HostEntry(String host, boolean finished) {
            this.host = host;
            this.finished = finished;
        }

        synchronized void write(StdStream stream, byte[] bytes) {
            int i = stream.ordinal();
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
