package dev.fanout.core.transport;

/**
 * A host that could not be reached, authenticated or trusted, or a connection that broke. The message is one line
 * for a person, never contains a secret, and does not repeat the host's name (the caller adds it).
 */
public final class TransportException extends Exception {

    /** What went wrong, coarse enough for a summary and for exit codes. */
    public enum Kind {
        /** The name did not resolve, the port refused, or the network was unreachable. */
        CONNECT,
        /** The TCP connection did not complete in time. */
        CONNECT_TIMEOUT,
        /** The TCP connection was made, but the SSH handshake (banner, key exchange, login) did not end in time. */
        HANDSHAKE_TIMEOUT,
        /** The server's host key is not in known_hosts (and new keys are not accepted). */
        HOST_KEY_UNKNOWN,
        /** The server's host key differs from the one in known_hosts: possibly an attack. */
        HOST_KEY_CHANGED,
        /** No offered credential was accepted. */
        AUTH,
        /** A local credential could not be used (unreadable key file, wrong passphrase). */
        CREDENTIALS,
        /** The session broke after it was established, or the server refused a channel. */
        SESSION
    }

    private final Kind kind;

    public TransportException(Kind kind, String message) {
        super(message);
        this.kind = kind;
    }

    public TransportException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
