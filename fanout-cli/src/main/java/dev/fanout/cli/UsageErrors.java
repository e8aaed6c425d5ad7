package dev.fanout.cli;

import dev.fanout.core.text.Suggestions;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Turns picocli's parse errors into one line in fanout's words, with a suggestion for a mistyped subcommand or
 * option ({@code fanout rnu}: did you mean 'run'?) and the help to read, so picocli's own wording ("Unmatched
 * argument at index 0") never reaches the user. Stateless.
 */
final class UsageErrors {
    private static final Pattern INVALID = Pattern.compile("Invalid value for (?:option|positional parameter) "
            + "'?([^':]+?)'?(?: \\(.+?\\))?: (.*)", Pattern.DOTALL);

    private UsageErrors() {
    }

    /** The one line to print for {@code e}, starting with {@code fanout:}. */
    static String describe(ParameterException e) {
        String command = e.getCommandLine().getCommandSpec().qualifiedName();
        return "fanout: " + words(e) + " (see '" + command + " --help')";
    }

    private static String words(ParameterException e) {
        if (e instanceof CommandLine.UnmatchedArgumentException unmatched) {
            return unmatched(unmatched);
        }
        if (e instanceof CommandLine.MissingParameterException missing) {
            return missing.getMissing().stream().map(UsageErrors::missing).collect(Collectors.joining("; "));
        }
        String message = e.getMessage() == null ? "bad command line" : e.getMessage().strip();
        Matcher invalid = INVALID.matcher(message);
        if (invalid.matches()) {
            return "bad value for " + invalid.group(1) + ": " + invalid.group(2);
        }
        if (message.startsWith("Error: ")) {
            message = message.substring("Error: ".length());
        }
        return message.replace(" are mutually exclusive (specify only one)", " cannot be used together");
    }

    private static String unmatched(CommandLine.UnmatchedArgumentException e) {
        List<String> args = e.getUnmatched();
        String first = args.isEmpty() ? "" : args.getFirst();
        CommandLine command = e.getCommandLine();
        if (e.isUnknownOption()) {
            String option = first.contains("=") ? first.substring(0, first.indexOf('=')) : first;
            return "unknown option '" + option + "'" + hint(option, command.getCommandSpec().optionsMap().keySet());
        }
        boolean isSubcommandPlace = !command.getSubcommands().isEmpty()
                && command.getParseResult().originalArgs().indexOf(first) == 0;
        if (isSubcommandPlace) {
            return "unknown command '" + first + "'" + hint(first, command.getSubcommands().keySet());
        }
        return args.size() == 1 ? "unexpected argument '" + first + "'"
                : "unexpected arguments '" + String.join(" ", args) + "'";
    }

    private static String hint(String typed, Collection<String> known) {
        return Suggestions.closest(typed, known).map(best -> ": did you mean '" + best + "'?").orElse("");
    }

    private static String missing(ArgSpec spec) {
        if (spec instanceof OptionSpec option) {
            return option.longestName() + " needs a value (" + option.paramLabel() + ")";
        }
        return "missing " + ((PositionalParamSpec) spec).paramLabel();
    }
}
