package dev.fanout.ssh;

import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;

/**
 * An SFTP session over MINA's {@link SftpClient}, with SFTP status codes turned into {@link RemoteFileException}
 * kinds. Reads and writes use {@value #BUFFER_SIZE}-byte requests: 64 to 240 KiB measured fastest against OpenSSH,
 * whose sftp-server closes the channel on 1 MiB requests. Used by one host task at a time.
 */
final class SftpRemoteFiles implements RemoteFiles {

    static final int BUFFER_SIZE = 128 * 1024;

    private final SftpClient sftp;
    private final OpenSSHPosixRenameExtension posixRename;

    SftpRemoteFiles(SftpClient sftp) {
        this.sftp = sftp;
        OpenSSHPosixRenameExtension extension = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        this.posixRename = extension != null && extension.isSupported() ? extension : null;
    }

    @Override
    public Optional<RemoteFileAttributes> stat(String path) throws IOException {
        try {
            return Optional.of(attributes(sftp.stat(path)));
        } catch (SftpException e) {
            if (kindOf(e) == RemoteFileException.Kind.NO_SUCH_FILE) {
                return Optional.empty();
            }
            throw translate(e, path);
        }
    }

    @Override
    public List<RemoteDirectoryEntry> list(String path) throws IOException {
        try {
            var entries = new ArrayList<RemoteDirectoryEntry>();
            for (SftpClient.DirEntry entry : sftp.readDir(path)) {
                String name = entry.getFilename();
                if (!name.equals(".") && !name.equals("..")) {
                    entries.add(new RemoteDirectoryEntry(name, attributes(entry.getAttributes())));
                }
            }
            return entries;
        } catch (SftpException e) {
            throw translate(e, path);
        }
    }

    @Override
    public void mkdir(String path) throws IOException {
        try {
            sftp.mkdir(path);
        } catch (SftpException e) {
            // SFTP v3 servers (OpenSSH) answer a plain "failure" when the path exists: say what it was.
            if (e.getStatus() == SftpConstants.SSH_FX_FAILURE && stat(path).isPresent()) {
                throw new RemoteFileException(RemoteFileException.Kind.ALREADY_EXISTS, path, null);
            }
            throw translate(e, path);
        }
    }

    @Override
    public OutputStream write(String path) throws IOException {
        try {
            return new Writing(sftp.write(path, BUFFER_SIZE, EnumSet.of(SftpClient.OpenMode.Write,
                    SftpClient.OpenMode.Create, SftpClient.OpenMode.Truncate)), path);
        } catch (SftpException e) {
            throw translate(e, path);
        }
    }

    @Override
    public InputStream read(String path) throws IOException {
        try {
            return new Reading(sftp.read(path, BUFFER_SIZE), path);
        } catch (SftpException e) {
            throw translate(e, path);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            if (posixRename != null) {
                posixRename.posixRename(from, to);
            } else if (sftp.getVersion() >= SftpConstants.SFTP_V5) {
                sftp.rename(from, to, SftpClient.CopyMode.Atomic, SftpClient.CopyMode.Overwrite);
            } else {
                // Plain SFTP v3 rename refuses an existing target: remove it first (not atomic, the best v3 offers).
                if (stat(to).isPresent()) {
                    sftp.remove(to);
                }
                sftp.rename(from, to);
            }
        } catch (SftpException e) {
            throw translate(e, from);
        }
    }

    @Override
    public void remove(String path) throws IOException {
        try {
            sftp.remove(path);
        } catch (SftpException e) {
            throw translate(e, path);
        }
    }

    /** Sets the permissions and, when given, both the modification and the access time to {@code modified}. */
    @Override
    public void setAttributes(String path, int permissions, FileTime modified) throws IOException {
        var attributes = new SftpClient.Attributes().perms(permissions & 07777);
        if (modified != null) {
            // SFTP v3 sets both times or neither.
            attributes.modifyTime(modified).accessTime(modified);
        }
        try {
            sftp.setStat(path, attributes);
        } catch (SftpException e) {
            throw translate(e, path);
        }
    }

    @Override
    public void close() {
        try {
            sftp.close();
        } catch (IOException e) {
            // The session is going away anyway; nothing is left to release.
        }
    }

    private static RemoteFileAttributes attributes(SftpClient.Attributes a) {
        return new RemoteFileAttributes(a.isDirectory(), a.isRegularFile(), a.getSize(), a.getPermissions() & 07777,
                a.getModifyTime());
    }

    static RemoteFileException.Kind kindOf(SftpException e) {
        return switch (e.getStatus()) {
            case SftpConstants.SSH_FX_NO_SUCH_FILE, SftpConstants.SSH_FX_NO_SUCH_PATH ->
                    RemoteFileException.Kind.NO_SUCH_FILE;
            case SftpConstants.SSH_FX_PERMISSION_DENIED, SftpConstants.SSH_FX_WRITE_PROTECT,
                 SftpConstants.SSH_FX_CANNOT_DELETE -> RemoteFileException.Kind.PERMISSION_DENIED;
            case SftpConstants.SSH_FX_NO_SPACE_ON_FILESYSTEM, SftpConstants.SSH_FX_QUOTA_EXCEEDED ->
                    RemoteFileException.Kind.NO_SPACE;
            case SftpConstants.SSH_FX_FILE_ALREADY_EXISTS -> RemoteFileException.Kind.ALREADY_EXISTS;
            case SftpConstants.SSH_FX_NOT_A_DIRECTORY -> RemoteFileException.Kind.NOT_A_DIRECTORY;
            default -> RemoteFileException.Kind.FAILURE;
        };
    }

    static RemoteFileException translate(SftpException e, String path) {
        RemoteFileException.Kind kind = kindOf(e);
        String detail = kind == RemoteFileException.Kind.FAILURE ? Display.oneLine(e) : null;
        var translated = new RemoteFileException(kind, path, detail);
        translated.initCause(e);
        return translated;
    }

    /** A remote file being written; SFTP errors become {@link RemoteFileException}s. */
    private static final class Writing extends OutputStream {
        private final OutputStream out;
        private final String path;

        Writing(OutputStream out, String path) {
            this.out = out;
            this.path = path;
        }

        @Override
        public void write(int b) throws IOException {
            try {
                out.write(b);
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }
    }

    /** A remote file being read; SFTP errors become {@link RemoteFileException}s. */
    private static final class Reading extends InputStream {
        private final InputStream in;
        private final String path;

        Reading(InputStream in, String path) {
            this.in = in;
            this.path = path;
        }

        @Override
        public int read() throws IOException {
            try {
                return in.read();
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return in.read(b, off, len);
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }
    }
}
