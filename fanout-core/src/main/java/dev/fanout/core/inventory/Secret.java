package dev.fanout.core.inventory;

import java.util.Arrays;

/**
 * A password or passphrase that never shows itself: {@link #toString()} is a mask, so a secret cannot leak into a
 * log line, an error message or a record's text form by accident. Immutable and thread-safe.
 */
public final class Secret {
    private final char[] value;

    private Secret(char[] value) {
        this.value = value.clone();
    }

    /** Wraps a copy of {@code value}; the caller may clear its own array afterwards. */
    public static Secret of(char[] value) {
        return new Secret(value);
    }

    public static Secret of(String value) {
        return new Secret(value.toCharArray());
    }

    /** A copy of the secret's characters, for the one place that must hand them to the SSH library. */
    public char[] reveal() {
        return value.clone();
    }

    /** The secret as a string, for APIs that take nothing else. Prefer {@link #reveal()}. */
    public String revealString() {
        return new String(value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && Arrays.equals(value, s.value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return "******";
    }
}
