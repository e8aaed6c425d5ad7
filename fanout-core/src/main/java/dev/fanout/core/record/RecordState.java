package dev.fanout.core.record;

/** Whether a run record holds its whole run. */
public enum RecordState {
    /** The run finished: every host's result and the run's counts are recorded. */
    COMPLETE,
    /** The run has not finished and the process recording it is still alive: it is probably still going. */
    RUNNING,
    /**
     * The run never finished: its process was killed or crashed (or closed the record early), or the record's
     * events file was cut short afterwards ({@link StoredRun#damage()} says so). Everything that had arrived until
     * then is recorded; hosts that were still running have no result.
     */
    INCOMPLETE
}
