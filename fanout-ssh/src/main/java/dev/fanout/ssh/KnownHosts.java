package dev.fanout.ssh;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * The known_hosts files of one transport: each is parsed once and parsed again only when its size or modification
 * time changes, so a run over thousands of hosts reads a shared file once. Appends new keys for
 * {@link HostKeyPolicy#ACCEPT_NEW}, one at a time. Thread-safe.
 */
final class KnownHosts {

    private final ConcurrentHashMap<Path, Snapshot> cache = new ConcurrentHashMap<>();
    private final Object appendLock = new Object();

    /** The current content of {@code file}; a missing file is empty. */
    KnownHostsFile read(Path file) throws IOException {
        BasicFileAttributes attributes;
        try {
            attributes = Files.readAttributes(file, BasicFileAttributes.class);
        } catch (NoSuchFileException e) {
            return KnownHostsFile.EMPTY;
        }
        Snapshot snapshot = cache.get(file);
        if (snapshot != null && snapshot.matches(attributes)) {
            return snapshot.content();
        }
        KnownHostsFile content = KnownHostsFile.parse(lines(Files.readAllBytes(file)));
        cache.put(file, new Snapshot(attributes.lastModifiedTime(), attributes.size(), content));
        return content;
    }

    /**
     * Appends {@code hostName keyType key} to {@code file} (creating it and its directory, private to the user) unless
     * the same key is already recorded for that name, e.g. by a concurrent connection to the same host.
     */
    void append(Path file, String hostName, String keyType, byte[] keyBlob) throws IOException {
        synchronized (appendLock) {
            Path directory = file.toAbsolutePath().getParent();
            if (!Files.isDirectory(directory)) {
                Files.createDirectories(directory);
                restrict(directory, "rwx------");
            }
            boolean existed = Files.exists(file);
            byte[] bytes = existed ? Files.readAllBytes(file) : new byte[0];
            List<String> lines = lines(bytes);
            KnownHostsFile current = KnownHostsFile.parse(lines);
            if (current.keysOf(hostName).stream().anyMatch(e -> Arrays.equals(e.keyBlob(), keyBlob))) {
                return;
            }
            String line = KnownHostsFile.Entry.format(hostName, keyType, keyBlob);
            boolean needsNewline = bytes.length > 0 && bytes[bytes.length - 1] != '\n';
            Files.writeString(file, (needsNewline ? "\n" : "") + line + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            if (!existed) {
                restrict(file, "rw-------");
            }
            BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
            KnownHostsFile content = KnownHostsFile.parse(Stream.concat(lines.stream(), Stream.of(line)).toList());
            cache.put(file, new Snapshot(attributes.lastModifiedTime(), attributes.size(), content));
        }
    }

    private static List<String> lines(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8).lines().toList();
    }

    private static void restrict(Path path, String permissions) throws IOException {
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString(permissions));
        }
    }

    private record Snapshot(FileTime modified, long size, KnownHostsFile content) {
        boolean matches(BasicFileAttributes attributes) {
            return modified.equals(attributes.lastModifiedTime()) && size == attributes.size();
        }
    }
}
