package dev.fanout.cli;

import dev.fanout.core.render.TextStyle;
import picocli.CommandLine.Option;

/** How results are shown: colours and the end summary. */
final class OutputOptions {
    enum ColorMode { AUTO, ALWAYS, NEVER }

    @Option(names = "--color", paramLabel = "WHEN", defaultValue = "auto",
            description = "Colour the output: auto (on a terminal, unless NO_COLOR is set), always, never.")
    ColorMode color;

    @Option(names = {"-q", "--quiet"}, description = "No end summary and no per-host transfer lines (per-host failures are still reported, each one).")
    boolean quiet;

    TextStyle style(CliEnvironment env, boolean tty) {
        String noColor = env.env().get("NO_COLOR");
        boolean colored = switch (color) {
            case ALWAYS -> true;
            case NEVER -> false;
            case AUTO -> tty && (noColor == null || noColor.isEmpty()) && !"dumb".equals(env.env().get("TERM"));
        };
        return new TextStyle(colored, tty);
    }
}
