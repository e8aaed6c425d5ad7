package dev.fanout.lab;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/** File helpers of the lab: atomic writes with set permissions, recursive deletion. Stateless and thread-safe. */
final class LabFiles {
    static final Set<PosixFilePermission> PRIVATE_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> PUBLIC_FILE = PosixFilePermissions.fromString("rw-r--r--");
    static final Set<PosixFilePermission> EXECUTABLE_FILE = PosixFilePermissions.fromString("rwxr-xr-x");
    static final Set<PosixFilePermission> PRIVATE_DIRECTORY = PosixFilePermissions.fromString("rwx------");

    private LabFiles() {
    }

    static void writePrivate(Path file, byte[] content) throws IOException {
        write(file, content, PRIVATE_FILE);
    }

    static void writePublic(Path file, byte[] content) throws IOException {
        write(file, content, PUBLIC_FILE);
    }

    /**
     * Replaces {@code file} with {@code content} through a temporary file created with {@code permissions}, so that
     * readers never see a partial file and a secret is never readable by others, not even for a moment.
     */
    static void write(Path file, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        FileAttribute<Set<PosixFilePermission>> attribute = PosixFilePermissions.asFileAttribute(permissions);
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp", attribute);
        try {
            Files.write(temporary, content);
            try {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /**
     * Deletes the subtrees of {@code directory} on {@code threads} threads, then {@code directory} itself. On slow file
     * systems the thousands of host trees of a big lab delete several times faster this way.
     */
    static void deleteTreeInParallel(Path directory, int threads) throws IOException {
        if (!Files.isDirectory(directory, LinkOption.NOFOLLOW_LINKS)) {
            deleteTree(directory);
            return;
        }
        List<Future<?>> deletions = new ArrayList<>();
        try (ExecutorService pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("lab-delete-", 0)
                .daemon().factory()); Stream<Path> children = Files.list(directory)) {
            children.forEach(child -> deletions.add(pool.submit(() -> {
                deleteTree(child);
                return null;
            })));
        }
        for (Future<?> deletion : deletions) {
            try {
                deletion.get();
            } catch (ExecutionException e) {
                throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while deleting " + directory);
            }
        }
        deleteTree(directory);
    }

    /** Deletes {@code directory} and everything below it, without following symbolic links. */
    static void deleteTree(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        Files.walkFileTree(directory, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                if (!Files.isWritable(dir) || !Files.isExecutable(dir) || !Files.isReadable(dir)) {
                    Files.setPosixFilePermissions(dir, PRIVATE_DIRECTORY);
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.delete(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                if (e != null) {
                    throw e;
                }
                Files.delete(dir);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
