package dev.fanout.cli;

import picocli.CommandLine;

import java.util.ArrayList;
import java.util.List;

/** The selecting options of a command line as the user gave them, for the run's record. Stateless. */
final class SelectionWords {
    /** The options that select hosts, by their first name; {@code -h} is the seed command lines' {@code -H}. */
    private static final List<String> SELECTING = List.of("-H", "-h", "-g", "-x", "-X", "-a", "--rerun-failed");

    private SelectionWords() {
    }

    /**
     * The selection as the user gave it, for the run's record: each selecting option by its first name with each
     * value given to it ({@code -g web_clusters -x web03}), in the order of {@link #SELECTING}.
     */
    static List<String> of(CommandLine.ParseResult parsed) {
        List<String> words = new ArrayList<>();
        for (String name : SELECTING) {
            if (name.equals("--rerun-failed")) {
                // its parameter consumer sets the value itself, so picocli does not count it as matched
                CommandLine.Model.OptionSpec rerun = parsed.commandSpec().findOption(name);
                if (rerun != null && rerun.getValue() instanceof String run) {
                    words.add(name);
                    if (!run.isEmpty()) {
                        words.add(run);
                    }
                }
                continue;
            }
            CommandLine.Model.OptionSpec option = parsed.matchedOption(name);
            if (option == null) {
                continue;
            }
            if (option.arity().max() == 0) {
                words.add(name);
            } else {
                for (String value : option.originalStringValues()) {
                    words.add(name);
                    words.add(value);
                }
            }
        }
        return words;
    }
}
