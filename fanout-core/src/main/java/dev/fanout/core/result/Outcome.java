package dev.fanout.core.result;

import java.time.Duration;

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

    /** Why the host did not succeed, in a few words for a summary line; empty for success. */
    String reason();

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

    /** A file transfer completed: {@code files} files and {@code bytes} bytes moved. */
    record Transferred(long files, long bytes) implements Outcome {
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

    /** The host could not be reached, trusted or logged into, or the connection broke. */
    record Unreachable(String reason) implements Outcome {
        @Override
        public Status status() {
            return Status.UNREACHABLE;
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
