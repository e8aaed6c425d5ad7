package dev.fanout.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One man page in roff: NAME, SYNOPSIS, DESCRIPTION, COMMANDS, OPTIONS, EXIT STATUS, ..., SEE ALSO. Stateless. */
final class ManPage {
    private ManPage() {
    }

    static String page(CommandLine root, CommandLine command, String version) {
        CommandSpec spec = command.getCommandSpec();
        Roff roff = new Roff();
        String name = ManPages.pageName(command);
        roff.line(".TH " + Roff.quoted(name.toUpperCase(Locale.ROOT)) + " 1 \"\" "
                + Roff.quoted(("fanout " + version).strip()) + " " + Roff.quoted("fanout manual"));
        roff.line(".nr HY 0");
        roff.line(".nh");
        roff.line(".ad l");
        List<String> description = new ArrayList<>();
        List<String> examples = new ArrayList<>();
        split(spec.usageMessage().description(), description, examples);

        roff.line(".SH NAME");
        roff.text(name + " - " + firstSentence(description));
        roff.line(".SH SYNOPSIS");
        roff.line(".B " + Roff.escape(ManPages.invocation(command)));
        roff.text(ManPageOptions.synopsis(spec));
        roff.line(".SH DESCRIPTION");
        for (String paragraph : description) {
            roff.paragraph(paragraph);
        }
        if (command == root) {
            roff.line(".SH COMMANDS");
            for (CommandLine sub : root.getSubcommands().values()) {
                if (!sub.getCommandSpec().usageMessage().hidden()) {
                    List<String> subDescription = new ArrayList<>();
                    List<String> subExamples = new ArrayList<>();
                    split(sub.getCommandSpec().usageMessage().description(), subDescription, subExamples);
                    roff.tagged("\\fB" + Roff.escape(sub.getCommandName()) + "\\fR",
                            firstSentence(subDescription) + ". See " + ManPages.pageName(sub) + "(1).");
                    examples.addAll(subExamples);
                }
            }
            roff.tagged("\\fBbatch_run\\fR, \\fBbatch_scp\\fR",
                    "The original command lines, as commands of their own: see batch_run(1) and batch_scp(1).");
        }
        ManPageOptions.arguments(roff, spec);
        ManPageOptions.options(roff, spec);
        exitStatus(roff, command, root);
        ManPageEntries.Scope[] scopes = ManPageEntries.scopes(spec, command == root);
        ManPageEntries.entries(roff, "ENVIRONMENT", ManPageEntries.ENVIRONMENT, scopes, false);
        ManPageEntries.entries(roff, "FILES", ManPageEntries.FILES, scopes, true);
        if (!examples.isEmpty()) {
            roff.line(".SH EXAMPLES");
            for (String example : examples) {
                roff.example(example);
            }
        }
        roff.line(".SH SEE ALSO");
        List<String> seeAlso = new ArrayList<>();
        for (CommandLine other : ManPages.pagesOf(root)) {
            if (other != command) {
                seeAlso.add("\\fB" + Roff.escape(ManPages.pageName(other)) + "\\fR(1)");
            }
        }
        seeAlso.add("\\fBssh\\fR(1)");
        seeAlso.add("\\fBssh_config\\fR(5)");
        roff.line(String.join(",\n", seeAlso));
        return roff.toString();
    }

    /** The description paragraphs into {@code description}, its "Example:" lines (and their sequels) into examples. */
    private static void split(String[] paragraphs, List<String> description, List<String> examples) {
        boolean inExample = false;
        for (String paragraph : paragraphs) {
            if (paragraph.startsWith("Example: ")) {
                examples.add(paragraph.substring("Example: ".length()).strip());
                inExample = true;
            } else if (inExample && paragraph.startsWith(" ")) {
                examples.add(paragraph.strip());
            } else {
                description.add(paragraph);
                inExample = false;
            }
        }
    }

    private static String firstSentence(List<String> description) {
        if (description.isEmpty()) {
            return "";
        }
        String first = description.getFirst().replace("%n", " ");
        int end = first.indexOf(". ");
        String sentence = end < 0 ? first : first.substring(0, end + 1);
        return sentence.endsWith(".") ? sentence.substring(0, sentence.length() - 1) : sentence;
    }

    private static void exitStatus(Roff roff, CommandLine command, CommandLine root) {
        roff.line(".SH EXIT STATUS");
        boolean runsJobs = command == root || ManPages.isSeed(command)
                || List.of(command.getCommandSpec().usageMessage().footer()).contains(ExitCodes.HELP);
        if (runsJobs) {
            roff.paragraph("When several apply, the first of 130, 70, 4, 3, 1 wins.");
        }
        for (Map.Entry<Integer, String> code : ManPageEntries.EXIT_CODES.entrySet()) {
            int value = code.getKey();
            boolean always = value == ExitCodes.OK || value == ExitCodes.USAGE || value == ExitCodes.INTERNAL;
            boolean maxrc = value == ExitCodes.MAXRC_NOT_FINISHED;
            if (always || (runsJobs && (!maxrc || command == root || command.getCommandName().equals("run")))) {
                roff.tagged("\\fB" + value + "\\fR", always && !runsJobs && value == ExitCodes.OK
                        ? "Success." : code.getValue());
            }
        }
        if (command.getCommandName().equals("shell")) {
            roff.paragraph(ShellCommand.EXIT);
        }
        if (command.getCommandName().equals("lab")) {
            roff.paragraph("With FANOUT-ARGS, the exit code of that fanout command.");
        }
    }
}
