package dev.fanout.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/** Runs short local commands (ssh-keygen, useradd...) for the fixtures. Stateless and thread-safe. */
final class Commands {

    private Commands() {
    }

    /**
     * Runs {@code command}, feeding {@code stdin} (or nothing), and returns its standard output.
     *
     * @throws IOException when it cannot start, exits non-zero or outlives {@code timeout}; the message holds the
     *                     program's name and standard error but never {@code stdin}
     */
    static String run(List<String> command, String stdin, Duration timeout) throws IOException {
        Process process = new ProcessBuilder(command).start();
        // Read both outputs while the command runs so that neither pipe can fill up and stall it.
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        }
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IOException(command.getFirst() + " did not finish within " + timeout);
            }
            if (process.exitValue() != 0) {
                throw new IOException(command.getFirst() + " exited with " + process.exitValue() + ": "
                        + err.get().strip());
            }
            return out.get();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command.getFirst(), e);
        } catch (ExecutionException e) {
            throw new IOException("cannot read the output of " + command.getFirst(), e.getCause());
        }
    }

    private static CompletableFuture<String> drain(InputStream in) {
        var result = new CompletableFuture<String>();
        Thread.ofVirtual().start(() -> {
            try (in) {
                result.complete(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                result.completeExceptionally(new UncheckedIOException(e));
            }
        });
        return result;
    }
}
