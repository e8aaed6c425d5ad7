package dev.fanout.core.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run is scheduled. Immutable.
 *
 * @param fanout         how many hosts are worked on at once, at least 1
 * @param connectTimeout the limit for connecting, verifying and authenticating one host
 * @param jobTimeout     the limit for one host's job once connected, or null for none
 */
public record ExecOptions(int fanout, Duration connectTimeout, Duration jobTimeout) {

    /** The default fan-out: high, because a waiting host costs a virtual thread and a socket, not a process. */
    public static final int DEFAULT_FANOUT = 256;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public ExecOptions {
        if (fanout < 1) {
            throw new IllegalArgumentException("fanout < 1: " + fanout);
        }
        Objects.requireNonNull(connectTimeout, "connectTimeout");
        if (connectTimeout.isNegative() || connectTimeout.isZero()) {
            throw new IllegalArgumentException("connect timeout must be positive: " + connectTimeout);
        }
        if (jobTimeout != null && (jobTimeout.isNegative() || jobTimeout.isZero())) {
            throw new IllegalArgumentException("timeout must be positive: " + jobTimeout);
        }
    }

    public static ExecOptions defaults() {
        return new ExecOptions(DEFAULT_FANOUT, DEFAULT_CONNECT_TIMEOUT, null);
    }
}
