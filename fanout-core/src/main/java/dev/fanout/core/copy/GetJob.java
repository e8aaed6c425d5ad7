package dev.fanout.core.copy;

import dev.fanout.core.exec.HostContext;
import dev.fanout.core.exec.Job;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.core.transport.RemoteFiles.RemoteDirectoryEntry;
import dev.fanout.core.transport.RemoteFiles.RemoteFileAttributes;
import dev.fanout.core.transport.TransportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.channels.ClosedByInterruptException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.Objects;
import dev.fanout.core.text.SafeNames;

/**
 * The job that gets a remote file or directory from every host into {@code LOCALDIR/<host>/<name>}, one directory
 * per host so hosts never overwrite each other. Host names and remote entry names are made safe before they
 * become local paths; each file is written under a temporary name and renamed into place when complete.
 * Immutable and thread-safe.
 */
public final class GetJob implements Job {
    private final String remote;
    private final Path localDirectory;
    private final CopyOptions options;
    /** Whether {@link #localDirectory} is the host's own directory rather than the one that holds one per host. */
    private final boolean ownDirectory;

    public GetJob(String remote, Path localDirectory, CopyOptions options) {
        this(remote, localDirectory, options, false);
    }

    private GetJob(String remote, Path localDirectory, CopyOptions options, boolean ownDirectory) {
        this.remote = RemotePaths.expandHome(Objects.requireNonNull(remote, "remote"));
        this.localDirectory = Objects.requireNonNull(localDirectory, "localDirectory");
        this.options = Objects.requireNonNull(options, "options");
        this.ownDirectory = ownDirectory;
        if (remote.isEmpty()) {
            throw new IllegalArgumentException("empty remote path");
        }
    }

    /**
     * A job for one host that writes its copy into {@code directory} itself, not into a directory per host below it:
     * what a local directory with a per-host template becomes for each host (see
     * {@link dev.fanout.core.exec.PerHostJob}); the caller keeps hosts apart.
     */
    public static GetJob intoOwnDirectory(String remote, Path directory, CopyOptions options) {
        return new GetJob(remote, directory, options, true);
    }

    @Override
    public String description() {
        return "get: " + remote + " -> " + localDirectory + (ownDirectory ? "/" : "/<host>/");
    }

    /** Where a host's copy lands: {@code LOCALDIR/<safe host name>}, or the job's own directory. */
    public Path hostDirectory(String hostName) {
        return ownDirectory ? localDirectory : localDirectory.resolve(SafeNames.component(hostName));
    }

    @Override
    public Outcome execute(Connection connection, HostContext context)
            throws TransportException, InterruptedException {
        try (RemoteFiles files = connection.files()) {
            RemoteFileAttributes attributes = files.stat(remote).orElseThrow(() ->
                    new RemoteFileException(RemoteFileException.Kind.NO_SUCH_FILE, remote, null));
            if (!attributes.directory() && !attributes.regularFile()) {
                return new Outcome.Failed(remote + ": not a regular file or directory: " + attributes.type().text());
            }
            Path hostDir = hostDirectory(context.host().name());
            Files.createDirectories(hostDir);
            String name = SafeNames.component(RemotePaths.baseName(remote));
            Counter counter = new Counter();
            copy(files, remote, attributes, hostDir.resolve(name), context, counter);
            return new Outcome.Transferred(counter.files, counter.bytes, counter.skipped, 0);
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted during transfer");
        } catch (IOException e) {
            return new Outcome.Failed(e instanceof RemoteFileException ? e.getMessage() : RemotePaths.describe(e));
        }
    }

    private static final class Counter {
        long files;
        long bytes;
        long skipped;
    }

    private void copy(RemoteFiles files, String path, RemoteFileAttributes attributes, Path target,
                      HostContext context, Counter counter) throws IOException {
        if (attributes.directory()) {
            Files.createDirectories(target);
            for (RemoteDirectoryEntry entry : files.list(path)) {
                if (!SafeNames.isPlainEntryName(entry.name())) {
                    throw new RemoteFileException(RemoteFileException.Kind.FAILURE, path,
                            "refusing unsafe entry name '" + entry.name() + "'");
                }
                copy(files, RemotePaths.join(path, entry.name()), entry.attributes(), target.resolve(entry.name()),
                        context, counter);
            }
            finish(target, attributes, true);
        } else if (attributes.regularFile()) {
            download(files, path, target, context);
            finish(target, attributes, false);
            counter.files++;
            counter.bytes += attributes.size();
        } else {
            // Inside a tree, symbolic links, fifos, sockets and devices are left out and counted, as rsync does
            // without -l: following links could loop or pull in the host's whole file system.
            counter.skipped++;
        }
    }

    private void download(RemoteFiles files, String path, Path target, HostContext context) throws IOException {
        Path temporary = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".fanout.tmp");
        try {
            try (InputStream in = files.read(path); OutputStream out = Files.newOutputStream(temporary)) {
                byte[] buffer = new byte[files.chunkSize()];
                int n;
                while ((n = in.read(buffer)) >= 0) {
                    writeLocally(out, buffer, n, target);
                    context.transferred(n);
                }
            }
            try {
                Files.move(temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Writes to the local file, naming {@code target} in a failure ("./logs/db01/big: no space left on device"). */
    private static void writeLocally(OutputStream out, byte[] buffer, int n, Path target) throws IOException {
        try {
            out.write(buffer, 0, n);
        } catch (InterruptedIOException e) {
            throw e;
        } catch (ClosedByInterruptException e) {
            throw new InterruptedIOException("interrupted during transfer");
        } catch (IOException e) {
            String reason = e.getMessage() == null ? "write failed" : e.getMessage().toLowerCase(Locale.ROOT);
            throw new IOException(target + ": " + reason, e);
        }
    }

    private void finish(Path target, RemoteFileAttributes attributes, boolean directory) throws IOException {
        if (!directory || options.preserve()) {
            Files.setPosixFilePermissions(target, Modes.toSet(attributes.permissions()));
        }
        if (options.preserve() && attributes.modified() != null) {
            Files.setLastModifiedTime(target, attributes.modified());
        }
    }
}
