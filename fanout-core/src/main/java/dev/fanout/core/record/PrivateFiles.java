package dev.fanout.core.record;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/** Creates directories that only their owner can read, where the file system knows POSIX permissions. Stateless. */
final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Like {@link Files#createDirectories}; directories it creates are {@code rwx------}. */
    static Path createDirectories(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, ownerOnly()) : Files.createDirectories(dir);
    }

    /** Like {@link Files#createDirectory}, atomic, failing if {@code dir} exists; the directory is {@code rwx------}. */
    static Path createDirectory(Path dir) throws IOException {
        return POSIX ? Files.createDirectory(dir, ownerOnly()) : Files.createDirectory(dir);
    }

    private static FileAttribute<?> ownerOnly() {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"));
    }
}
