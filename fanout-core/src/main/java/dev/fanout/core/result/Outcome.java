package dev.fanout.core.result;

import dev.fanout.core.text.Problems;

import dev.fanout.core.transport.TransportException;

import java.time.Duration;
import dev.fanout.core.text.Units;

/**
 * How one host's part of a run ended. Remote failures are data, never exceptions: every host of a run gets
 * exactly one outcome. Immutable.
 */
public sealed interface Outcome {

    /** The coarse class of an outcome, as counted in summaries and mapped to exit codes. */
    enum Status {
        OK("ok"), FAILED("failed"), UNREACHABLE("unreachable"), TIMED_OUT("timed out"), CANCELLED("cancelled"),
        SKIPPED("skipped");

        private final String text;

        Status(String text) {
            this.text = text;
        }

        public String text() {
            return text;
        }
    }

    Status status();

    /** Why the host did not succeed, in a few words, complete with this host's detail; empty for success. */
    String reason();

    /**
     * The part of {@link #reason()} that hosts failing the same way share ({@code connection refused}), by which a
     * summary folds hosts together; the reason itself when it has no per-host detail.
     */
    default String sharedReason() {
        return reason();
    }

    /** The part of {@link #reason()} that is this host's alone ({@code 10.0.0.5:22}), or empty. */
    default String detail() {
        return "";
    }

    /**
     * How the host ended, in the words by which gathered views and records group hosts: the status, then the
     * {@linkplain #sharedReason() shared reason} when it says more ({@code ok}, {@code failed: exit code 2},
     * {@code unreachable: connection refused}).
     */
    default String ending() {
        String status = status().text();
        String reason = sharedReason();
        return reason.isEmpty() || reason.equals(status) ? status : status + ": " + reason;
    }

    /** The remote command ran to its end with this exit code (0 is success). */
    record Exited(int code) implements Outcome {
        @Override
        public Status status() {
            return code == 0 ? Status.OK : Status.FAILED;
        }

        @Override
        public String reason() {
            return code == 0 ? "" : "exit code " + code;
        }
    }

    /**
     * A file transfer completed: {@code files} files and {@code bytes} bytes moved.
     *
     * @param skipped entries of a copied tree that were left out because they are not regular files or directories
     *                (symbolic links, fifos, sockets, devices), as rsync does without {@code -l}
     * @param removed stale temporary files of an earlier, killed put that this put removed from its directories
     */
    record Transferred(long files, long bytes, long skipped, long removed) implements Outcome {
        public Transferred(long files, long bytes) {
            this(files, bytes, 0, 0);
        }

        /**
         * What else a person should know, each part after "; ", or "": {@code "; 7 entries skipped: not regular
         * files; 2 stale temporary files removed"}.
         */
        public String notes() {
            String notes = "";
            if (skipped > 0) {
                notes += skipped == 1 ? "; 1 entry skipped: not a regular file"
                        : "; " + skipped + " entries skipped: not regular files";
            }
            if (removed > 0) {
                notes += removed == 1 ? "; 1 stale temporary file removed"
                        : "; " + removed + " stale temporary files removed";
            }
            return notes;
        }

        @Override
        public Status status() {
            return Status.OK;
        }

        @Override
        public String reason() {
            return "";
        }
    }

    /** The job reached the host but could not do its work (e.g. a remote file could not be written). */
    record Failed(String reason) implements Outcome {
        @Override
        public Status status() {
            return Status.FAILED;
        }
    }

    /**
     * fanout itself failed on this host (a bug, not the host's doing): counted as failed, and the run exits 70.
     *
     * @param reason {@code internal error: } and what went wrong in words, e.g. {@code internal error: stack overflow}
     */
    record InternalFailure(String reason) implements Outcome {
        /** The outcome for {@code error}, escaped from a job or the engine, described by {@link Problems#describe}. */
        public static InternalFailure of(Throwable error) {
            return new InternalFailure("internal error: " + Problems.describe(error));
        }

        @Override
        public Status status() {
            return Status.FAILED;
        }
    }

    /**
     * The host could not be reached, trusted or logged into, or the connection broke.
     *
     * @param kind   what went wrong, or null when it is not known (a record written before kinds were recorded)
     * @param cause  what hosts failing the same way share: {@code connection refused}
     * @param detail this host's own part, e.g. its address and port ({@code 10.0.0.5:22}), or empty
     */
    record Unreachable(TransportException.Kind kind, String cause, String detail) implements Outcome {
        public Unreachable {
            java.util.Objects.requireNonNull(cause, "cause");
            java.util.Objects.requireNonNull(detail, "detail");
        }

        /** An unreachable host of an unknown kind whose reason has no separate detail. */
        public Unreachable(String reason) {
            this(null, reason, "");
        }

        /** The outcome of a host that failed with {@code failure}. */
        public static Unreachable of(TransportException failure) {
            return new Unreachable(failure.kind(), failure.reason(), failure.detail());
        }

        @Override
        public Status status() {
            return Status.UNREACHABLE;
        }

        /** {@code cause (detail)}, as {@link TransportException#getMessage()} writes it. */
        @Override
        public String reason() {
            return detail.isEmpty() ? cause : cause + " (" + detail + ")";
        }

        @Override
        public String sharedReason() {
            return cause;
        }
    }

    /** The job was still running when its time limit ran out; the remote command was stopped. */
    record TimedOut(Duration limit) implements Outcome {
        @Override
        public Status status() {
            return Status.TIMED_OUT;
        }

        @Override
        public String reason() {
            return "still running after " + Units.duration(limit) + ", stopped";
        }
    }

    /**
     * The run was interrupted before this host finished (or before it started), or its failure policy stopped the
     * host while it ran (fail fast): the remote command was killed.
     *
     * @param reason why, e.g. {@code interrupted} (Ctrl-C) or {@code stopped: a host failed}
     */
    record Cancelled(String reason) implements Outcome {
        /** Cancelled because the run was interrupted. */
        public Cancelled() {
            this("interrupted");
        }

        @Override
        public Status status() {
            return Status.CANCELLED;
        }
    }

    /**
     * The host was never started: the run's failure policy stopped it first (too many hosts failed, or the canary
     * hosts did not all succeed).
     */
    record Skipped(String reason) implements Outcome {
        @Override
        public Status status() {
            return Status.SKIPPED;
        }
    }
}
