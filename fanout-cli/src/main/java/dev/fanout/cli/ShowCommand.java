package dev.fanout.cli;

import dev.fanout.core.record.OutputFault;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.render.ConsoleOutput;
import dev.fanout.core.render.GatheredView;
import dev.fanout.core.render.HtmlReport;
import dev.fanout.core.render.JsonLinesRenderer;
import dev.fanout.core.render.LiveRenderer;
import dev.fanout.core.render.RecordWarnings;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.render.TextStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout show}: a recorded run again, in any of the views. */
@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show a recorded run (default: the last one) again: its lines as they came, prefixed with "
                + "their hosts, and the summary; or gathered, diffed, as JSON Lines, or as an HTML report.",
                "Example: fanout show -b; fanout show 20261123T1830 --html report.html"})
final class ShowCommand implements Callable<Integer> {
    private final CliEnvironment env;

    static final class View {
        @Option(names = {"-b", "--gather"}, description = "Hosts with identical output once, under their names.")
        boolean gather;

        @Option(names = "--diff", description = "Each distinct output as a diff against the most common one.")
        boolean diff;

        @Option(names = "--json", description = "The run's events as JSON Lines (docs/json-lines.md).")
        boolean json;

        @Option(names = "--html", paramLabel = "FILE",
                description = "Write a self-contained HTML report (summary, timeline and sortable table of every host, "
                        + "gathered outputs).")
        Path html;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    View view = new View();

    @Mixin
    OutputOptions output;

    @Parameters(arity = "0..1", paramLabel = "RUN", description = "A run id or a unique prefix (see 'fanout history').")
    String id;

    ShowCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        StoredRun run = RecordLookup.load(env, id);
        TextStyle outStyle = output.style(env, env.stdoutTty());
        TextStyle errStyle = output.style(env, env.stderrTty());
        List<OutputFault> faults;
        try {
            if (view.json) {
                JsonLinesRenderer.replay(run, env.out());
                warn(run, run.verifyOutput());
                return ExitCodes.OK;
            }
            if (view.html != null) {
                faults = run.verifyOutput();
                HtmlReport.write(run, faults, view.html);
                env.err().println("fanout: wrote " + SafeText.of(view.html.toString()));
                warn(run, faults);
                return ExitCodes.OK;
            }
            if (view.gather || view.diff) {
                GatheredView gathered = GatheredView.of(run);
                if (view.gather) {
                    gathered.write(env.out(), outStyle);
                } else {
                    gathered.writeDiff(env.out(), outStyle);
                }
                faults = gathered.outputFaults();
            } else {
                run.replay(new LiveRenderer(new ConsoleOutput(env.out(), env.err(), false), outStyle, errStyle,
                        Integer.MAX_VALUE, true));
                faults = run.verifyOutput();
            }
        } catch (IOException e) {
            throw new UserException("cannot read run " + run.id() + ": " + e.getMessage());
        }
        env.out().flush();
        warn(run, faults);
        if (!output.quiet) {
            new SummaryRenderer(errStyle).render(run.toReport()).forEach(env.err()::println);
            if (!run.complete()) {
                env.err().println("fanout: run " + SafeText.of(run.id()) + " is " + run.state().toString().toLowerCase(
                        java.util.Locale.ROOT) + ": it has what had arrived when it stopped");
            }
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    /** Says on stderr, one line each, what in the record is not whole; never silenced by -q. */
    private void warn(StoredRun run, List<OutputFault> faults) {
        RecordWarnings.lines(run, faults).forEach(line -> env.err().println("fanout: " + line));
    }
}
