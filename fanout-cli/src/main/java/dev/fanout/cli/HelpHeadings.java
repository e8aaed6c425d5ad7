package dev.fanout.cli;

import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Member;
import java.util.List;
import java.util.Map;

/** The headings {@code --help} and the man pages group options under, by purpose. Stateless. */
final class HelpHeadings {
    /** The headings, in the order they are shown. */
    static final List<String> ALL = List.of("Selection", "Connection", "Command", "Copy", "Privilege",
            "Output", "Failure policy", "Options", "Help");

    /** The heading of the options each class declares. */
    private static final Map<Class<?>, String> BY_CLASS = Map.ofEntries(
            Map.entry(InventoryOptions.class, "Selection"), Map.entry(SelectionOptions.class, "Selection"),
            Map.entry(SeedOptions.class, "Selection"),
            Map.entry(FailurePolicyOptions.class, "Failure policy"),
            Map.entry(BecomeOptions.class, "Privilege"),
            Map.entry(ConnectionOptions.class, "Connection"),
            Map.entry(OutputOptions.class, "Output"), Map.entry(ViewOptions.class, "Output"),
            Map.entry(ViewOptions.Mode.class, "Output"), Map.entry(ShellCommand.class, "Output"),
            Map.entry(PutCommand.class, "Copy"), Map.entry(GetCommand.class, "Copy"),
            Map.entry(RunCommand.class, "Command"), Map.entry(BatchRunCommand.class, "Command"),
            Map.entry(BatchScpCommand.class, "Command"));

    private HelpHeadings() {
    }

    /** The heading {@code option} belongs under: by the class that declares it, a few by their purpose. */
    static String of(OptionSpec option) {
        if (option.usageHelp() || option.versionHelp()) {
            return "Help";
        }
        String name = option.longestName();
        if (name.equals("--timeout") || name.equals("--maxrc")) {
            return "Failure policy";
        }
        Class<?> declaring = option.userObject() instanceof Member member ? member.getDeclaringClass() : null;
        return declaring == null ? "Options" : BY_CLASS.getOrDefault(declaring, "Options");
    }
}
