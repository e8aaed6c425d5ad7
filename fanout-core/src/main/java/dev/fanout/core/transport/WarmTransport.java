package dev.fanout.core.transport;

import dev.fanout.core.inventory.Host;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * A transport that keeps one live connection per host from one run to the next, over another transport: what
 * {@code fanout shell} runs its commands on. Thread-safe.
 *
 * <p>{@link #connect} hands out the host's kept connection when it is still open, else a new one; closing what it
 * handed out gives the connection back instead of closing it (the engine closes every connection at the end of a
 * host's job). A host whose kept connection was found closed, or whose kept connection failed on first use (a server
 * that restarted answers the first packet with a reset), is connected again, and {@link Listener#reconnected} says
 * so. When a host's connection is already handed out (two runs on one host at once), the second gets a connection of
 * its own, closed at its end.
 */
public final class WarmTransport implements Transport {

    /** Hears of hosts whose connection was lost and made again; called on the host's own thread. */
    @FunctionalInterface
    public interface Listener {
        /** {@code host}'s connection had been lost ({@code cause}, e.g. "the connection was closed") and is made again. */
        void reconnected(Host host, String cause);

        Listener NONE = (host, cause) -> { };
    }

    private final Transport transport;
    private final Predicate<Connection> open;
    private final Listener listener;
    private final Map<String, Slot> slots = new ConcurrentHashMap<>();

    /**
     * Keeps the connections of {@code transport}, which this transport owns and closes.
     *
     * @param open tells whether a connection of {@code transport} is still open (a closed one is never handed out)
     */
    public WarmTransport(Transport transport, Predicate<Connection> open, Listener listener) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.open = Objects.requireNonNull(open, "open");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    @Override
    public Connection connect(Host host, Duration timeout) throws TransportException, InterruptedException {
        Slot slot = slots.computeIfAbsent(host.name(), name -> new Slot());
        Connection kept;
        synchronized (slot) {
            if (slot.leased) {
                return transport.connect(host, timeout);
            }
            slot.leased = true;
            kept = slot.take(host, open);
        }
        try {
            if (kept == null) {
                Connection made = transport.connect(host, timeout);
                slot.connected(host, listener);
                return new Lease(slot, host, timeout, made, false);
            }
            return new Lease(slot, host, timeout, kept, true);
        } catch (TransportException | InterruptedException | RuntimeException | Error e) {
            slot.release(null, open);
            throw e;
        }
    }

    /** Whether {@code host} has a kept connection that is open now (false while it is handed out). */
    public boolean connected(String host) {
        Slot slot = slots.get(host);
        if (slot == null) {
            return false;
        }
        synchronized (slot) {
            return slot.connection != null && open.test(slot.connection);
        }
    }

    /** Closes every kept connection, then the transport under it. */
    @Override
    public void close() {
        List<Connection> kept = new ArrayList<>();
        for (Slot slot : slots.values()) {
            synchronized (slot) {
                if (slot.connection != null) {
                    kept.add(slot.connection);
                    slot.connection = null;
                }
            }
        }
        kept.forEach(Connection::close);
        transport.close();
    }

    /** One host's kept connection and whether it is handed out; guarded by its own monitor. */
    private static final class Slot {
        private Host host;
        private Connection connection;
        private boolean leased;
        /** Why the host's last connection was lost, until a new one is made; null when none was lost. */
        private String lost;

        /** The kept connection for {@code wanted} if it is open, else null (a closed or outdated one is closed). */
        Connection take(Host wanted, Predicate<Connection> open) {
            Connection kept = connection;
            connection = null;
            if (kept == null) {
                return null;
            }
            if (!wanted.equals(host)) {
                kept.close();   // the host's settings changed: not a loss, a new connection
                return null;
            }
            if (!open.test(kept)) {
                kept.close();
                lost = "the connection was closed";
                return null;
            }
            return kept;
        }

        /** A new connection to {@code to} was made: says so if it replaces a lost one. */
        void connected(Host to, Listener listener) {
            String cause;
            synchronized (this) {
                host = to;
                cause = lost;
                lost = null;
            }
            if (cause != null) {
                listener.reconnected(to, cause);
            }
        }

        synchronized void lost(String cause) {
            lost = cause;
        }

        /** Takes back {@code used} (null for none) when it is still open, else closes it; the slot is free again. */
        void release(Connection used, Predicate<Connection> open) {
            boolean keep = used != null && open.test(used);
            synchronized (this) {
                if (keep) {
                    connection = used;
                } else if (used != null) {
                    lost = "the connection was lost";
                }
                leased = false;
            }
            if (used != null && !keep) {
                used.close();
            }
        }
    }

    /**
     * A connection handed out by {@link #connect}; closing it gives it back. A kept connection that fails on its first
     * use is replaced once by a new one. Used by one host task at a time, as any connection.
     */
    private final class Lease implements Connection {
        private final Slot slot;
        private final Host host;
        private final Duration timeout;
        private Connection current;
        /** Whether {@link #current} was kept from an earlier run and not yet used in this one. */
        private boolean untried;
        private boolean released;

        Lease(Slot slot, Host host, Duration timeout, Connection current, boolean kept) {
            this.slot = slot;
            this.host = host;
            this.timeout = timeout;
            this.current = current;
            this.untried = kept;
        }

        @Override
        public RemoteProcess start(String command, ByteBuffer input) throws TransportException, InterruptedException {
            try {
                return current.start(command, input);
            } catch (TransportException e) {
                if (!untried) {
                    throw e;
                }
                replace(e);
                return current.start(command, input);
            } finally {
                untried = false;
            }
        }

        @Override
        public RemoteFiles files() throws TransportException, InterruptedException {
            try {
                return current.files();
            } catch (TransportException e) {
                if (!untried) {
                    throw e;
                }
                replace(e);
                return current.files();
            } finally {
                untried = false;
            }
        }

        /** The kept connection failed before any work started on it: a new one takes its place, or the failure stands. */
        private void replace(TransportException failure) throws TransportException, InterruptedException {
            untried = false;
            current.close();
            current = null;
            slot.lost("the connection was lost (" + failure.getMessage() + ")");
            current = transport.connect(host, timeout);
            slot.connected(host, listener);
        }

        @Override
        public void close() {
            synchronized (this) {
                if (released) {
                    return;
                }
                released = true;
            }
            slot.release(current, open);
        }
    }
}
