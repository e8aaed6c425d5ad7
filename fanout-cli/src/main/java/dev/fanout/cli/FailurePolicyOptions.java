package dev.fanout.cli;

import dev.fanout.core.exec.FailurePolicy;
import dev.fanout.core.exec.HostCount;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * The failure-policy options of run, put and get (rolling batches, failure threshold, fail fast, canary, retries),
 * turned into a {@link FailurePolicy}. Not thread-safe: picocli fills it, then one thread reads it.
 */
final class FailurePolicyOptions {
    @Option(names = "--serial", paramLabel = "N[%]",
            description = "Run in batches of N hosts (or N%% of the selection), in inventory order, one batch after "
                    + "the other (as Ansible's serial); hosts of a batch run at once, up to --fanout.")
    String serial;

    @Option(names = "--batch-pause", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Wait this long between two batches of --serial (or after the --canary hosts).")
    Duration batchPause;

    @Option(names = "--max-fail", paramLabel = "N[%]",
            description = "Once more than N hosts (or N%% of the hosts) have failed (failed, unreachable or timed "
                    + "out), start no new host: the rest are skipped, running hosts finish, exit code 5. With "
                    + "--serial, counted per batch.")
    String maxFail;

    @Option(names = {"-k", "--fail-fast"},
            description = "At the first failure, start no new host and kill the commands still running "
                    + "(--max-fail 0, and the running hosts end as cancelled), as pdsh -k.")
    boolean failFast;

    @Option(names = "--canary", paramLabel = "N",
            description = "Run on the first N hosts alone first; the rest run only if all N succeeded, else they are "
                    + "skipped.")
    Integer canary;

    @Option(names = "--retry", paramLabel = "N",
            description = "Try connecting up to N more times to a host that did not answer (refused, timed out "
                    + "connecting), after 1s, 2s, 4s, ... (at most 30s); never after an authentication or "
                    + "host-key failure, never for a command that ran. At most " + FailurePolicy.MAX_RETRIES + ".")
    Integer retry;

    /** The policy these options describe; a bad value is a usage error naming it. */
    FailurePolicy policy() throws UserException {
        HostCount batch = count("--serial", serial);
        if (batch != null && batch.value() < 1) {
            throw new UserException("--serial must be at least 1 host (or 1%): " + serial);
        }
        if (failFast && maxFail != null && !count("--max-fail", maxFail).equals(HostCount.of(0))) {
            throw new UserException("--fail-fast allows no failure: it contradicts --max-fail " + maxFail);
        }
        if (canary != null && canary < 1) {
            throw new UserException("--canary must be at least 1: " + canary);
        }
        if (retry != null && (retry < 0 || retry > FailurePolicy.MAX_RETRIES)) {
            throw new UserException("--retry must be 0 to " + FailurePolicy.MAX_RETRIES + ": " + retry);
        }
        try {
            return new FailurePolicy(batch, batchPause == null ? Duration.ZERO : batchPause,
                    count("--max-fail", maxFail), failFast, canary == null ? 0 : canary, retry == null ? 0 : retry,
                    FailurePolicy.DEFAULT_RETRY_DELAY);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static HostCount count(String option, String text) throws UserException {
        if (text == null) {
            return null;
        }
        if (text.startsWith("-")) {
            throw new UserException(option + " must not be negative: " + text);
        }
        try {
            return HostCount.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(option + ": " + e.getMessage());
        }
    }
}
