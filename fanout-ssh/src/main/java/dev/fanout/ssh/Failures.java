package dev.fanout.ssh;

import dev.fanout.core.transport.TransportException;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.SshException;

import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.nio.channels.InterruptedByTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.util.Locale;

/**
 * Translates MINA's and the JDK's failures into {@link TransportException}s with one-line messages: what went wrong,
 * shared by every host failing that way ({@code connection refused}), and where as the per-host detail
 * ({@code 10.0.0.5:22}). Stateless.
 */
final class Failures {

    private Failures() {
    }

    /** A failed TCP connection to {@code where} ({@code address:port}). */
    static TransportException connecting(Throwable failure, String where) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof NoRouteToHostException) {
                return new TransportException(TransportException.Kind.NO_ROUTE, "no route to host", where, failure);
            }
            if (t instanceof ConnectException) {
                String text = Display.oneLine(t);
                if (text.contains("refused")) {
                    return new TransportException(TransportException.Kind.CONNECTION_REFUSED, "connection refused",
                            where, failure);
                }
                TransportException.Kind kind = text.contains("unreachable") || text.contains("no route")
                        ? TransportException.Kind.NO_ROUTE : TransportException.Kind.CONNECT;
                return new TransportException(kind, text, where, failure);
            }
            if (t instanceof UnresolvedAddressException) {
                return new TransportException(TransportException.Kind.UNKNOWN_HOST, "no such host", where, failure);
            }
            if (t instanceof IllegalStateException && String.valueOf(t.getMessage()).startsWith("No session attached")) {
                // MINA's words when the server closed the TCP connection before MINA made the SSH session of it
                return new TransportException(TransportException.Kind.CONNECT,
                        "the server closed the connection before sending an SSH banner", where, failure);
            }
            if (t instanceof SocketTimeoutException || t instanceof InterruptedByTimeoutException) {
                return new TransportException(TransportException.Kind.CONNECT_TIMEOUT, "TCP connection timed out",
                        where, failure);
            }
        }
        String text = failure == null ? "connection attempt cancelled" : Display.oneLine(failure);
        return new TransportException(TransportException.Kind.CONNECT, "cannot connect: " + text, where, failure);
    }

    /** Whether an authentication attempt ended because the server accepted none of our credentials. */
    static boolean isAuthFailure(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SshException ssh) {
                if (ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_NO_MORE_AUTH_METHODS_AVAILABLE) {
                    return true;
                }
                String text = String.valueOf(ssh.getMessage()).toLowerCase(Locale.ROOT);
                if (text.contains("authentication fail")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A handshake (banner, key exchange, authentication) with {@code where} that broke. */
    static TransportException handshake(Throwable failure, boolean bannerReceived, String where) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SshException ssh
                    && ssh.getDisconnectCode() == SshConstants.SSH2_DISCONNECT_KEY_EXCHANGE_FAILED) {
                return new TransportException(TransportException.Kind.CONNECT,
                        "no algorithm in common: " + Display.oneLine(ssh), where, failure);
            }
        }
        if (!bannerReceived) {
            return new TransportException(TransportException.Kind.CONNECT,
                    "the server closed the connection before sending an SSH banner: " + Display.oneLine(failure),
                    where, failure);
        }
        return new TransportException(TransportException.Kind.CONNECT,
                "SSH handshake failed: " + Display.oneLine(failure), where, failure);
    }
}
