package dev.fanout.core.record;

import dev.fanout.core.result.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One line of {@code fanout history}: what a recorded run was and how it went. Immutable.
 *
 * @param id          the run's id
 * @param started     when it started
 * @param job         what it did, e.g. {@code run: df -h}; empty if the record has no start
 * @param argv        the command line given to fanout, possibly empty
 * @param hostCount   how many hosts were selected
 * @param bytes       the size of the record: its files' bytes, the hosts' output and the events
 * @param counts      how many hosts ended with each status; every status is present, possibly with 0
 * @param unfinished  how many hosts had started but not finished when the record ends
 * @param state       whether the record is complete
 * @param elapsed     the run's wall time, or null when it did not finish
 * @param interrupted whether the run was cancelled (Ctrl-C) before every host finished
 * @param outputIncomplete whether the record's output files hold fewer bytes than the hosts sent (a full disk, a
 *                    file cut or deleted later); only sizes are compared here, see {@link StoredRun#verifyOutput()}
 * @param selection   the options that selected the hosts, with their values, as given ({@code -g web -x web03});
 *                    empty when the record does not say (records of earlier versions)
 */
public record HistoryEntry(String id, Instant started, String job, List<String> argv, int hostCount, long bytes,
                         Map<Outcome.Status, Integer> counts, int unfinished, RecordState state, Duration elapsed,
                         boolean interrupted, boolean outputIncomplete, List<String> selection) {

    public HistoryEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(job, "job");
        Objects.requireNonNull(state, "state");
        argv = List.copyOf(argv);
        selection = List.copyOf(selection);
        Map<Outcome.Status, Integer> all = new EnumMap<>(Outcome.Status.class);
        for (Outcome.Status s : Outcome.Status.values()) {
            all.put(s, counts.getOrDefault(s, 0));
        }
        counts = Collections.unmodifiableMap(all);
    }

    /** A run whose output files are not known to be short. */
    public HistoryEntry(String id, Instant started, String job, List<String> argv, int hostCount, long bytes,
                      Map<Outcome.Status, Integer> counts, int unfinished, RecordState state, Duration elapsed,
                      boolean interrupted) {
        this(id, started, job, argv, hostCount, bytes, counts, unfinished, state, elapsed, interrupted, false);
    }

    /** A run whose record does not say how its hosts were selected. */
    public HistoryEntry(String id, Instant started, String job, List<String> argv, int hostCount, long bytes,
                      Map<Outcome.Status, Integer> counts, int unfinished, RecordState state, Duration elapsed,
                      boolean interrupted, boolean outputIncomplete) {
        this(id, started, job, argv, hostCount, bytes, counts, unfinished, state, elapsed, interrupted,
                outputIncomplete, List.of());
    }

    public int count(Outcome.Status status) {
        return counts.get(status);
    }
}
