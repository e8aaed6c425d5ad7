package dev.fanout.core.exec;

import java.time.Duration;
import java.util.Objects;

/**
 * How a run is scheduled. Immutable.
 *
 * @param fanout         how many hosts are worked on at once, at least 1
 * @param connectTimeout the limit for connecting, verifying and authenticating one host, counted from the moment its
 *                       connection attempt starts
 * @param jobTimeout     the limit for one host's job once connected, or null for none
 * @param connecting     the most hosts that may be connecting (TCP, key exchange, authentication) at once, at least
 *                       1; within it the limit adapts to how long handshakes take ({@link ConnectGate}); the others
 *                       wait for their turn without spending their connect timeout
 * @param policy         the batches and the failure threshold of a run ({@link FailurePolicy})
 */
public record ExecOptions(int fanout, Duration connectTimeout, Duration jobTimeout, int connecting,
                          FailurePolicy policy) {

    /** The default fan-out: high, because a waiting host costs a virtual thread and a socket, not a process. */
    public static final int DEFAULT_FANOUT = 256;
    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(10);
    /**
     * Connection attempts at once per processor, by default (never fewer than {@link #DEFAULT_FANOUT}): a key
     * exchange costs this side 3-10 ms of CPU, so this many finish within a second or two even when every one of
     * them competes for the processors, while a fan-out of thousands all connecting at once made each handshake
     * wait for thousands of others, and all of them time out together (5,000 lab hosts with {@code -f 5000}: 5,000
     * unreachable after 10 s).
     */
    public static final int CONNECTING_PER_PROCESSOR = 128;
    /** The default of {@link #connecting()} on this machine. */
    public static final int DEFAULT_CONNECTING =
            Math.max(DEFAULT_FANOUT, CONNECTING_PER_PROCESSOR * Runtime.getRuntime().availableProcessors());

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
        if (connecting < 1) {
            throw new IllegalArgumentException("connecting < 1: " + connecting);
        }
        Objects.requireNonNull(policy, "policy");
    }

    /** Options without a failure policy ({@link FailurePolicy#NONE}). */
    public ExecOptions(int fanout, Duration connectTimeout, Duration jobTimeout, int connecting) {
        this(fanout, connectTimeout, jobTimeout, connecting, FailurePolicy.NONE);
    }

    /** Options with {@link #DEFAULT_CONNECTING} connection attempts at once. */
    public ExecOptions(int fanout, Duration connectTimeout, Duration jobTimeout) {
        this(fanout, connectTimeout, jobTimeout, DEFAULT_CONNECTING);
    }

    /** These options with {@code policy} instead of their own. */
    public ExecOptions withPolicy(FailurePolicy policy) {
        return new ExecOptions(fanout, connectTimeout, jobTimeout, connecting, policy);
    }

    public static ExecOptions defaults() {
        return new ExecOptions(DEFAULT_FANOUT, DEFAULT_CONNECT_TIMEOUT, null);
    }
}
