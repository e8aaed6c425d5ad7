package dev.fanout.ssh;

import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;

/** Runs a remote command to its end and collects what it printed, for the tests. */
record Runs(String stdout, String stderr, int exitCode) {

    static Runs run(Connection connection, String command) throws Exception {
        return run(connection, command, ByteBuffer.allocate(0));
    }

    static Runs run(Connection connection, String command, ByteBuffer input) throws Exception {
        RemoteProcess process = connection.start(command, input);
        try (process) {
            CompletableFuture<String> out = readAll(process.stdout());
            CompletableFuture<String> err = readAll(process.stderr());
            OptionalInt code = process.waitFor(Duration.ofSeconds(20));
            if (code.isEmpty()) {
                throw new AssertionError("command did not end within 20 s: " + command);
            }
            return new Runs(out.get(), err.get(), code.getAsInt());
        }
    }

    /**
     * Checks, on any server, that 4.9 MB of input (more than any SSH window, several times over) reaches a command
     * whole and in order, and that commands which stop reading it ({@code head}) or never read it ({@code exit}) end
     * normally; the caller's buffer is left as it was.
     */
    static void checkInputReachesTheCommand(Connection connection) throws Exception {
        ByteBuffer input = lines(400_000);
        assertThat(run(connection, "sha256sum", input).stdout()).startsWith(sha256(input) + " ");
        assertThat(run(connection, "head -n 2", input)).isEqualTo(new Runs("line 0\nline 1\n", "", 0));
        assertThat(run(connection, "exit 4", input).exitCode()).isEqualTo(4);
        assertThat(input.position()).isZero();
    }

    /** {@code line 0\n} to {@code line <n-1>\n}: input larger than any SSH window when n is in the 100,000s. */
    static ByteBuffer lines(int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append("line ").append(i).append('\n');
        }
        return ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII));
    }

    /** The SHA-256 of the remaining bytes, in hex, as sha256sum prints it. */
    static String sha256(ByteBuffer bytes) throws NoSuchAlgorithmException {
        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        digest.update(bytes.duplicate());
        return HexFormat.of().formatHex(digest.digest());
    }

    static CompletableFuture<String> readAll(InputStream in) {
        var text = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try {
                text.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                text.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return text;
    }
}
