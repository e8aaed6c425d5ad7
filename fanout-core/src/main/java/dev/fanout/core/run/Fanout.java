package dev.fanout.core.run;

import dev.fanout.core.exec.Engine;
import dev.fanout.core.exec.ExecOptions;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.Retention;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.render.Gathering;
import dev.fanout.core.render.OutputDirectoryWriter;
import dev.fanout.core.transport.Transport;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * fanout as a library: runs jobs on hosts with everything that makes a fanout run, the engine's scheduling and
 * failure policy, a record in a state directory (optional), the gathered view and the warnings, and returns them
 * as one {@link RunResult}. Immutable and thread-safe; each {@link #start} is one run, and several may go on at once
 * on one transport.
 *
 * <pre>{@code
 * Fanout fanout = Fanout.builder(transport).recordIn(stateDirectory).build();
 * RunResult result = fanout.run(inventory.select(selection), new CommandJob("uptime"));
 * result.gathered().ifPresent(view -> view.write(System.out, TextStyle.PLAIN));
 * }</pre>
 */
public final class Fanout {
    private final Transport transport;
    private final ExecOptions options;
    private final List<RunListener> listeners;
    private final Path stateDirectory;
    private final Retention retention;
    private final List<String> argv;
    private final List<String> selection;
    private final Path outputDirectory;
    private final boolean gather;
    private final long keptBytes;

    private Fanout(Builder b) {
        this.transport = b.transport;
        this.options = b.options;
        this.listeners = List.copyOf(b.listeners);
        this.stateDirectory = b.stateDirectory;
        this.retention = b.retention;
        this.argv = List.copyOf(b.argv);
        this.selection = List.copyOf(b.selection);
        this.outputDirectory = b.outputDirectory;
        this.gather = b.gather;
        this.keptBytes = b.keptBytes;
    }

    /** A builder of runs over {@code transport}, which the caller keeps and closes. */
    public static Builder builder(Transport transport) {
        return new Builder(transport);
    }

    /** Runs {@code job} on {@code hosts} and waits for the end; on interruption, cancels the run first. */
    public RunResult run(List<Host> hosts, Job job) throws IOException, InterruptedException {
        Run run = start(hosts, job);
        try {
            return run.await();
        } catch (InterruptedException e) {
            run.cancel();
            throw e;
        }
    }

    /**
     * Starts {@code job} on {@code hosts}: opens the record (a record that cannot be created is a warning of the
     * result, never a failure) and the output directory, and hands the hosts to the engine.
     *
     * @throws IOException if the output directory cannot be created; nothing was started
     */
    public Run start(List<Host> hosts, Job job) throws IOException {
        List<String> warnings = new ArrayList<>();
        RecordWriter recorder = null;
        if (stateDirectory != null) {
            try {
                recorder = new RecordWriter(stateDirectory, argv, selection, retention, java.time.Clock.systemUTC());
                recorder.startPruning();
            } catch (IOException e) {
                warnings.add("this run is not recorded (" + stateDirectory + ": " + e.getMessage() + ")");
            }
        }
        OutputDirectoryWriter outdir = null;
        if (outputDirectory != null) {
            try {
                outdir = new OutputDirectoryWriter(outputDirectory);
            } catch (IOException e) {
                if (recorder != null) {
                    recorder.close();
                }
                throw new IOException(outputDirectory + ": cannot write there: " + e.getMessage(), e);
            }
        }
        Gathering gathering = !gather ? null
                : recorder != null ? Gathering.over(recorder) : Gathering.inMemory(keptBytes);
        List<RunListener> all = new ArrayList<>();
        // the record first, so that a listener that reads it (a live HTML page) finds each event written
        if (recorder != null) {
            all.add(recorder);
        }
        if (outdir != null) {
            all.add(outdir);
        }
        if (gathering != null) {
            all.add(gathering);
        }
        all.addAll(listeners);
        var execution = new Engine(transport, options).start(hosts, job, RunListener.all(all));
        return new Run(execution, recorder, outdir, gathering, warnings);
    }

    /** Sets up a {@link Fanout}; not thread-safe. */
    public static final class Builder {
        private final Transport transport;
        private ExecOptions options = ExecOptions.defaults();
        private final List<RunListener> listeners = new ArrayList<>();
        private Path stateDirectory;
        private Retention retention = Retention.DEFAULT;
        private List<String> argv = List.of();
        private List<String> selection = List.of();
        private Path outputDirectory;
        private boolean gather = true;
        private long keptBytes = Gathering.DEFAULT_KEPT_BYTES;

        private Builder(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
        }

        /** How runs are scheduled: fan-out, time limits, failure policy ({@link ExecOptions#defaults()} if unset). */
        public Builder options(ExecOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        /** Adds a listener that observes every run (live lines, JSON Lines, a status line...). */
        public Builder listener(RunListener listener) {
            listeners.add(Objects.requireNonNull(listener, "listener"));
            return this;
        }

        /**
         * Records every run under {@code stateDirectory} ({@code runs/<id>/}, see {@link RecordWriter}), pruning old
         * records as {@code retention} says, so that {@code fanout show}, {@code history} and {@code @failed} see it.
         */
        public Builder recordIn(Path stateDirectory, Retention retention) {
            this.stateDirectory = Objects.requireNonNull(stateDirectory, "stateDirectory");
            this.retention = Objects.requireNonNull(retention, "retention");
            return this;
        }

        /** Records every run under {@code stateDirectory} with the default retention. */
        public Builder recordIn(Path stateDirectory) {
            return recordIn(stateDirectory, Retention.DEFAULT);
        }

        /**
         * The command line that asked for the run, and its options that select the hosts as given
         * ({@code -g web -x web03}), for the record.
         */
        public Builder commandLine(List<String> argv, List<String> selection) {
            this.argv = List.copyOf(argv);
            this.selection = List.copyOf(selection);
            return this;
        }

        /** Also writes each host's output to {@code directory/<host>.out} and {@code .err}, as pssh's -o/-e. */
        public Builder outputDirectory(Path directory) {
            this.outputDirectory = directory;
            return this;
        }

        /**
         * Whether to gather the hosts by output ({@link RunResult#gathered()}; default yes). Without a record, the
         * output shown is kept in memory, up to {@code keptBytes} per host and stream.
         */
        public Builder gather(boolean gather, long keptBytes) {
            this.gather = gather;
            this.keptBytes = keptBytes;
            return this;
        }

        /** Whether to gather the hosts by output, keeping the default amount in memory without a record. */
        public Builder gather(boolean gather) {
            return gather(gather, Gathering.DEFAULT_KEPT_BYTES);
        }

        public Fanout build() {
            return new Fanout(this);
        }
    }
}
