package dev.fanout.core.transport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A file-transfer session (SFTP) on one host. Paths are the server's, absolute or relative to the login
 * directory. Failures are {@link RemoteFileException}s whose kind says why (no such file, permission denied,
 * no space...). Used by one host task at a time.
 */
public interface RemoteFiles extends AutoCloseable {

    /** The attributes of {@code path} (following links), or empty when nothing is there. */
    Optional<RemoteFileAttributes> stat(String path) throws IOException;

    /** The entries of directory {@code path}, without "." and "..". */
    List<RemoteDirectoryEntry> list(String path) throws IOException;

    /** Creates directory {@code path}; its parent must exist. Fails if something is already there. */
    void mkdir(String path) throws IOException;

    /**
     * The size of one read or write that this session serves best; what a copy passes to {@link #write} and asks
     * of {@link #read} at a time.
     */
    default int chunkSize() {
        return 64 * 1024;
    }

    /** Opens {@code path} for writing, creating or truncating it. */
    OutputStream write(String path) throws IOException;

    /** Opens {@code path} for reading. */
    InputStream read(String path) throws IOException;

    /** Renames {@code from} to {@code to}, replacing {@code to} atomically where the server can. */
    void rename(String from, String to) throws IOException;

    /** Removes the file {@code path}. */
    void remove(String path) throws IOException;

    /**
     * How many bytes an unprivileged user may still write on the file system that holds {@code path}, or empty when
     * the server cannot tell (OpenSSH answers through its {@code statvfs@openssh.com} extension).
     */
    OptionalLong freeSpace(String path) throws IOException;

    /** Sets the permission bits (e.g. 0644) and, when non-null, the modification time of {@code path}. */
    void setAttributes(String path, int permissions, FileTime modified) throws IOException;

    @Override
    void close();

    /** What kind of file a remote path names. */
    enum Type {
        REGULAR("a regular file"), DIRECTORY("a directory"), SYMBOLIC_LINK("a symbolic link"), FIFO("a fifo"),
        SOCKET("a socket"), CHARACTER_DEVICE("a character device"), BLOCK_DEVICE("a block device"),
        OTHER("a special file (fifo, socket or device)");

        private final String text;

        Type(String text) {
            this.text = text;
        }

        /** The type as a person reads it after "not a regular file or directory: ", e.g. "a fifo". */
        public String text() {
            return text;
        }
    }

    /**
     * What {@link #stat} or a listing tells of a remote file.
     *
     * @param type        its kind (a listing does not follow symbolic links, {@link #stat} does)
     * @param permissions the permission bits, e.g. 0644
     */
    record RemoteFileAttributes(Type type, long size, int permissions, FileTime modified) {
        public boolean directory() {
            return type == Type.DIRECTORY;
        }

        public boolean regularFile() {
            return type == Type.REGULAR;
        }
    }

    /** One entry of a remote directory listing. */
    record RemoteDirectoryEntry(String name, RemoteFileAttributes attributes) {
    }
}
