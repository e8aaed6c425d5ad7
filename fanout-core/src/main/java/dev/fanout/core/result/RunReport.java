package dev.fanout.core.result;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The results of a whole run, one per selected host in selection order. Immutable.
 *
 * @param results     one result per host
 * @param started     when the run started
 * @param elapsed     the run's wall time
 * @param interrupted whether the run was cancelled before every host finished
 * @param stopped     whether the run's failure policy ended it early: too many hosts failed (more than its max
 *                    fail, or any with fail fast) or a canary did not succeed
 */
public record RunReport(List<HostResult> results, Instant started, Duration elapsed, boolean interrupted,
                        boolean stopped) {

    public RunReport {
        results = List.copyOf(results);
    }

    /** A report of a run that no failure policy stopped. */
    public RunReport(List<HostResult> results, Instant started, Duration elapsed, boolean interrupted) {
        this(results, started, elapsed, interrupted, false);
    }

    /** How many hosts ended with each status; every status is present, possibly with 0. */
    public Map<Outcome.Status, Integer> counts() {
        Map<Outcome.Status, Integer> counts = new EnumMap<>(Outcome.Status.class);
        for (Outcome.Status s : Outcome.Status.values()) {
            counts.put(s, 0);
        }
        for (HostResult r : results) {
            counts.merge(r.status(), 1, Integer::sum);
        }
        return counts;
    }

    public int count(Outcome.Status status) {
        return counts().get(status);
    }

    /** The results with this status, in selection order. */
    public List<HostResult> withStatus(Outcome.Status status) {
        return results.stream().filter(r -> r.status() == status).toList();
    }

    /** How many hosts ended with an internal error of fanout ({@link Outcome.InternalFailure}). */
    public int internalFailures() {
        return (int) results.stream().filter(r -> r.outcome() instanceof Outcome.InternalFailure).count();
    }

    /** Whether every host succeeded. */
    public boolean allOk() {
        return results.stream().allMatch(r -> r.status() == Outcome.Status.OK);
    }

    /** The largest exit code of the hosts whose command ran to its end, if any did. */
    public OptionalInt maxExitCode() {
        return results.stream()
                .filter(r -> r.outcome() instanceof Outcome.Exited)
                .mapToInt(r -> ((Outcome.Exited) r.outcome()).code())
                .max();
    }

    /**
     * What a run came to as a whole, one word for its exit status. When several apply, the first of this list wins,
     * highest first: {@link #INTERRUPTED}, {@link #INTERNAL_ERROR} (a bug must never hide behind a host's outcome),
     * {@link #STOPPED}, {@link #TIMED_OUT}, {@link #UNREACHABLE}, {@link #REMOTE_FAILED}; {@link #OK} when none does.
     */
    public enum Verdict {
        /** Every host succeeded. */
        OK,
        /** A remote command exited non-zero, or a transfer failed on a host. */
        REMOTE_FAILED,
        /** A host could not be reached, trusted or logged into. */
        UNREACHABLE,
        /** A host was still running when its time limit ran out. */
        TIMED_OUT,
        /** The failure policy stopped the run; the hosts not started were skipped. */
        STOPPED,
        /** fanout itself failed on a host: a bug. */
        INTERNAL_ERROR,
        /** The run was cancelled (Ctrl-C) before every host finished. */
        INTERRUPTED
    }

    /** What the run came to ({@link Verdict}: the first that applies, in its order). */
    public Verdict verdict() {
        if (interrupted) {
            return Verdict.INTERRUPTED;
        }
        if (internalFailures() > 0) {
            return Verdict.INTERNAL_ERROR;
        }
        if (stopped) {
            return Verdict.STOPPED;
        }
        Map<Outcome.Status, Integer> counts = counts();
        if (counts.get(Outcome.Status.TIMED_OUT) > 0) {
            return Verdict.TIMED_OUT;
        }
        if (counts.get(Outcome.Status.UNREACHABLE) > 0) {
            return Verdict.UNREACHABLE;
        }
        if (counts.get(Outcome.Status.FAILED) > 0) {
            return Verdict.REMOTE_FAILED;
        }
        return counts.get(Outcome.Status.CANCELLED) > 0 ? Verdict.INTERRUPTED : Verdict.OK;
    }

    /**
     * The largest exit code of the remote commands (as pdsh's and clush's {@code --maxrc}), a failed transfer
     * counting as 1; empty when a host never finished its work (unreachable, timed out, cancelled, skipped).
     */
    public OptionalInt maxRemoteCode() {
        if (results.stream().anyMatch(r -> switch (r.status()) {
            case UNREACHABLE, TIMED_OUT, CANCELLED, SKIPPED -> true;
            default -> false;
        })) {
            return OptionalInt.empty();
        }
        int max = maxExitCode().orElse(0);
        return OptionalInt.of(results.stream().anyMatch(r -> r.outcome() instanceof Outcome.Failed)
                ? Math.max(max, 1) : max);
    }
}
