package dev.fanout.lab;

import java.io.IOException;
import java.nio.file.FileSystem;
import java.nio.file.Path;
import java.util.Map;

import org.apache.sshd.common.file.FileSystemFactory;
import org.apache.sshd.common.file.root.RootedFileSystem;
import org.apache.sshd.common.file.root.RootedFileSystemProvider;
import org.apache.sshd.common.file.root.RootedPath;
import org.apache.sshd.common.session.SessionContext;

/**
 * Gives each SFTP session the file system of the host it came in to: rooted at the host's root directory, so that
 * {@code /tmp/x} on web01 is {@code <lab>/hosts/web01/tmp/x}, with {@code /home/<user>} as the starting directory.
 * Immutable and thread-safe.
 */
final class HostFileSystemFactory implements FileSystemFactory {
    private final HostTable hosts;

    HostFileSystemFactory(HostTable hosts) {
        this.hosts = hosts;
    }

    @Override
    public Path getUserHomeDir(SessionContext session) throws IOException {
        return hosts.prepare(require(session));
    }

    @Override
    public FileSystem createFileSystem(SessionContext session) throws IOException {
        LabHost host = require(session);
        hosts.prepare(host);
        return new HostFileSystemProvider(host.root(), hosts.homeInsideRoot()).fileSystem;
    }

    private LabHost require(SessionContext session) throws IOException {
        LabHost host = hosts.of(session);
        if (host == null) {
            throw new IOException("the session did not come in to a lab host: " + session);
        }
        return host;
    }

    /**
     * A provider of exactly one rooted file system. MINA's provider keeps a registry of every file system it made and
     * refuses a second one on the same root; one provider per session avoids both the shared registry and the refusal.
     */
    private static final class HostFileSystemProvider extends RootedFileSystemProvider {
        final HostFileSystem fileSystem;

        HostFileSystemProvider(Path root, String startDirectory) {
            this.fileSystem = new HostFileSystem(this, root, startDirectory);
        }

        @Override
        protected RootedFileSystem getFileSystem(Path path) {
            return fileSystem;
        }
    }

    /** A rooted file system whose relative paths start at the host's home directory rather than at its root. */
    private static final class HostFileSystem extends RootedFileSystem {
        private final String startDirectory;

        HostFileSystem(RootedFileSystemProvider provider, Path root, String startDirectory) {
            super(provider, root, Map.of());
            this.startDirectory = startDirectory;
        }

        @Override
        public RootedPath getDefaultDir() {
            return getPath(startDirectory);
        }
    }
}
