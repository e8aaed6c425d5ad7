package dev.fanout.core.exec;

import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.LaunchOptions;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.TransportException;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Objects;
import java.util.OptionalInt;

/**
 * The job that runs one shell command on every host and reports its output line by line and its exit code.
 * Immutable and thread-safe.
 *
 * @param command the command line, run by the remote user's shell
 * @param input   what every host's command reads on its stdin (then end-of-file); empty for nothing. Kept as a
 *                read-only view: the caller must not change the bytes afterwards
 * @param launch  how the command is started: with a terminal or not, with which environment variables
 */
public record CommandJob(String command, ByteBuffer input, LaunchOptions launch) implements Job {
    /** How long a killed command's output may take to drain before its readers are abandoned. */
    private static final Duration DRAIN = Duration.ofSeconds(2);

    public CommandJob {
        Objects.requireNonNull(command, "command");
        if (command.isBlank()) {
            throw new IllegalArgumentException("empty command");
        }
        input = input.asReadOnlyBuffer();
        Objects.requireNonNull(launch, "launch");
    }

    /** A command started plainly: no terminal, no variables of its own. */
    public CommandJob(String command, ByteBuffer input) {
        this(command, input, LaunchOptions.PLAIN);
    }

    /** A command whose stdin is at end-of-file. */
    public CommandJob(String command) {
        this(command, ByteBuffer.allocate(0));
    }

    @Override
    public String description() {
        return "run: " + command;
    }

    @Override
    public Outcome execute(Connection connection, HostContext context)
            throws TransportException, InterruptedException {
        try (RemoteProcess process = launch.isPlain() ? connection.start(command, input.duplicate())
                : connection.start(command, input.duplicate(), launch)) {
            Thread out = pump(process, OutputLines.StdStream.STDOUT, context, launch.terminal());
            Thread err = pump(process, OutputLines.StdStream.STDERR, context, launch.terminal());
            try {
                out.join();
                err.join();
                OptionalInt code;
                do {
                    code = process.waitFor(Duration.ofMinutes(1));
                } while (code.isEmpty());
                return new Outcome.Exited(code.getAsInt());
            } catch (InterruptedException e) {
                process.kill();
                drain(out);
                drain(err);
                throw e;
            }
        }
    }

    private static Thread pump(RemoteProcess process, OutputLines.StdStream stream, HostContext context,
                               boolean terminal) {
        var in = stream == OutputLines.StdStream.STDOUT ? process.stdout() : process.stderr();
        return Thread.ofVirtual().name(context.host().name() + "-" + stream.name().toLowerCase(java.util.Locale.ROOT))
                .start(new OutputPump(in, stream, context::output, OutputPump.DEFAULT_MAX_LINE, terminal));
    }

    /** Lets a reader deliver what the killed command had written, within a bound, without being interrupted. */
    private static void drain(Thread reader) {
        boolean interrupted = Thread.interrupted();
        try {
            if (!reader.join(DRAIN)) {
                reader.interrupt();
            }
        } catch (InterruptedException e) {
            reader.interrupt();
            interrupted = true;
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
