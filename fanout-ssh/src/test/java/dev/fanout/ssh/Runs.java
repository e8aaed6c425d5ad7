package dev.fanout.ssh;

import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteProcess;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;

/** Runs a remote command to its end and collects what it printed, for the tests. */
record Runs(String stdout, String stderr, int exitCode) {

    static Runs run(Connection connection, String command) throws Exception {
        RemoteProcess process = connection.start(command);
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
