package dev.fanout.cli;

import dev.fanout.core.render.LiveRenderer;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Clock;

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

    static ViewOptions liveOnly() {
        ViewOptions views = new ViewOptions();
        views.noGather = true;
        return views;
    }
}
