package dev.fanout.core.transport;

import java.io.IOException;

/**
 * One authenticated connection to one host. Used by one host task at a time; {@link #close()} may be called from
 * any thread and makes every blocked call on the connection return promptly.
 */
public interface Connection extends AutoCloseable {

    /** Starts {@code command} on the host (no terminal, stdin at end-of-file). */
    RemoteProcess start(String command) throws TransportException, InterruptedException;

    /** Opens a file-transfer session (SFTP) on this connection. */
    RemoteFiles files() throws TransportException, InterruptedException;

    @Override
    void close();
}
