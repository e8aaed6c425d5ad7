package dev.fanout.cli;

import dev.fanout.core.exec.RunListener;
import dev.fanout.core.render.ConsoleOutput;
import dev.fanout.core.render.GatheredView;
import dev.fanout.core.render.JsonLinesRenderer;
import dev.fanout.core.render.LiveRenderer;
import dev.fanout.core.render.StatusLine;
import dev.fanout.core.render.TextStyle;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * How a run's output is shown: live lines (with or without host prefix, with timestamps), or instead gathered,
 * diffed, by host, JSON Lines; and one file per host.
 */
final class ViewOptions {
    /** The views that replace the live lines; at most one. */
    static final class Mode {
        @Option(names = {"-b", "--gather"},
                description = "No live lines: at the end, show hosts with identical output once, under their folded "
                        + "names (as clush -b, dshbak -c).")
        boolean gather;

        @Option(names = "--diff",
                description = "No live lines: at the end, show each distinct output as a unified diff against the "
                        + "most common one.")
        boolean diff;

        @Option(names = {"-L", "--by-host"},
                description = "No live lines: at the end, each host's output in host order, every line with its "
                        + "host prefix (as clush -L; -N leaves the prefix out).")
        boolean byHost;

        @Option(names = "--json",
                description = "JSON Lines on stdout, one event per line as it happens (docs/json-lines.md); "
                        + "no other text on stdout.")
        boolean json;
    }

    @ArgGroup(exclusive = true, multiplicity = "0..1")
    Mode mode = new Mode();

    @Option(names = "--no-gather",
            description = "Never end a live run with the gathered digest (shown by default when more than "
                    + "5 hosts gave differing output and stdout is a terminal; piped, stdout gets the live lines "
                    + "alone, or the digest alone with -b).")
    boolean noGather;

    @Option(names = {"-N", "--no-prefix"},
            description = "No host prefix on output lines (as pdsh -N and clush -N), live or with -L.")
    boolean noPrefix;

    @Option(names = "--timestamps",
            description = "Each live line starts with the time it arrived, HH:MM:SS.mmm in local time "
                    + "(before the host prefix).")
    boolean timestamps;

    @Option(names = "--outdir", paramLabel = "DIR",
            description = "Also write each host's stdout and stderr to DIR/<host>.out and DIR/<host>.err.")
    Path outdir;

    boolean live() {
        return !mode.gather && !mode.diff && !mode.json && !mode.byHost;
    }

    /**
     * How live lines start: the host prefix unless -N, the time with --timestamps.
     *
     * @throws UserException for --timestamps without live lines, which have no time to show
     */
    LiveRenderer.Labels labels(Clock clock) throws UserException {
        if (timestamps && !live()) {
            throw new UserException("--timestamps shows the time of live lines: not with -b, --diff, -L or --json");
        }
        return new LiveRenderer.Labels(!noPrefix, timestamps ? clock : null);
    }

    /**
     * The listeners that show a run as it happens: JSON Lines, or the live lines (every failure kept without a
     * summary, -q) and, on more than one host, the status line.
     */
    List<RunListener> renderers(CliEnvironment env, OutputOptions output, TextStyle outStyle, TextStyle errStyle,
                                int hosts) throws UserException {
        LiveRenderer.Labels labels = labels(Clock.systemDefaultZone());
        ConsoleOutput console = new ConsoleOutput(env.out(), env.err(), env.stderrTty() && !mode.json);
        if (mode.json) {
            return List.of(new JsonLinesRenderer(console));
        }
        List<RunListener> renderers = new ArrayList<>();
        if (live()) {
            renderers.add(new LiveRenderer(console, outStyle, errStyle,
                    output.quiet ? Integer.MAX_VALUE : LiveRenderer.FAILURE_LINES, !output.quiet, labels));
        }
        if (hosts > 1) {
            renderers.add(new StatusLine(console));
        }
        return renderers;
    }

    /**
     * Whether the run is gathered for a digest: always with -b/--diff; after live lines only when stdout is a
     * terminal (so that 'fanout run -a CMD > out' holds each output once), on more than
     * {@link GatheredView#MIN_HOSTS} hosts, and without --no-gather.
     */
    boolean wantsDigest(CliEnvironment env, int hosts) {
        return !mode.json && !mode.byHost && (!live() || (!noGather && env.stdoutTty()
                && hosts > GatheredView.MIN_HOSTS));
    }

    static ViewOptions liveOnly() {
        ViewOptions views = new ViewOptions();
        views.noGather = true;
        return views;
    }
}
