package dev.fanout.core.exec;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * What a run does about failing hosts and in what batches it starts them: rolling batches ({@code serial}, as
 * Ansible's), a failure threshold, fail fast, canary hosts and connection retries. Immutable.
 *
 * <p>The hosts are started in batches, in selection order: first the {@code canary} hosts, then batches of
 * {@code serial} hosts (all the rest when {@code serial} is null); a batch starts when the previous one has ended and
 * {@code batchPause} has passed, and within a batch hosts run at once, up to the fan-out. A host that ends other than
 * OK (failed, unreachable, timed out) counts as a failure of its batch. Once a batch has more than {@code maxFail}
 * failures, or a canary host did not succeed, no new host starts: the hosts not yet started end as
 * {@link dev.fanout.core.result.Outcome.Skipped}, the running ones finish normally, or with {@code failFast} are
 * stopped (remote commands killed) and end as cancelled.
 *
 * @param serial     hosts per batch (a percentage is of all selected hosts, at least 1 host), or null for one batch
 * @param batchPause how long to wait between batches; zero for none
 * @param maxFail    the failures a batch tolerates (a percentage is of the batch's size), or null for any number
 * @param failFast   stop at the first failure and kill the commands still running (implies a {@code maxFail} of 0)
 * @param canary     how many hosts run first, alone; the rest start only if all of them succeeded; 0 for none
 * @param retries    how many more times to try connecting to a host that did not answer (connection refused or
 *                   timed out, not an authentication or host-key failure), waiting {@code retryDelay}, then twice
 *                   as long each time, at most {@link #MAX_RETRY_DELAY}; 0 for none
 * @param retryDelay the wait before the first retry
 */
public record FailurePolicy(HostCount serial, Duration batchPause, HostCount maxFail, boolean failFast, int canary,
                            int retries, Duration retryDelay) {

    /** The longest wait between two connection attempts. */
    public static final Duration MAX_RETRY_DELAY = Duration.ofSeconds(30);
    /** The wait before the first retry, by default; it doubles with every further attempt. */
    public static final Duration DEFAULT_RETRY_DELAY = Duration.ofSeconds(1);
    /** The most retries allowed: more would wait many minutes for a host that is down. */
    public static final int MAX_RETRIES = 10;

    /** No batches, no threshold, no retries: every host starts as the fan-out allows, whatever the others do. */
    public static final FailurePolicy NONE =
            new FailurePolicy(null, Duration.ZERO, null, false, 0, 0, DEFAULT_RETRY_DELAY);

    public FailurePolicy {
        if (serial != null && serial.value() < 1) {
            throw new IllegalArgumentException("serial must be at least 1: " + serial);
        }
        Objects.requireNonNull(batchPause, "batchPause");
        if (batchPause.isNegative()) {
            throw new IllegalArgumentException("batch pause must not be negative: " + batchPause);
        }
        if (failFast && maxFail != null && maxFail.value() != 0) {
            throw new IllegalArgumentException("fail fast allows no failure, not a max fail of " + maxFail);
        }
        if (canary < 0) {
            throw new IllegalArgumentException("canary < 0: " + canary);
        }
        if (retries < 0 || retries > MAX_RETRIES) {
            throw new IllegalArgumentException("retries must be 0 to " + MAX_RETRIES + ": " + retries);
        }
        Objects.requireNonNull(retryDelay, "retryDelay");
        if (retryDelay.isNegative()) {
            throw new IllegalArgumentException("retry delay must not be negative: " + retryDelay);
        }
        if (failFast) {
            maxFail = HostCount.of(0);
        }
    }

    /**
     * The batches of a selection of {@code total} hosts, as index ranges {@code [from, to)} in selection order; the
     * first is the canary batch when there is one.
     */
    List<int[]> batches(int total) {
        List<int[]> batches = new ArrayList<>();
        int from = 0;
        if (canary > 0 && total > 0) {
            batches.add(new int[] {0, Math.min(canary, total)});
            from = Math.min(canary, total);
        }
        int size = serial == null ? total : Math.max(1, serial.resolve(total));
        while (from < total) {
            int to = (int) Math.min(total, (long) from + size);
            batches.add(new int[] {from, to});
            from = to;
        }
        return batches;
    }

    /** The failures a batch of {@code size} hosts tolerates; none for a canary batch. */
    int failuresAllowed(int size, boolean canaryBatch) {
        if (canaryBatch) {
            return 0;
        }
        return maxFail == null ? Integer.MAX_VALUE : maxFail.resolve(size);
    }

    /** The wait before connection attempt {@code attempt} (2 for the first retry). */
    Duration retryDelay(int attempt) {
        Duration delay = retryDelay;
        for (int i = 2; i < attempt && delay.compareTo(MAX_RETRY_DELAY) < 0; i++) {
            delay = delay.multipliedBy(2);
        }
        return delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay;
    }
}
