package dev.fanout.core.transport;

import dev.fanout.core.inventory.Host;

import java.time.Duration;

/**
 * Opens authenticated connections to hosts. One transport serves a whole run and every host in it, so an
 * implementation must be thread-safe and cheap to call from thousands of virtual threads at once.
 */
public interface Transport extends AutoCloseable {

    /**
     * Connects to {@code host}, verifies its host key and authenticates, within {@code timeout} for the whole.
     *
     * @throws TransportException   when the host cannot be reached, refuses us or cannot be trusted
     * @throws InterruptedException when the calling thread is interrupted; the half-open connection is closed
     */
    Connection connect(Host host, Duration timeout) throws TransportException, InterruptedException;

    /** Closes every connection still open and releases the transport's threads. */
    @Override
    void close();
}
