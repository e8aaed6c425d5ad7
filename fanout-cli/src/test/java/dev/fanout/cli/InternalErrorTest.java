package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** Throwables that escape a command, Errors included, end as one line and exit 70. */
class InternalErrorTest {

    /** Runs {@code fanout hosts} with a stdout that throws what {@code failure} gives on the first line printed. */
    private static Cli.Result hostsWithBrokenStdout(Path dir, Supplier<Throwable> failure, Map<String, String> env)
            throws IOException {
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), "[h1]\naddress = 127.0.0.1\n");
        PrintStream out = new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8) {
            @Override
            public void println(String line) {
                Throwable t = failure.get();
                if (t instanceof Error e) {
                    throw e;
                }
                throw (RuntimeException) t;
            }
        };
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> all = new java.util.HashMap<>(env);
        all.put("HOME", dir.toString());
        CliEnvironment environment = new CliEnvironment(InputStream.nullInputStream(), out,
                new PrintStream(err, true, StandardCharsets.UTF_8), all, false, false, Optional.empty(),
                CliEnvironment.Interrupts.NONE);
        int exit = Main.run(environment, "hosts", "-i", inventory.toString(), "-F", "none");
        return new Cli.Result(exit, "", err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aStackOverflowIsOneLineWithoutAStackTraceAndExitsSeventy(@TempDir Path dir) throws IOException {
        Cli.Result r = hostsWithBrokenStdout(dir, StackOverflowError::new, Map.of());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.err()).isEqualTo("fanout: internal error: stack overflow\n");
    }

    @Test
    void runningOutOfMemoryIsDescribedInWords(@TempDir Path dir) throws IOException {
        Cli.Result r = hostsWithBrokenStdout(dir, () -> new OutOfMemoryError("Java heap space"), Map.of());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.err()).isEqualTo("fanout: internal error: out of memory (Java heap space)\n");
    }

    @Test
    void aRuntimeExceptionIsOneLineWithoutAJavaClassName(@TempDir Path dir) throws IOException {
        Cli.Result r = hostsWithBrokenStdout(dir, () -> new IllegalStateException("bad \u001b[2J state"), Map.of());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.err()).isEqualTo("fanout: internal error: illegal state: bad ^[[2J state\n");
    }

    @Test
    void withFanoutDebugTheStackTraceFollowsTheLine(@TempDir Path dir) throws IOException {
        Cli.Result r = hostsWithBrokenStdout(dir, StackOverflowError::new, Map.of("FANOUT_DEBUG", "1"));

        assertThat(r.exit()).isEqualTo(ExitCodes.INTERNAL);
        assertThat(r.err()).startsWith("fanout: internal error: stack overflow\n").contains("\tat ");
    }
}
