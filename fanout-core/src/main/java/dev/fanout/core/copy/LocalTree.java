package dev.fanout.core.copy;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
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
 * The local side of a put: the given files and directories, scanned once before the run, each file mapped into
 * memory once and shared read-only by every host, so a file is read from disk once per run however many hosts
 * receive it. Immutable and thread-safe.
 */
public final class LocalTree {
    /** The largest piece of a file one mapping holds; bigger files are mapped in several pieces. */
    private static final long SEGMENT = 1L << 30;

    /**
     * One file or directory to send.
     *
     * @param path        where it goes below the target, with '/' separators: {@code app/conf/a.ini}
     * @param directory   whether it is a directory
     * @param size        the file's size in bytes (0 for a directory)
     * @param permissions the permission bits, e.g. 0644
     * @param modified    the modification time
     * @param segments    the file's content, read-only; use {@code duplicate()} before reading
     */
    public record Entry(String path, boolean directory, long size, int permissions, FileTime modified,
                        List<ByteBuffer> segments) {
    }

    private final List<Entry> entries;
    private final List<Entry> roots;

    private LocalTree(List<Entry> entries, List<Entry> roots) {
        this.entries = List.copyOf(entries);
        this.roots = List.copyOf(roots);
    }

    /**
     * Scans {@code sources} (files or directories, directories recursively, following links).
     *
     * @throws NoSuchFileException when a source does not exist (its message names it)
     * @throws IOException         when a source cannot be read
     */
    public static LocalTree scan(List<Path> sources) throws IOException {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("no local files given");
        }
        List<Entry> entries = new ArrayList<>();
        List<Entry> roots = new ArrayList<>();
        for (Path source : sources) {
            if (!Files.exists(source)) {
                throw new NoSuchFileException(source.toString(), null, "no such file or directory");
            }
            Path normalized = source.toAbsolutePath().normalize();
            String rootName = normalized.getFileName() == null ? "" : normalized.getFileName().toString();
            if (rootName.isEmpty()) {
                throw new IOException(source + ": cannot send the root directory itself");
            }
            try (Stream<Path> walk = Files.walk(normalized, FileVisitOption.FOLLOW_LINKS)) {
                List<Path> paths = walk.sorted(Comparator.comparing(Path::toString)).toList();
                for (Path p : paths) {
                    String relative = normalized.relativize(p).toString().replace('\\', '/');
                    Entry entry = entry(p, relative.isEmpty() ? rootName : rootName + "/" + relative);
                    entries.add(entry);
                    if (p.equals(normalized)) {
                        roots.add(entry);
                    }
                }
            }
        }
        return new LocalTree(entries, roots);
    }

    private static Entry entry(Path p, String path) throws IOException {
        PosixFileAttributes attributes = Files.readAttributes(p, PosixFileAttributes.class);
        int mode = Modes.toBits(attributes.permissions());
        if (attributes.isDirectory()) {
            return new Entry(path, true, 0, mode, attributes.lastModifiedTime(), List.of());
        }
        if (!attributes.isRegularFile()) {
            throw new IOException(p + ": not a regular file or directory");
        }
        List<ByteBuffer> segments = new ArrayList<>();
        try (FileChannel channel = FileChannel.open(p, StandardOpenOption.READ)) {
            long size = channel.size();
            for (long at = 0; at < size; at += SEGMENT) {
                segments.add(channel.map(FileChannel.MapMode.READ_ONLY, at, Math.min(SEGMENT, size - at)));
            }
            return new Entry(path, false, size, mode, attributes.lastModifiedTime(), List.copyOf(segments));
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
}
