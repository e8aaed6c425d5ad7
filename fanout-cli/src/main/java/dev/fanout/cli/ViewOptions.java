package dev.fanout.cli;

import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** How a run's output is shown beyond the live lines: gathered, diffed, JSON Lines, one file per host. */
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

    @Option(names = "--outdir", paramLabel = "DIR",
            description = "Also write each host's stdout and stderr to DIR/<host>.out and DIR/<host>.err.")
    Path outdir;

    boolean live() {
        return !mode.gather && !mode.diff && !mode.json;
    }

    static ViewOptions liveOnly() {
        ViewOptions views = new ViewOptions();
        views.noGather = true;
        return views;
    }
}
