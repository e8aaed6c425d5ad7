package dev.fanout.core.transport;

import java.io.InputStream;
import java.time.Duration;
import java.util.OptionalInt;

/**
 * A command running on a remote host. Its two output streams must be read by the caller, concurrently, or the
 * remote side stalls once the SSH window is full: that is the flow control which keeps memory bounded.
 * Thread-safe: {@link #kill()} and {@link #close()} may be called from any thread.
 */
public interface RemoteProcess extends AutoCloseable {

    /** The remote standard output; end-of-stream when the remote side closes it. */
    InputStream stdout();

    /** The remote standard error; end-of-stream when the remote side closes it. */
    InputStream stderr();

    /**
     * Waits up to {@code timeout} for the command to end and returns its exit code; a command killed by a signal
     * reports 128 + the signal's number (as a shell does), or 255 when the signal is unknown.
     *
     * @return the exit code, or empty when the command still runs after {@code timeout}
     * @throws TransportException when the connection is lost before the command reports an exit
     */
    OptionalInt waitFor(Duration timeout) throws TransportException, InterruptedException;

    /**
     * Stops the remote command: asks the server to deliver SIGTERM (then SIGKILL) to it and closes the channel.
     * Best effort and non-blocking beyond a short bound; never throws.
     */
    void kill();

    @Override
    void close();
}
