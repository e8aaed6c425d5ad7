package dev.fanout.core.copy;

import dev.fanout.core.exec.HostContext;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.core.transport.RemoteFiles.RemoteFileAttributes;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.TransportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/**
 * A put through sudo, for one host: the files are written over SFTP into a private staging directory of the login
 * user ({@code ~/.fanout-put-XXXXXXXX}, mode 700), each checked for its size; then one shell script, run through
 * sudo, copies each beside its target under a temporary hidden name, sets its mode (and owner, and time with
 * {@code preserve}) and renames it into place, so a target never holds a partial file; the staging directory is
 * removed in every case. Not thread-safe: one per host.
 */
final class SudoPut {
    /** How much of the script's stderr a failure quotes. */
    private static final int MAX_REASON = 300;
    /** How long the script may take to report its exit once its output has ended. */
    private static final Duration EXIT_WAIT = Duration.ofSeconds(30);

    private final LocalTree local;
    private final String remote;
    private final CopyOptions options;
    private final String nonce;

    SudoPut(LocalTree local, String remote, CopyOptions options, String nonce) {
        this.local = local;
        this.remote = remote;
        this.options = options;
        this.nonce = nonce;
    }

    Outcome execute(Connection connection, RemoteFiles files, HostContext context)
            throws IOException, TransportException, InterruptedException {
        String base = targetBase(files);
        String stage = ".fanout-put-" + nonce;
        files.mkdir(stage);
        files.setAttributes(stage, 0700, null);
        var script = new StringBuilder("set -e\numask 077\nt=\ntrap 'rm -f -- \"$t\"; rm -rf -- " + quote(stage)
                + "' EXIT\n");
        if (options.mkdir()) {
            String top = remote.endsWith("/") ? RemotePaths.trimSlashes(remote) : RemotePaths.parent(remote);
            script.append("mkdir -p -- ").append(quote(top)).append('\n');
        }
        if (base != null && remote.endsWith("/")) {
            script.append("[ -d ").append(quote(base)).append(" ] || mkdir -- ").append(quote(base)).append('\n');
        }
        long count = 0;
        long bytes = 0;
        int index = 0;
        try {
            for (LocalTree.Entry entry : local.entries()) {
                String dest = destination(base, entry);
                if (entry.directory()) {
                    script.append("[ -d ").append(quote(dest)).append(" ] || mkdir -- ").append(quote(dest))
                            .append('\n');
                    if (options.preserve()) {
                        script.append("chmod ").append(octal(entry.permissions())).append(' ').append(quote(dest))
                                .append('\n');
                    }
                    continue;
                }
                String staged = stage + "/" + index++;
                upload(files, entry, staged, context);
                String temporary = RemotePaths.temporarySibling(dest, nonce);
                script.append("t=").append(quote(temporary)).append('\n')
                        .append("cp -- ").append(quote(staged)).append(" \"$t\"\n")
                        .append("chmod ").append(octal(options.mode() >= 0 ? options.mode() : entry.permissions()))
                        .append(" \"$t\"\n");
                if (options.owner() != null) {
                    script.append("chown -- ").append(quote(options.owner())).append(" \"$t\"\n");
                }
                if (options.preserve() && entry.modified() != null) {
                    script.append("touch -d @").append(entry.modified().toMillis() / 1000).append(" \"$t\"\n");
                }
                script.append("mv -f -- \"$t\" ").append(quote(dest)).append("\nt=\n");
                count++;
                bytes += entry.size();
            }
        } catch (IOException | RuntimeException e) {
            removeQuietly(files, stage);
            throw e;
        }
        String failure = runScript(connection, script.toString());
        return failure == null ? new Outcome.Transferred(count, bytes, local.skipped(), 0) : new Outcome.Failed(failure);
    }

