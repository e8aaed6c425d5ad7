package dev.fanout.ssh;

import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.extensions.SpaceAvailableExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHPosixRenameExtension;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatExtensionInfo;
import org.apache.sshd.sftp.client.extensions.openssh.OpenSSHStatPathExtension;
import org.apache.sshd.sftp.common.SftpConstants;
import org.apache.sshd.sftp.common.SftpException;
import org.apache.sshd.sftp.common.extensions.SpaceAvailableExtensionInfo;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * An SFTP session over MINA's {@link SftpClient}, with SFTP status codes turned into {@link RemoteFileException}
 * kinds. Reads and writes use {@value #BUFFER_SIZE}-byte requests: 64 to 240 KiB measured fastest against OpenSSH,
 * whose sftp-server closes the channel on 1 MiB requests. Used by one host task at a time.
 */
final class SftpRemoteFiles implements RemoteFiles {

    /** The size of one SFTP request, and of a copy's buffer (see the class comment). */
    static final int BUFFER_SIZE = 128 * 1024;

    /** Below this many free bytes a write that failed without a reason is taken for a full disk. */
    private static final long NEARLY_FULL = 1L << 20;

    private final SftpClient sftp;
    private final OpenSSHPosixRenameExtension posixRename;
    private final OpenSSHStatPathExtension statVfs;
    private final SpaceAvailableExtension spaceAvailable;

    SftpRemoteFiles(SftpClient sftp) {
        this.sftp = sftp;
        OpenSSHPosixRenameExtension extension = sftp.getExtension(OpenSSHPosixRenameExtension.class);
        this.posixRename = extension != null && extension.isSupported() ? extension : null;
        OpenSSHStatPathExtension stat = sftp.getExtension(OpenSSHStatPathExtension.class);
        this.statVfs = stat != null && stat.isSupported() ? stat : null;
        SpaceAvailableExtension space = sftp.getExtension(SpaceAvailableExtension.class);
        this.spaceAvailable = space != null && space.isSupported() ? space : null;
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
    public int chunkSize() {
        return BUFFER_SIZE;
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

    /** Free space by OpenSSH's {@code statvfs@openssh.com}, else by the {@code space-available} extension. */
    @Override
    public OptionalLong freeSpace(String path) throws IOException {
        if (statVfs == null) {
            if (spaceAvailable == null) {
                return OptionalLong.empty();
            }
            try {
                SpaceAvailableExtensionInfo info = spaceAvailable.available(path);
                // A server without quotas (MINA's) leaves the user's figures 0 and gives the device's.
                long free = info.bytesAvailableToUser > 0 ? info.unusedBytesAvailableToUser : info.unusedBytesOnDevice;
                return OptionalLong.of(Math.max(0, free));
            } catch (SftpException e) {
                throw translate(e, path);
            }
        }
        try {
            OpenSSHStatExtensionInfo info = statVfs.stat(path);
            long unit = Math.max(1, info.f_frsize > 0 ? info.f_frsize : info.f_bsize);
            return OptionalLong.of(info.f_bavail < 0 || info.f_bavail > Long.MAX_VALUE / unit ? Long.MAX_VALUE
                    : info.f_bavail * unit);
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
        return new RemoteFileAttributes(type(a), a.getSize(), a.getPermissions() & 07777, a.getModifyTime());
    }

    /** The file type from the mode's S_IFMT bits (SFTP v3 sends them), else from the attributes' own type. */
    private static RemoteFiles.Type type(SftpClient.Attributes a) {
        return switch (a.getPermissions() & 0170000) {
            case 0100000 -> RemoteFiles.Type.REGULAR;
            case 0040000 -> RemoteFiles.Type.DIRECTORY;
            case 0120000 -> RemoteFiles.Type.SYMBOLIC_LINK;
            case 0010000 -> RemoteFiles.Type.FIFO;
            case 0140000 -> RemoteFiles.Type.SOCKET;
            case 0020000 -> RemoteFiles.Type.CHARACTER_DEVICE;
            case 0060000 -> RemoteFiles.Type.BLOCK_DEVICE;
            default -> a.isRegularFile() ? RemoteFiles.Type.REGULAR : a.isDirectory() ? RemoteFiles.Type.DIRECTORY
                    : a.isSymbolicLink() ? RemoteFiles.Type.SYMBOLIC_LINK : RemoteFiles.Type.OTHER;
        };
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
            // A server that has no code for a full disk may still say it in words.
            default -> String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("no space left")
                    ? RemoteFileException.Kind.NO_SPACE : RemoteFileException.Kind.FAILURE;
        };
    }

    static RemoteFileException translate(SftpException e, String path) {
        RemoteFileException.Kind kind = kindOf(e);
        String detail = kind == RemoteFileException.Kind.FAILURE ? Display.oneLine(e) : null;
        var translated = new RemoteFileException(kind, path, detail);
        translated.initCause(e);
        return translated;
    }

    /**
     * A failed write of {@code path}. SFTP v3 has no code for a full disk: OpenSSH answers a plain "Failure", MINA's
     * server "General failure". When the server tells its free space and less than {@value #NEARLY_FULL} bytes are
     * left, the failure says so.
     */
    private RemoteFileException writeFailure(SftpException e, String path) {
        RemoteFileException translated = translate(e, path);
        if (translated.kind() != RemoteFileException.Kind.FAILURE || statVfs == null && spaceAvailable == null) {
            return translated;
        }
        int slash = path.lastIndexOf('/');
        String directory = slash < 0 ? "." : slash == 0 ? "/" : path.substring(0, slash);
        try {
            OptionalLong free = freeSpace(directory);
            if (free.isPresent() && free.getAsLong() < NEARLY_FULL) {
                var full = new RemoteFileException(RemoteFileException.Kind.NO_SPACE, path,
                        free.getAsLong() + " bytes free");
                full.initCause(e);
                return full;
            }
        } catch (IOException | RuntimeException checking) {
            translated.addSuppressed(checking);
        }
        return translated;
    }

    /** A remote file being written; SFTP errors become {@link RemoteFileException}s. */
    private final class Writing extends OutputStream {
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
                throw writeFailure(e, path);
            }
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            try {
                out.write(b, off, len);
            } catch (SftpException e) {
                throw writeFailure(e, path);
            }
        }

        @Override
        public void flush() throws IOException {
            try {
                out.flush();
            } catch (SftpException e) {
                throw writeFailure(e, path);
            }
        }

        @Override
        public void close() throws IOException {
            try {
                out.close();
            } catch (SftpException e) {
                throw writeFailure(e, path);
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
