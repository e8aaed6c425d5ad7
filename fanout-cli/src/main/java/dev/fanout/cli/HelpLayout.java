package dev.fanout.cli;

import dev.fanout.core.text.Paragraphs;
import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The layout of {@code --help}: options grouped by purpose under headings (selection, connection, command, copy,
 * output, failure policy), text wrapped at spaces only, never inside a token such as {@code web[01-04]} or a path
 * (picocli's own wrapping breaks at brackets, dots and slashes), and an abbreviated synopsis. Stateless.
 */
final class HelpLayout {
    static final int WIDTH = 80;
    /** The column where option descriptions start. */
    private static final int DESCRIPTION_COLUMN = 28;

    private HelpLayout() {
    }

    /** Lays out the help of {@code commandLine} and of all its subcommands. */
    static void apply(CommandLine commandLine) {
        boolean hasSubcommands = !commandLine.getSubcommands().isEmpty();
        if (hasSubcommands) {
            commandLine.getCommandSpec().usageMessage().commandListHeading("%nCommands:%n");
        } else {
            commandLine.getCommandSpec().usageMessage().abbreviateSynopsis(true);
        }
        Map<String, CommandLine.IHelpSectionRenderer> sections = commandLine.getHelpSectionMap();
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_DESCRIPTION,
                help -> wrapAll(help.commandSpec().usageMessage().description()));
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_PARAMETER_LIST, HelpLayout::parameters);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpLayout::options);
        sections.put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_FOOTER,
                help -> wrapAll(help.commandSpec().usageMessage().footer()));
        commandLine.getSubcommands().values().forEach(HelpLayout::apply);
    }

    private static String parameters(Help help) {
        List<PositionalParamSpec> shown = help.commandSpec().positionalParameters().stream()
                .filter(p -> !p.hidden()).toList();
        if (shown.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder("\nArguments:\n");
        for (PositionalParamSpec p : shown) {
            String label = p.paramLabel() + (p.isMultiValue() && !p.hideParamSyntax() ? "..." : "");
            entry(text, label, p);
        }
        return text.toString();
    }

    private static String options(Help help) {
        Map<String, List<OptionSpec>> byHeading = new LinkedHashMap<>();
        HelpHeadings.ALL.forEach(h -> byHeading.put(h, new ArrayList<>()));
        for (OptionSpec option : help.commandSpec().options()) {
            if (!option.hidden()) {
                byHeading.get(HelpHeadings.of(option)).add(option);
            }
        }
        StringBuilder text = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> section : byHeading.entrySet()) {
            if (section.getValue().isEmpty()) {
                continue;
            }
            text.append('\n').append(section.getKey()).append(":\n");
            for (OptionSpec option : section.getValue()) {
                entry(text, names(option), option);
            }
        }
        return text.toString();
    }

    /** {@code -H, -w, --hosts=HOSTS}, {@code --rerun-failed[=RUN]}, {@code -a, --all}. */
    private static String names(OptionSpec option) {
        String names = String.join(", ", option.names());
        if (option.arity().max() == 0) {
            return names;
        }
        return names + (option.arity().min() == 0 ? "[=" + option.paramLabel() + "]" : "=" + option.paramLabel());
    }

    private static void entry(StringBuilder text, String label, ArgSpec spec) {
        String first = (label.startsWith("--") ? "      " : "  ") + label;
        List<String> description = Paragraphs.wrap(String.join(" ", spec.description()).replace("%n", "\n"),
                WIDTH - DESCRIPTION_COLUMN);
        if (first.length() > DESCRIPTION_COLUMN - 2 || description.isEmpty()) {
            text.append(first).append('\n');
        } else {
            text.append(first).append(" ".repeat(DESCRIPTION_COLUMN - first.length()))
                    .append(description.removeFirst()).append('\n');
        }
        for (String line : description) {
            text.append(" ".repeat(DESCRIPTION_COLUMN)).append(line).append('\n');
        }
    }

    private static String wrapAll(String[] paragraphs) {
        StringBuilder text = new StringBuilder();
        for (String paragraph : paragraphs) {
            for (String line : Paragraphs.wrap(paragraph.replace("%n", "\n"), WIDTH)) {
                text.append(line).append('\n');
            }
        }
        return text.toString();
    }
}
