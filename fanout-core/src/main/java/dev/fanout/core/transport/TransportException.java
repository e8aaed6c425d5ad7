package dev.fanout.core.transport;

import java.util.Locale;

/**
 * A host that could not be reached, authenticated or trusted, or a connection that broke. The message is one line
 * for a person, never contains a secret, and does not repeat the host's name (the caller adds it). It is made of a
 * {@link #reason()} that hosts failing the same way share ({@code connection refused}) and an optional
 * {@link #detail()} of this host alone ({@code 10.0.0.5:22}), written after it in parentheses. Immutable.
 */
public final class TransportException extends Exception {

    /** What went wrong, coarse enough for a summary and for exit codes. */
    public enum Kind {
        /** The port refused the connection. */
        CONNECTION_REFUSED,
        /** There is no route to the host, or its network is unreachable. */
        NO_ROUTE,
        /** The host's name did not resolve. */
        UNKNOWN_HOST,
        /** The connection could not be made or the SSH handshake broke for another reason. */
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
        SESSION;

        /** Whether this failure happened before any server answered (so it says nothing of the server's load). */
        public boolean beforeServerAnswered() {
            return this == CONNECTION_REFUSED || this == NO_ROUTE || this == UNKNOWN_HOST || this == CONNECT
                    || this == CONNECT_TIMEOUT;
        }

        /** The kind as JSON spells it: {@code connection_refused}, {@code host_key_changed}, ... */
        public String jsonName() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** The kind spelled {@code name} in JSON, or null if there is none. */
        public static Kind ofJsonName(String name) {
            for (Kind kind : values()) {
                if (kind.jsonName().equals(name)) {
                    return kind;
                }
            }
            return null;
        }
    }

    private final Kind kind;
    private final String reason;
    private final String detail;

    public TransportException(Kind kind, String message) {
        this(kind, message, "", null);
    }

    public TransportException(Kind kind, String message, Throwable cause) {
        this(kind, message, "", cause);
    }

    /**
     * A failure whose {@code reason} is shared by every host failing the same way and whose {@code detail} is this
     * host's alone (empty for none); the message is {@code reason (detail)}.
     */
    public TransportException(Kind kind, String reason, String detail, Throwable cause) {
        super(detail.isEmpty() ? reason : reason + " (" + detail + ")", cause);
        this.kind = kind;
        this.reason = reason;
        this.detail = detail;
    }

    public Kind kind() {
        return kind;
    }

    /** The part of the message that hosts failing the same way share: {@code connection refused}. */
    public String reason() {
        return reason;
    }

    /** The part of the message that is this host's alone ({@code 10.0.0.5:22}), or empty. */
    public String detail() {
        return detail;
    }
}
