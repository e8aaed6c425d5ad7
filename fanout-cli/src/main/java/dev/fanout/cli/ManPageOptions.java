package dev.fanout.cli;

import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A command's synopsis, arguments and options in roff, as {@code --help} shows them, under its headings. Stateless. */
final class ManPageOptions {
    private ManPageOptions() {
    }

    /** {@code [OPTIONS] COMMAND...}, the abbreviated synopsis --help shows. */
    static String synopsis(CommandSpec spec) {
        List<String> parts = new ArrayList<>();
        if (spec.options().stream().anyMatch(o -> !o.hidden())) {
            parts.add("[OPTIONS]");
        }
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.hidden()) {
                continue;
            }
            String label = p.paramLabel() + (p.isMultiValue() ? "..." : "");
            parts.add(p.arity().min() == 0 ? "[" + label + "]" : label);
        }
        if (!spec.subcommands().isEmpty()) {
            parts.add("COMMAND [ARGS...]");
        }
        return String.join(" ", parts);
    }

    static void arguments(Roff roff, CommandSpec spec) {
        List<PositionalParamSpec> shown = spec.positionalParameters().stream().filter(p -> !p.hidden()).toList();
        if (shown.isEmpty()) {
            return;
        }
        roff.line(".SH ARGUMENTS");
        for (PositionalParamSpec p : shown) {
            roff.tagged("\\fI" + Roff.escape(p.paramLabel() + (p.isMultiValue() ? "..." : "")) + "\\fR",
                    description(p));
        }
    }

    static void options(Roff roff, CommandSpec spec) {
        Map<String, List<OptionSpec>> byHeading = new LinkedHashMap<>();
        HelpHeadings.ALL.forEach(h -> byHeading.put(h, new ArrayList<>()));
        spec.options().stream().filter(o -> !o.hidden()).forEach(o -> byHeading.get(HelpHeadings.of(o)).add(o));
        if (byHeading.values().stream().allMatch(List::isEmpty)) {
            return;
        }
        roff.line(".SH OPTIONS");
        for (Map.Entry<String, List<OptionSpec>> section : byHeading.entrySet()) {
            if (section.getValue().isEmpty()) {
                continue;
            }
            roff.line(".SS " + Roff.quoted(section.getKey()));
            for (OptionSpec option : section.getValue()) {
                roff.tagged(optionTag(option), description(option));
            }
        }
    }

    /** {@code \fB-H\fR, \fB--hosts\fR=\fIHOSTS\fR}, as --help's {@code -H, -w, --hosts=HOSTS}. */
    static String optionTag(OptionSpec option) {
        List<String> names = new ArrayList<>();
        for (String n : option.names()) {
            names.add("\\fB" + Roff.escape(n) + "\\fR");
        }
        String tag = String.join(", ", names);
        if (option.arity().max() == 0) {
            return tag;
        }
        String label = "\\fI" + Roff.escape(option.paramLabel()) + "\\fR";
        return tag + (option.arity().min() == 0 ? "[=" + label + "]" : "=" + label);
    }

    /** The description as --help shows it, the default value filled in. */
    private static String description(ArgSpec arg) {
        String text = String.join(" ", arg.description());
        String defaultValue = arg.defaultValueString();
        return text.replace("${DEFAULT-VALUE}", defaultValue == null ? "" : defaultValue);
    }
}
