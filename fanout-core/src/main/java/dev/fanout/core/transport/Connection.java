package dev.fanout.core.transport;

import java.nio.ByteBuffer;

/**
 * One authenticated connection to one host. Used by one host task at a time; {@link #close()} may be called from
 * any thread and makes every blocked call on the connection return promptly.
 */
public interface Connection extends AutoCloseable {

    /** Starts {@code command} on the host (no terminal, stdin at end-of-file). */
    default RemoteProcess start(String command) throws TransportException, InterruptedException {
        return start(command, ByteBuffer.allocate(0));
    }

    /**
     * Starts {@code command} on the host, without a terminal. Its stdin receives the remaining bytes of {@code input},
     * sent in the background as the remote window allows, then end-of-file. A command that stops reading early (or
     * never reads) is not an error: the rest of the input is dropped, as {@code ssh} does. {@code input} is not
     * changed; the caller must not change it while the command runs.
     */
    RemoteProcess start(String command, ByteBuffer input) throws TransportException, InterruptedException;

    /**
     * Starts {@code command} on the host, without a terminal, with its stdin left open for the caller to write as the
     * command runs (and to close for end-of-file). A connection that cannot do this throws a {@code SESSION}
     * {@link TransportException}.
     */
    default InteractiveProcess startInteractive(String command) throws TransportException, InterruptedException {
        throw new TransportException(TransportException.Kind.SESSION,
                "this connection cannot write to a command's input while it runs");
    }

    /**
     * Starts {@code command} on the host as {@code launch} says, its stdin receiving {@code input} as with
     * {@link #start(String, ByteBuffer)}. A transport that can ask the server for variables sets there the ones the
     * server accepts and the others through {@link LaunchOptions#prefixed}; this default asks nothing and sets every
     * variable that way, and cannot give a terminal.
     *
     * @throws TransportException when a terminal is asked for and the transport cannot give one
     */
    default RemoteProcess start(String command, ByteBuffer input, LaunchOptions launch)
            throws TransportException, InterruptedException {
        if (launch.terminal()) {
            throw new TransportException(TransportException.Kind.SESSION, "cannot start the command: this transport "
                    + "cannot give it a terminal");
        }
        return start(launch.prefixed(command, launch.environment().keySet()), input);
    }

    /** Opens a file-transfer session (SFTP) on this connection. */
    RemoteFiles files() throws TransportException, InterruptedException;

    @Override
    void close();
}
