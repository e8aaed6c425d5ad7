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
}
