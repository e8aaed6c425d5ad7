package dev.fanout.core.result;

import dev.fanout.core.inventory.Host;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * What happened on one host: its outcome and when each phase ended. Immutable.
 *
 * @param host     the host
 * @param outcome  how it ended
 * @param started  when the host's task started (after waiting for a fan-out slot)
 * @param connect  how long connecting, verifying and authenticating took, or null when it never completed
 * @param total    from start to end, connection included
 * @param attempts how many times connecting was tried, at least 1 ({@link dev.fanout.core.exec.FailurePolicy#retries()})
 */
public record HostResult(Host host, Outcome outcome, Instant started, Duration connect, Duration total, int attempts) {

    public HostResult {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(total, "total");
        if (attempts < 1) {
            throw new IllegalArgumentException("attempts < 1: " + attempts);
        }
    }

    /** A result after one connection attempt. */
    public HostResult(Host host, Outcome outcome, Instant started, Duration connect, Duration total) {
        this(host, outcome, started, connect, total, 1);
    }

    /** A host that never started because the run was interrupted first. */
    public static HostResult notStarted(Host host, Instant when) {
        return new HostResult(host, new Outcome.Cancelled(), when, null, Duration.ZERO);
    }

    /** A host that the failure policy never started, for {@code reason}. */
    public static HostResult skipped(Host host, Instant when, String reason) {
        return new HostResult(host, new Outcome.Skipped(reason), when, null, Duration.ZERO);
    }

    public Outcome.Status status() {
        return outcome.status();
    }
}