    /** The directory that receives the sources under their own names, or null when {@code remote} is the file. */
    private String targetBase(RemoteFiles files) throws IOException {
        if (remote.endsWith("/")) {
            return remote;
        }
        Optional<RemoteFileAttributes> target;
        try {
            target = files.stat(remote);
        } catch (RemoteFileException e) {
            if (e.kind() != RemoteFileException.Kind.PERMISSION_DENIED) {
                throw e;
            }
            target = Optional.empty(); // only root may look there: taken as a new path
        }
        if (target.isPresent() && target.get().directory()) {
            return remote;
        }
        boolean single = local.roots().size() == 1 && !local.roots().getFirst().directory();
        if (!single && local.roots().size() > 1) {
            throw new RemoteFileException(RemoteFileException.Kind.NO_SUCH_FILE, remote,
                    "several sources need an existing directory or a path ending in /");
        }
        return null;
    }

    private String destination(String base, LocalTree.Entry entry) {
        if (base != null) {
            return RemotePaths.join(base, entry.path());
        }
        int slash = entry.path().indexOf('/');
        return slash < 0 ? remote : RemotePaths.join(remote, entry.path().substring(slash + 1));
    }

    private void upload(RemoteFiles files, LocalTree.Entry entry, String staged, HostContext context)
            throws IOException {
        try (OutputStream out = files.write(staged); InputStream in = local.open(entry)) {
            byte[] chunk = new byte[(int) Math.min(files.chunkSize(), Math.max(entry.size(), 1))];
            int n;
            while ((n = in.read(chunk)) >= 0) {
                out.write(chunk, 0, n);
                context.transferred(n);
            }
        }
        long written = files.stat(staged).map(RemoteFileAttributes::size).orElse(-1L);
        if (written != entry.size()) {
            throw new RemoteFileException(RemoteFileException.Kind.FAILURE, staged,
                    "wrote " + written + " of " + entry.size() + " bytes");
        }
    }

    /** Runs the script through the (sudo) connection; null when it succeeded, else its first error line. */
    private static String runScript(Connection connection, String script)
            throws TransportException, InterruptedException {
        try (RemoteProcess process = connection.start("/bin/sh -c " + quote(script))) {
            CompletableFuture<byte[]> out = read(process.stdout());
            CompletableFuture<byte[]> err = read(process.stderr());
            try {
                out.get();
                String errors = new String(err.get(), StandardCharsets.UTF_8).strip();
                OptionalInt code = process.waitFor(EXIT_WAIT);
                if (code.isPresent() && code.getAsInt() == 0) {
                    return null;
                }
                String first = errors.isEmpty() ? "moving the files into place failed"
                        + (code.isPresent() ? ": exit code " + code.getAsInt() : "") : errors.lines().findFirst()
                        .orElse("");
                return first.length() > MAX_REASON ? first.substring(0, MAX_REASON) + "..." : first;
            } catch (java.util.concurrent.ExecutionException e) {
                throw new IllegalStateException("reading the output of the move into place failed", e);
            } catch (InterruptedException e) {
                process.kill();
                throw e;
            }
        }
    }

    private static CompletableFuture<byte[]> read(InputStream in) {
        var result = new CompletableFuture<byte[]>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(in.readAllBytes());
            } catch (IOException e) {
                result.complete(new byte[0]);
            }
        });
        return result;
    }

    private static void removeQuietly(RemoteFiles files, String stage) {
        try {
            List<String> names = new ArrayList<>();
            files.list(stage).forEach(e -> names.add(e.name()));
            for (String name : names) {
                if (!name.equals(".") && !name.equals("..")) {
                    files.remove(stage + "/" + name);
                }
            }
            files.remove(stage);
        } catch (IOException | RuntimeException e) {
            // the connection may be gone: a private staging directory is all that remains
        }
    }

    private static String octal(int mode) {
        return "0" + Integer.toOctalString(mode & 07777);
    }

    /** The word {@code /bin/sh} reads back as {@code word}. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
