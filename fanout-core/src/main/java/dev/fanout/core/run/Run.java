package dev.fanout.core.run;

import dev.fanout.core.exec.Execution;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.render.Gathering;
import dev.fanout.core.render.OutputDirectoryWriter;
import dev.fanout.core.result.RunReport;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One run that {@link Fanout#start} started: it can be cancelled, and awaited for its {@link RunResult}.
 * Thread-safe: {@link #cancel()} may be called from any thread (a signal handler), {@link #await()} by one.
 */
public final class Run {
    private final Execution execution;
    private final RecordWriter recorder;
    private final OutputDirectoryWriter outdir;
    private final Gathering gathering;
    private final List<String> warnings;

    Run(Execution execution, RecordWriter recorder, OutputDirectoryWriter outdir, Gathering gathering,
        List<String> warnings) {
        this.execution = execution;
        this.recorder = recorder;
        this.outdir = outdir;
        this.gathering = gathering;
        this.warnings = new ArrayList<>(warnings);
    }

    /** The id of the run's record, if it is recorded. */
    public Optional<String> recordId() {
        return Optional.ofNullable(recorder).map(RecordWriter::id);
    }

    /**
     * Stops the run: no new host is started, the running commands are killed; {@link #await()} then returns a
     * report in which the unfinished hosts are cancelled. Idempotent.
     */
    public void cancel() {
        execution.cancel();
    }

    /**
     * Waits for the run to end and returns its result; the record and output files are closed by then.
     *
     * @throws InterruptedException when this thread is interrupted first; the run goes on (cancel it)
     */
    public RunResult await() throws InterruptedException {
        RunReport report = execution.await();
        if (recorder != null) {
            recorder.close();
            recorder.problem().ifPresent(p -> warnings.add("the run record is incomplete: " + p));
        }
        if (outdir != null) {
            outdir.close();
            outdir.problem().ifPresent(p -> warnings.add("output directory " + outdir.directory() + ": " + p));
        }
        return new RunResult(report, recordId(), Optional.ofNullable(gathering).map(Gathering::view),
                warnings);
    }
}
