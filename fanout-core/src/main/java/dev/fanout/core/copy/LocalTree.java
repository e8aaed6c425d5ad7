package dev.fanout.core.copy;

import java.io.IOException;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The local side of a put: the given files and directories, scanned once before the run. File contents are mapped
 * into memory in windows shared read-only by every host ({@link MappedWindows}: 64 MiB windows, at most 256 MiB
 * mapped at once), so a file is read from disk once per run however many hosts receive it, as long as the hosts
 * move through it together, and resident memory stays bounded however large it is. A path given on the command
 * line is followed when it is a symbolic link; inside a directory, symbolic links, fifos, sockets and devices are
 * left out and counted ({@link #skipped()}), as rsync does without {@code -l}. Thread-safe; {@link #close()} unmaps
 * what is still mapped.
 */
public final class LocalTree implements AutoCloseable {
    static final long WINDOW = 64L << 20;
    static final long BUDGET = 4 * WINDOW;

    /**
     * One file or directory to send.
     *
     * @param path        where it goes below the target, with '/' separators: {@code app/conf/a.ini}
     * @param directory   whether it is a directory
     * @param size        the file's size in bytes (0 for a directory)
     * @param permissions the permission bits, e.g. 0644
     * @param modified    the modification time
     * @param source      the local file or directory
     */
    public record Entry(String path, boolean directory, long size, int permissions, FileTime modified, Path source) {
    }

    private final List<Entry> entries;
    private final List<Entry> roots;
    private final long skipped;
    private final MappedWindows windows;

    private LocalTree(List<Entry> entries, List<Entry> roots, long skipped, MappedWindows windows) {
        this.entries = List.copyOf(entries);
        this.roots = List.copyOf(roots);
        this.skipped = skipped;
        this.windows = windows;
    }

    /**
     * Scans {@code sources} (files or directories, directories recursively).
     *
     * @throws NoSuchFileException when a source does not exist (its message names it)
     * @throws IOException         when a source cannot be read or is neither a regular file nor a directory
     */
    public static LocalTree scan(List<Path> sources) throws IOException {
        return scan(sources, WINDOW, BUDGET);
    }

    static LocalTree scan(List<Path> sources, long windowSize, long budget) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no local files given");
        }
        List<Entry> entries = new ArrayList<>();
        List<Entry> roots = new ArrayList<>();
        long skipped = 0;
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new NoSuchFileException(source.toString(), null, "no such file or directory");
            }
            Path normalized = source.toAbsolutePath().normalize();
            String rootName = normalized.getFileName() == null ? "" : normalized.getFileName().toString();
            if (rootName.isEmpty()) {
                throw new IOException(source + ": cannot send the root directory itself");
            }
            Path real = normalized.toRealPath();
            Entry root = entry(real, rootName);
            if (root == null) {
                throw new IOException(source + ": not a regular file or directory: " + typeOf(real));
            }
            entries.add(root);
            roots.add(root);
            if (!root.directory()) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(real)) {
                List<Path> paths = walk.skip(1).sorted(Comparator.comparing(Path::toString)).toList();
                for (Path p : paths) {
                    String relative = real.relativize(p).toString();
                    Entry entry = entry(p, rootName + "/" + relative);
                    if (entry == null) {
                        skipped++;
                    } else {
                        entries.add(entry);
                    }
                }
            }
        }
        return new LocalTree(entries, roots, skipped, new MappedWindows(windowSize, budget));
    }

    /** The entry for {@code p} (not following a link), or null when it is neither a regular file nor a directory. */
    private static Entry entry(Path p, String path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        int mode = Modes.toBits(attributes.permissions());
        if (attributes.isDirectory()) {
            return new Entry(path, true, 0, mode, attributes.lastModifiedTime(), p);
        }
        if (!attributes.isRegularFile()) {
            return null;
        }
        // Opened once now, so that an unreadable file is the caller's error before any host, not every host's.
        FileChannel.open(p, StandardOpenOption.READ).close();
        return new Entry(path, false, attributes.size(), mode, attributes.lastModifiedTime(), p);
    }

    /** What kind of file {@code p} is, in the words of a failure: "a fifo", "a socket", ... */
    private static String typeOf(Path p) {
        try {
            int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
            return switch (mode & 0170000) {
                case 0010000 -> "a fifo";
                case 0140000 -> "a socket";
                case 0020000 -> "a character device";
                case 0060000 -> "a block device";
                case 0120000 -> "a symbolic link";
                default -> "a special file (fifo, socket or device)";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "a special file (fifo, socket or device)";
        }
    }

    /** Every file and directory, each directory before what it contains. */
    public List<Entry> entries() {
        return entries;
    }

    /** The entries given on the command line, in order. */
    public List<Entry> roots() {
        return roots;
    }

    /** How many entries inside the given directories were left out: symbolic links, fifos, sockets, devices. */
    public long skipped() {
        return skipped;
    }

    /** The total size of every file. */
    public long totalBytes() {
        return entries.stream().mapToLong(Entry::size).sum();
    }

    /**
     * Opens the content of file {@code entry} for one host. The stream reads the shared windows; it may wait for
     * room when other hosts read other windows of the budget. Close it to give its window back.
     */
    public InputStream open(Entry entry) {
        if (entry.directory()) {
            throw new IllegalArgumentException(entry.path() + " is a directory");
        }
        return new Content(entry);
    }

    /** The most bytes of file content that were mapped at once. */
    long peakMappedBytes() {
        return windows.peakBytes();
    }

    /** How many windows were mapped so far (each read from the file once while it stays mapped). */
    long mappings() {
        return windows.mappings();
    }

    /** Unmaps the windows still mapped; a stream still open keeps its window until it is closed. */
    @Override
    public void close() {
        windows.close();
    }

    /** One host's reading of one file, window by window. Used by one thread. */
    private final class Content extends InputStream {
        private final Entry entry;
        private long position;
        private MappedWindows.Window window;
        private long windowIndex = -1;

        Content(Entry entry) {
            this.entry = entry;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] into, int offset, int length) throws IOException {
            if (length == 0) {
                return 0;
            }
            if (position >= entry.size()) {
                giveBack();
                return -1;
            }
            long index = position / windows.windowSize();
            if (index != windowIndex) {
                giveBack();
                window = windows.acquire(entry.source(), entry.size(), index);
                windowIndex = index;
            }
            MemorySegment segment = window.segment();
            long within = position - index * windows.windowSize();
            int n = (int) Math.min(length, segment.byteSize() - within);
            MemorySegment.copy(segment, ValueLayout.JAVA_BYTE, within, into, offset, n);
            position += n;
            return n;
        }

        @Override
        public void close() {
            giveBack();
            position = entry.size();
        }

        private void giveBack() {
            if (window != null) {
                windows.release(window);
                window = null;
                windowIndex = -1;
            }
        }
    }
}
