package dev.fanout.core.record;

import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.result.Outcome;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import dev.fanout.core.event.StreamTotal;

/**
 * One host as a run record saw it. Immutable.
 *
 * @param name     the host's name
 * @param started  when the host's task started
 * @param connect  how long connecting and authenticating took, or null if it never connected (or was not seen to)
 * @param total    from start to end, or null if the host had not finished when the record ends
 * @param outcome  how it ended, or null if it had not finished when the record ends (the run was killed); for a
 *                 time-out the limit, and for a transfer the files and bytes, are as recorded
 * @param fileName the base name of its output files in the record's {@code out/} directory
 * @param stdout   what the host sent on stdout, as its end event counted it, or null if the record does not say
 * @param stderr   what the host sent on stderr, likewise
 */
public record StoredHost(String name, Instant started, Duration connect, Duration total, Outcome outcome,
                         String fileName, StreamTotal stdout, StreamTotal stderr) {

    public StoredHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(started, "started");
        Objects.requireNonNull(fileName, "fileName");
    }

    /** A host whose record does not say what it sent. */
    public StoredHost(String name, Instant started, Duration connect, Duration total, Outcome outcome,
                      String fileName) {
        this(name, started, connect, total, outcome, fileName, null, null);
    }

    /** What the host sent on {@code stream}, as its end event counted it, or null if the record does not say. */
    public StreamTotal sent(StdStream stream) {
        return stream == StdStream.STDOUT ? stdout : stderr;
    }

    /** Whether the record has the host's end. */
    public boolean finished() {
        return outcome != null;
    }

    /** The host's status, or null if it had not finished when the record ends. */
    public Outcome.Status status() {
        return outcome == null ? null : outcome.status();
    }

    /**
     * How the host ended in a few words: {@code ok}, {@code failed: exit code 2},
     * {@code unreachable: connection refused}, ..., or {@code unfinished} when the record ends before the host did.
     */
    public String describe() {
        return describe(outcome == null ? "" : outcome.reason());
    }

    /**
     * How the host ended as {@link #describe()} says it, without the reason's per-host detail
     * ({@link Outcome#sharedReason()}): {@code unreachable: connection refused}, the same for every host that
     * refused, whatever its address.
     */
    public String ending() {
        return outcome == null ? "unfinished" : outcome.ending();
    }

    private String describe(String reason) {
        if (outcome == null) {
            return "unfinished";
        }
        String status = outcome.status().text();
        return reason.isEmpty() || reason.equals(status) ? status : status + ": " + reason;
    }
}
