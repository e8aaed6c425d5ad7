package dev.fanout.core.copy;

import dev.fanout.core.exec.HostContext;
import dev.fanout.core.exec.Job;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.text.Units;
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
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * The job that puts local files and directories on every host over SFTP. Each file is written under a temporary
 * name in its target directory, its size checked, then renamed into place, so a failure or an interrupt never
 * leaves a truncated file at the final name. Thread-safe (the local files are shared read-only); {@link #close()}
 * after the run.
 *
 * <p>Target rules, as cp and scp: a remote path ending in '/' or naming an existing directory receives each source
 * under its own name (a missing final directory is created when the path ends in '/'); otherwise a single source
 * is written to that path.
 *
 * <p>Before writing, the free space of the target's file system is checked where the server tells it (OpenSSH's
 * {@code statvfs@openssh.com}). In each directory it writes to, the job removes the temporary files an earlier put
 * left there when it was killed: names of its own pattern ({@code .NAME.fanout-XXXXXXXX.tmp}) last modified before
 * this job started, by the server's clock (taken from the modification time of the job's own temporary file).
 *
 * <p>On a host whose {@link dev.fanout.core.inventory.Become} is enabled, the files are written to a private staging
 * directory of the login user and moved into place through sudo, still under a temporary name first
 * ({@code SudoPut}), so targets only the become user can write are reached, with {@link CopyOptions#owner()}.
 */
public final class PutJob implements Job, AutoCloseable {
    private final LocalTree local;
    private final String remote;
    private final CopyOptions options;
    private final long started = System.nanoTime();

    public PutJob(LocalTree local, String remote, CopyOptions options) {
        this.local = Objects.requireNonNull(local, "local");
        this.remote = RemotePaths.expandHome(Objects.requireNonNull(remote, "remote"));
        this.options = Objects.requireNonNull(options, "options");
        if (remote.isEmpty()) {
            throw new IllegalArgumentException("empty remote path");
        }
    }

    @Override
    public String description() {
        return "put: " + local.roots().stream().map(LocalTree.Entry::path).collect(Collectors.joining(" ")) + " -> "
                + remote;
    }

    @Override
    public Outcome execute(Connection connection, HostContext context)
            throws TransportException, InterruptedException {
        try (RemoteFiles files = connection.files()) {
            if (context.host().become().enabled()) {
                return new SudoPut(local, remote, options, nonce()).execute(connection, files, context);
            }
            if (options.owner() != null) {
                return new Outcome.Failed("cannot give the files to " + options.owner() + " without sudo");
            }
            String base = targetBase(files);
            String full = enoughSpace(files, base);
            if (full != null) {
                return new Outcome.Failed(full);
            }
            var cleanup = new Cleanup();
            long count = 0;
            long bytes = 0;
            for (LocalTree.Entry entry : local.entries()) {
                String dest = destination(base, entry);
                if (entry.directory()) {
                    ensureDirectory(files, dest, entry);
                } else if (put(files, entry, dest, context, cleanup)) {
                    count++;
                    bytes += entry.size();
                }
            }
            return new Outcome.Transferred(count, bytes, local.skipped(), cleanup.removed);
        } catch (InterruptedIOException e) {
            throw new InterruptedException("interrupted during transfer");
        } catch (RemoteFileException e) {
            return new Outcome.Failed(e.getMessage());
        } catch (IOException e) {
            return new Outcome.Failed(RemotePaths.describe(e));
        }
    }

    /** Unmaps the local files' windows still mapped (the run is over). */
    @Override
    public void close() {
        local.close();
    }

    /** The directory that receives the sources under their own names, or null when {@code remote} is the file. */
    private String targetBase(RemoteFiles files) throws IOException {
        if (options.mkdir()) {
            makeDirectories(files, remote.endsWith("/") ? RemotePaths.trimSlashes(remote) : RemotePaths.parent(remote));
        }
        Optional<RemoteFileAttributes> target = files.stat(remote);
        if (target.isPresent() && target.get().directory()) {
            return remote;
        }
        if (remote.endsWith("/")) {
            if (target.isPresent()) {
                throw new RemoteFileException(RemoteFileException.Kind.NOT_A_DIRECTORY, remote, null);
            }
            files.mkdir(RemotePaths.trimSlashes(remote));
            return remote;
        }
        boolean single = local.roots().size() == 1 && !local.roots().getFirst().directory();
        if (!single) {
            if (target.isPresent()) {
                throw new RemoteFileException(RemoteFileException.Kind.NOT_A_DIRECTORY, remote, null);
            }
            if (local.roots().size() == 1) {
                // one directory onto a new path: the path becomes the copy of the directory (cp -r a b)
                return null;
            }
            throw new RemoteFileException(RemoteFileException.Kind.NO_SUCH_FILE, remote,
                    "several sources need an existing directory or a path ending in /");
        }
        return null;
    }

    /**
     * Why the files cannot fit on the target's file system ("/srv: no space left: 1.0 MiB free, 3.0 MiB needed"),
     * or null when they can or the server cannot tell. With {@code --skip-same} the bytes to send are not known
     * before comparing, so nothing is checked.
     */
    private String enoughSpace(RemoteFiles files, String base) throws IOException {
        long total = local.totalBytes();
        if (options.skipSame() || total == 0) {
            return null;
        }
        String directory = base != null ? RemotePaths.trimSlashes(base) : RemotePaths.parent(remote);
        OptionalLong free = files.freeSpace(directory);
        if (free.isEmpty() || free.getAsLong() >= total) {
            return null;
        }
        long needed = peakGrowth(files, base);
        return needed <= free.getAsLong() ? null : directory + ": no space left: " + Units.bytes(free.getAsLong())
                + " free, " + Units.bytes(needed) + " needed";
    }

    /**
     * How much the target's usage grows at most during the put, files replaced in place taken into account: each
     * file is written beside the one it replaces, which is freed by the rename. Asked only when the total does not
     * fit, as it costs a stat per file.
     */
    private long peakGrowth(RemoteFiles files, String base) throws IOException {
        long grown = 0;
        long peak = 0;
        for (LocalTree.Entry entry : local.entries()) {
            if (!entry.directory()) {
                long replaced = files.stat(destination(base, entry)).filter(RemoteFileAttributes::regularFile)
                        .map(RemoteFileAttributes::size).orElse(0L);
                peak = Math.max(peak, grown + entry.size());
                grown += entry.size() - replaced;
            }
        }
        return peak;
    }

    /** Where {@code entry} goes: below {@code base}, or, when base is null, at {@code remote} in place of its root. */
    private String destination(String base, LocalTree.Entry entry) {
        if (base != null) {
            return RemotePaths.join(base, entry.path());
        }
        int slash = entry.path().indexOf('/');
        return slash < 0 ? remote : RemotePaths.join(remote, entry.path().substring(slash + 1));
    }

    /** Creates {@code directory} and every missing directory above it, as {@code mkdir -p}. */
    private static void makeDirectories(RemoteFiles files, String directory) throws IOException {
        if (directory.equals(".") || directory.equals("/")) {
            return;
        }
        Optional<RemoteFileAttributes> existing = files.stat(directory);
        if (existing.isPresent()) {
            if (!existing.get().directory()) {
                throw new RemoteFileException(RemoteFileException.Kind.NOT_A_DIRECTORY, directory, "exists");
            }
            return;
        }
        makeDirectories(files, RemotePaths.parent(directory));
        files.mkdir(directory);
    }

    private void ensureDirectory(RemoteFiles files, String path, LocalTree.Entry entry) throws IOException {
        Optional<RemoteFileAttributes> existing = files.stat(path);
        if (existing.isEmpty()) {
            files.mkdir(path);
        } else if (!existing.get().directory()) {
            throw new RemoteFileException(RemoteFileException.Kind.NOT_A_DIRECTORY, path, "exists");
        }
        if (options.preserve()) {
            files.setAttributes(path, entry.permissions(), entry.modified());
        }
    }

    /** Puts one file; false when it was skipped as already identical. */
    private boolean put(RemoteFiles files, LocalTree.Entry entry, String dest, HostContext context, Cleanup cleanup)
            throws IOException {
        if (options.skipSame()) {
            Optional<RemoteFileAttributes> existing = files.stat(dest);
            if (existing.isPresent() && existing.get().regularFile() && existing.get().size() == entry.size()
                    && sameSecond(existing.get().modified(), entry.modified())) {
                return false;
            }
        }
        String temporary = RemotePaths.temporarySibling(dest, nonce());
        boolean renamed = false;
        try {
            try (OutputStream out = files.write(temporary); InputStream in = local.open(entry)) {
                byte[] chunk = new byte[(int) Math.min(files.chunkSize(), Math.max(entry.size(), 1))];
                int n;
                while ((n = in.read(chunk)) >= 0) {
                    out.write(chunk, 0, n);
                    context.transferred(n);
                }
            } catch (RemoteFileException e) {
                throw e.path().equals(temporary) ? e.at(dest) : e;
            }
            Optional<RemoteFileAttributes> temporaryAttributes = files.stat(temporary);
            long written = temporaryAttributes.map(RemoteFileAttributes::size).orElse(-1L);
            if (written != entry.size()) {
                throw new RemoteFileException(RemoteFileException.Kind.FAILURE, dest,
                        "wrote " + written + " of " + entry.size() + " bytes");
            }
            cleanup.directoryOf(files, temporary, temporaryAttributes.get().modified());
            files.setAttributes(temporary, options.mode() >= 0 ? options.mode() : entry.permissions(),
                    options.preserve() ? entry.modified() : null);
            files.rename(temporary, dest);
            renamed = true;
            return true;
        } finally {
            if (!renamed) {
                removeQuietly(files, temporary);
            }
        }
    }

    /** The stale temporary files of earlier puts removed from the directories this host's job writes to. */
    private final class Cleanup {
        private final Set<String> done = new HashSet<>();
        long removed;

        /**
         * Removes, once per directory, the stale temporary files beside {@code temporary}, the file just written,
         * whose modification time {@code serverNow} is the server's clock now.
         */
        void directoryOf(RemoteFiles files, String temporary, FileTime serverNow) throws IOException {
            String directory = RemotePaths.parent(temporary);
            if (serverNow == null || !done.add(directory)) {
                return;
            }
            // SFTP v3 times are whole seconds: one second more of margin keeps files of this run's start.
            long jobStartOnServer = serverNow.toMillis() - Duration.ofNanos(System.nanoTime() - started).toMillis()
                    - 2000;
            String own = RemotePaths.baseName(temporary);
            for (RemoteDirectoryEntry entry : files.list(directory)) {
                RemoteFileAttributes attributes = entry.attributes();
                if (RemotePaths.isTemporaryName(entry.name()) && !entry.name().equals(own)
                        && attributes.regularFile() && attributes.modified() != null
                        && attributes.modified().toMillis() < jobStartOnServer) {
                    try {
                        files.remove(RemotePaths.join(directory, entry.name()));
                        removed++;
                    } catch (RemoteFileException e) {
                        // Another put removed it first, or it is not ours to remove: it stays, nothing is lost.
                    }
                }
            }
        }
    }

    private static boolean sameSecond(FileTime a, FileTime b) {
        return a != null && b != null && a.toMillis() / 1000 == b.toMillis() / 1000;
    }

    private static void removeQuietly(RemoteFiles files, String path) {
        try {
            files.remove(path);
        } catch (IOException | RuntimeException e) {
            // the connection may be gone (interrupt): the temporary name is all that can remain, never the final one
        }
    }

    private static String nonce() {
        return HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    }
}
