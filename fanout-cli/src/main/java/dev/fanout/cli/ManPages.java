package dev.fanout.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The man pages, written as roff from the same picocli model as {@code --help} (so they cannot drift from it):
 * fanout(1), one fanout-COMMAND(1) per subcommand, batch_run(1) and batch_scp(1), with the options under
 * {@link HelpLayout}'s headings, the exit codes of {@link ExitCodes}, and the environment, files and examples.
 * Run by the build ({@code main DIR} writes DIR/man1/*.1; public for exec-maven-plugin only). Stateless.
 */
public final class ManPages {
    /** The exit codes and what each means; {@code ManPagesTest} checks that every constant of ExitCodes is here. */
    static final Map<Integer, String> EXIT_CODES = exitCodes();

    private ManPages() {
    }

    private static Map<Integer, String> exitCodes() {
        Map<Integer, String> codes = new LinkedHashMap<>();
        codes.put(ExitCodes.OK, "Every host succeeded.");
        codes.put(ExitCodes.REMOTE_FAILED, "At least one remote command exited non-zero, or a transfer failed on a host.");
        codes.put(ExitCodes.USAGE, "The command line, the inventory or the selection is wrong; nothing was run.");
        codes.put(ExitCodes.UNREACHABLE, "At least one host could not be reached, trusted or logged into.");
        codes.put(ExitCodes.TIMED_OUT, "At least one host was still running when its time limit ran out.");
        codes.put(ExitCodes.STOPPED, "The failure policy stopped the run (--max-fail, --fail-fast, --canary); the "
                + "hosts not started were skipped.");
        codes.put(ExitCodes.INTERNAL, "An unexpected error inside fanout (a bug): please report it.");
        codes.put(ExitCodes.INTERRUPTED, "The run was interrupted (Ctrl-C or SIGTERM).");
        codes.put(ExitCodes.MAXRC_NOT_FINISHED, "With --maxrc (run): a host did not finish; otherwise --maxrc makes "
                + "the exit code the largest remote exit code.");
        return codes;
    }

    /** An environment variable or a file, and which commands it concerns. */
    private record Entry(String name, String text, Scope scope) {
    }

    /** Which commands an entry concerns: all, those that read an inventory, that connect to hosts; fanout(1) only. */
    private enum Scope { ALL, INVENTORY, CONNECT, MAIN }

    private static final List<Entry> ENVIRONMENT = List.of(
            new Entry(InventoryOptions.ENV, "The inventory when -i is not given.", Scope.INVENTORY),
            new Entry(InventoryOptions.SSH_CONFIG_ENV, "The OpenSSH client configuration when -F is not given; "
                    + "'none' reads none.", Scope.INVENTORY),
            new Entry("XDG_CONFIG_HOME", "The per-user inventory is $XDG_CONFIG_HOME/fanout/hosts.ini "
                    + "(default ~/.config/fanout/hosts.ini).", Scope.INVENTORY),
            new Entry("XDG_STATE_HOME", "Runs are recorded under $XDG_STATE_HOME/fanout when it is an absolute path "
                    + "(default ~/.local/state/fanout).", Scope.ALL),
            new Entry("SSH_AUTH_SOCK", "The ssh-agent to ask for keys.", Scope.CONNECT),
            new Entry("NO_COLOR", "When set and not empty, no colour unless --color=always; TERM=dumb too.", Scope.ALL),
            new Entry("HOME", "Where ~/.ssh and the default state and config directories are.", Scope.ALL),
            new Entry("USER", "The login user for hosts that name none (in the inventory or ssh_config).",
                    Scope.INVENTORY),
            new Entry("FANOUT_LOG", "The level of the SSH library's log on stderr (error, warn, info, debug, trace).",
                    Scope.ALL),
            new Entry("FANOUT_DEBUG", "When set, an internal error (exit code 70) prints its stack trace.", Scope.ALL),
            new Entry("FANOUT_JAVA_HOME", "The Java 25 runtime the launcher of a source build uses, before $JAVA_HOME, "
                    + "the java on PATH and /usr/lib/jvm; a release (the tarball, the Debian package) always runs the "
                    + "runtime it ships.", Scope.ALL),
            new Entry("FANOUT_JAVA_OPTS", "More options for the JVM, such as -Xmx2g for very large fan-outs.",
                    Scope.ALL),
            new Entry("FANOUT_JAR", "The jar the launcher runs, instead of the one beside it.", Scope.ALL));

    private static final List<Entry> FILES = List.of(
            new Entry("./hosts.ini", "The inventory when neither -i nor $FANOUT_INVENTORY names one.", Scope.INVENTORY),
            new Entry("$XDG_CONFIG_HOME/fanout/hosts.ini", "The per-user inventory, after ./hosts.ini "
                    + "(default ~/.config/fanout/hosts.ini).", Scope.INVENTORY),
            new Entry("~/.ssh/config", "The user's OpenSSH client configuration, read before /etc/ssh/ssh_config "
                    + "unless -F or $FANOUT_SSH_CONFIG names another.", Scope.INVENTORY),
            new Entry("~/.ssh/known_hosts", "The host keys trusted; --accept-new records new ones here. "
                    + "/etc/ssh/ssh_known_hosts and /etc/ssh/ssh_known_hosts2 are read too.", Scope.CONNECT),
            new Entry("~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa", "The default keys, when the inventory and "
                    + "ssh_config name none.", Scope.CONNECT),
            new Entry("$XDG_STATE_HOME/fanout", "The recorded runs that history, show and --rerun-failed read "
                    + "(default ~/.local/state/fanout), and fanout shell's history (" + ShellCommand.HISTORY + ").",
                    Scope.ALL),
            new Entry("fanout-cli/target/man, fanout-cli/target/completion", "In a build: these pages, and the "
                    + "completion scripts fanout.bash (bash) and _fanout (zsh); 'bin/fanout --install-paths' prints "
                    + "where. Installed: /usr/share/man/man1, /usr/share/bash-completion/completions/fanout, "
                    + "/usr/share/zsh/vendor-completions/_fanout.", Scope.MAIN));

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages DIR (writes DIR/man1/*.1)");
        }
        write(Path.of(args[0]));
    }

    /** Writes every page into {@code dir}/man1 and returns their paths. */
    static List<Path> write(Path dir) throws IOException {
        Path man1 = Files.createDirectories(dir.resolve("man1"));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Path file = man1.resolve(page.getKey() + ".1");
            Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /** The whole model, every subcommand in it, as {@code fanout --help} builds it. */
    static CommandLine model() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CliEnvironment env = new CliEnvironment(InputStream.nullInputStream(), nowhere, nowhere, Map.of(), false,
                false, Optional.empty(), CliEnvironment.Interrupts.NONE);
        CommandLine root = new CommandLine(new Main(), new Main.Factory(env));
        Main.SUBCOMMANDS.forEach(root::addSubcommand);
        return root;
    }

    /** Page name (fanout-run) to page text, for fanout, each visible subcommand and batch_run, batch_scp. */
    static Map<String, String> pages() {
        CommandLine root = model();
        String version = BuildInfo.current().version();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("fanout", page(root, root, version));
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() || isSeed(sub)) {
                pages.put(pageName(sub), page(root, sub, version));
            }
        }
        return pages;
    }

    /** batch_run and batch_scp: the original command lines, installed as commands of their own. */
    private static boolean isSeed(CommandLine command) {
        return command.getCommandName().startsWith("batch_");
    }

    static String pageName(CommandLine command) {
        return command.getParent() == null || isSeed(command) ? command.getCommandName()
                : "fanout-" + command.getCommandName();
    }

    /** How the command is typed: fanout, fanout run, batch_run. */
    private static String invocation(CommandLine command) {
        return command.getParent() == null || isSeed(command) ? command.getCommandName()
                : "fanout " + command.getCommandName();
    }

    private static String page(CommandLine root, CommandLine command, String version) {
        CommandSpec spec = command.getCommandSpec();
        Roff roff = new Roff();
        String name = pageName(command);
        roff.line(".TH " + Roff.quoted(name.toUpperCase(java.util.Locale.ROOT)) + " 1 \"\" "
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
        roff.line(".B " + Roff.escape(invocation(command)));
        roff.text(synopsis(spec));
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
                            firstSentence(subDescription) + ". See " + pageName(sub) + "(1).");
                    examples.addAll(subExamples);
                }
            }
            roff.tagged("\\fBbatch_run\\fR, \\fBbatch_scp\\fR",
                    "The original command lines, as commands of their own: see batch_run(1) and batch_scp(1).");
        }
        arguments(roff, spec);
        options(roff, spec);
        exitStatus(roff, command, root);
        Scope[] scopes = scopes(spec, command == root);
        entries(roff, "ENVIRONMENT", ENVIRONMENT, scopes, false);
        entries(roff, "FILES", FILES, scopes, true);
        if (!examples.isEmpty()) {
            roff.line(".SH EXAMPLES");
            for (String example : examples) {
                roff.example(example);
            }
        }
        roff.line(".SH SEE ALSO");
        List<String> seeAlso = new ArrayList<>();
        for (CommandLine other : pagesOf(root)) {
            if (other != command) {
                seeAlso.add("\\fB" + Roff.escape(pageName(other)) + "\\fR(1)");
            }
        }
        seeAlso.add("\\fBssh\\fR(1)");
        seeAlso.add("\\fBssh_config\\fR(5)");
        roff.line(String.join(",\n", seeAlso));
        return roff.toString();
    }

    private static List<CommandLine> pagesOf(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden() || isSeed(c)).forEach(all::add);
        return all;
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

    /** {@code [OPTIONS] COMMAND...}, the abbreviated synopsis --help shows. */
    private static String synopsis(CommandSpec spec) {
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

    private static void arguments(Roff roff, CommandSpec spec) {
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

    private static void options(Roff roff, CommandSpec spec) {
        Map<String, List<OptionSpec>> byHeading = new LinkedHashMap<>();
        HelpLayout.HEADINGS.forEach(h -> byHeading.put(h, new ArrayList<>()));
        spec.options().stream().filter(o -> !o.hidden()).forEach(o -> byHeading.get(HelpLayout.heading(o)).add(o));
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

    private static void exitStatus(Roff roff, CommandLine command, CommandLine root) {
        roff.line(".SH EXIT STATUS");
        boolean runsJobs = command == root || isSeed(command)
                || List.of(command.getCommandSpec().usageMessage().footer()).contains(ExitCodes.HELP);
        if (runsJobs) {
            roff.paragraph("When several apply, the first of 130, 70, 4, 3, 1 wins.");
        }
        for (Map.Entry<Integer, String> code : EXIT_CODES.entrySet()) {
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

    /** The scopes of the entries a command's page lists: by the options it has. */
    private static Scope[] scopes(CommandSpec spec, boolean all) {
        if (all) {
            return Scope.values();
        }
        List<Scope> scopes = new ArrayList<>(List.of(Scope.ALL));
        for (OptionSpec option : spec.options()) {
            Class<?> declaring = option.userObject() instanceof Member m ? m.getDeclaringClass() : null;
            if ((declaring == InventoryOptions.class || declaring == SeedOptions.class)
                    && !scopes.contains(Scope.INVENTORY)) {
                scopes.add(Scope.INVENTORY);
            }
            if ((declaring == ConnectionOptions.class || declaring == SeedOptions.class)
                    && !scopes.contains(Scope.CONNECT)) {
                scopes.add(Scope.CONNECT);
            }
        }
        return scopes.toArray(Scope[]::new);
    }

    private static void entries(Roff roff, String section, List<Entry> entries, Scope[] scopes, boolean italic) {
        roff.line(".SH " + section);
        for (Entry entry : entries) {
            if (List.of(scopes).contains(entry.scope())) {
                String font = italic ? "\\fI" : "\\fB";
                roff.tagged(font + Roff.escape(entry.name()) + "\\fR", entry.text());
            }
        }
    }

    /** The exit-code constants of ExitCodes, by reflection (for the test that none is missing from the pages). */
    static List<Integer> exitCodeConstants() {
        List<Integer> values = new ArrayList<>();
        for (Field field : ExitCodes.class.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == int.class) {
                try {
                    values.add(field.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
