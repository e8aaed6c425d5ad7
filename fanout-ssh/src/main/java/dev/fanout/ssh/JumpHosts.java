package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.util.net.SshdSocketAddress;

import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The jump hosts (ssh_config's ProxyJump) of one transport: one authenticated session per jump host for the whole
 * run, shared by every host behind it (a hundred hosts behind one bastion make one connection to it, not a hundred
 * that its MaxStartups would start dropping), and the tunnels through them. A jump host that cannot be reached fails
 * every host behind it with that reason, tried once. Thread-safe.
 *
 * <p>A tunnel is a local port forwarding on 127.0.0.1, as MINA's and JGit's own ProxyJump support make it: MINA has
 * no SSH session over a channel. The listening socket lives only until the host's own connection is accepted.
 */
final class JumpHosts implements AutoCloseable {

    /** Connects to a host (itself perhaps behind a jump host) by a {@link System#nanoTime()} deadline. */
    @FunctionalInterface
    interface Connector {
        MinaConnection connect(Host host, long deadline) throws TransportException, InterruptedException;
    }

    private final Connector connector;
    private final ConcurrentHashMap<Host, CompletableFuture<MinaConnection>> sessions = new ConcurrentHashMap<>();

    JumpHosts(Connector connector) {
        this.connector = connector;
    }

    /**
     * A local port forwarded through {@code host.jump()} to {@code host}'s address and port (which the jump host
     * resolves); the caller closes it once connected.
     */
    ExplicitPortForwardingTracker tunnel(Host host, long deadline) throws TransportException, InterruptedException {
        Host jump = host.jump();
        MinaConnection through = session(jump, deadline);
        try {
            return through.session().createLocalPortForwardingTracker(
                    new SshdSocketAddress(SshdSocketAddress.LOCALHOST_IPV4, 0),
                    new SshdSocketAddress(host.address(), host.port()));
        } catch (IOException | RuntimeException e) {
            throw new TransportException(TransportException.Kind.CONNECT, "cannot open a tunnel through jump host "
                    + jump.name() + ": " + Display.oneLine(e), e);
        }
    }

    private MinaConnection session(Host jump, long deadline) throws TransportException, InterruptedException {
        while (true) {
            var mine = new CompletableFuture<MinaConnection>();
            CompletableFuture<MinaConnection> existing = sessions.putIfAbsent(jump, mine);
            if (existing == null) {
                return connect(jump, deadline, mine);
            }
            MinaConnection connection = await(existing, jump, deadline);
            if (connection.session().isOpen() && !connection.session().isClosing()) {
                return connection;
            }
            sessions.remove(jump, existing); // it closed since (the jump host went away): connect anew
        }
    }

    private MinaConnection connect(Host jump, long deadline, CompletableFuture<MinaConnection> mine)
            throws TransportException, InterruptedException {
        try {
            MinaConnection connection = connector.connect(jump, deadline);
            mine.complete(connection);
            return connection;
        } catch (TransportException e) {
            TransportException failure = new TransportException(e.kind(), "jump host " + jump.name() + ": "
                    + e.reason(), e.detail(), e);
            mine.completeExceptionally(failure);
            throw failure;
        } catch (InterruptedException | RuntimeException | Error e) {
            // Not the jump host's fault: let the next host try again.
            sessions.remove(jump, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    private static MinaConnection await(CompletableFuture<MinaConnection> future, Host jump, long deadline)
            throws TransportException, InterruptedException {
        try {
            return future.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw new TransportException(TransportException.Kind.CONNECT_TIMEOUT,
                    "jump host " + jump.name() + " did not let us in in time");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransportException failure) {
                throw new TransportException(failure.kind(), failure.reason(), failure.detail(), failure);
            }
            throw new TransportException(TransportException.Kind.CONNECT, "jump host " + jump.name() + ": "
                    + Display.oneLine(e.getCause()), e.getCause());
        }
    }

    /** Says goodbye to every jump host. */
    @Override
    public void close() {
        for (CompletableFuture<MinaConnection> future : sessions.values()) {
            if (future.state() == Future.State.SUCCESS) {
                future.resultNow().close();
            }
        }
    }
}
