package dev.fanout.core.record;

import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Creates files and directories that only their owner can read, where the file system knows POSIX permissions.
 * Stateless.
 */
final class PrivateFiles {
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Like {@link Files#createDirectories}; directories it creates are {@code rwx------}. */
    static Path createDirectories(Path dir) throws IOException {
        return POSIX ? Files.createDirectories(dir, ownerOnly("rwx------")) : Files.createDirectories(dir);
    }

    /** Like {@link Files#createDirectory}, atomic, failing if {@code dir} exists; the directory is {@code rwx------}. */
    static Path createDirectory(Path dir) throws IOException {
        return POSIX ? Files.createDirectory(dir, ownerOnly("rwx------")) : Files.createDirectory(dir);
    }

    /**
     * A {@code java.io} stream writing {@code file} (appending, or from its start), created {@code rw-------} when
     * it does not exist; an existing file keeps its mode. A {@code java.io} stream keeps working on a thread whose
     * interrupt flag is set, where an NIO channel would close itself.
     */
    static FileOutputStream open(Path file, boolean append) throws IOException {
        if (POSIX) {
            try {
                Files.createFile(file, ownerOnly("rw-------"));
            } catch (FileAlreadyExistsException e) {
                // written before (a late output, a rewritten file): its mode was set when it was created
            }
        }
        return new FileOutputStream(file.toFile(), append);
    }

    private static FileAttribute<?> ownerOnly(String mode) {
        return PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode));
    }
}
