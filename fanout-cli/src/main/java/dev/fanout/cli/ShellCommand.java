package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.select.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;

/** {@code fanout shell}: connect once, then run each command typed at a prompt on every selected host. */
@Command(name = "shell", mixinStandardHelpOptions = true,
        description = {"Connect once to every selected host, then read commands at a prompt and run each on all of "
                + "them over the open connections, as clush does without a command: live lines, the gathered digest "
                + "and a summary after each, and each command recorded as a run (fanout history, show, -H @failed). "
                + "On a terminal with line editing and a history (" + ShellCommand.HISTORY + " in the state "
                + "directory); from a pipe or a file, one command per line, without prompt.",
                "Built-ins: :select HOSTS, :add HOSTS, :exclude HOSTS (names, ranges, @GROUP, @failed), :reset, "
                        + ":hosts, :gather (switch to and from the gathered view), :help, :quit (or Ctrl-D). Ctrl-C "
                        + "stops the running command on every host, not the shell. A host whose connection was lost "
                        + "is connected again at the next command, and a line says so.",
                "Example: fanout shell -g web_clusters,db_servers"},
        footerHeading = "%n", footer = {ExitCodes.HELP, ShellCommand.EXIT})
final class ShellCommand implements Callable<Integer> {
    /** The history file's name in the state directory. */
    static final String HISTORY = "shell_history";
    static final String EXIT = "The shell exits with the exit code of its last command (0 without one, 2 after a "
            + "built-in that failed); from a script, a command interrupted by Ctrl-C ends it with 130.";

    private final CliEnvironment env;

    @Mixin
    HostJobOptions target;

    @Option(names = {"-b", "--gather"},
            description = "Start in the gathered view: no live lines; at the end of each command, hosts with identical "
                    + "output shown once (:gather switches).")
    boolean gather;

    @Option(names = "--no-gather",
            description = "Never end a live command with the gathered digest (shown when more than 5 hosts gave "
                    + "differing output and stdout is a terminal).")
    boolean noGather;

    ShellCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        Selection selection = target.selection.selection(env);
        Inventory inventory = target.inventory.load(env, selection);
        List<Host> selected = InventoryOptions.select(inventory, selection);
        ConnectionOptions connection = target.connection;
        connection.execOptions();
        Secret password = connection.askPass
                ? PasswordPrompt.ask(env, "--ask-pass", "password",
                selected.stream().filter(h -> h.password() == null).toList()) : null;
        UnaryOperator<Host> complete = host -> {
            Host h = connection.user == null ? host : host.withUser(connection.user);
            return password != null && h.password() == null ? h.withPassword(password) : h;
        };
        List<String> words = SelectionWords.of(target.command.commandLine().getParseResult());
        try (CommandLines lines = open()) {
            return new Shell(env, lines, inventory, complete, selected.stream().map(complete).toList(), words,
                    connection, target.output, gather, noGather).run();
        }
    }

    /**
     * Line editing when standard input is the process's terminal (the launcher tells, else the JDK's console);
     * plain lines otherwise, and in-process.
     */
    private CommandLines open() throws UserException {
        String told = System.getProperty("fanout.stdin.tty");
        boolean terminal = env.in() == System.in && (told != null ? Boolean.parseBoolean(told)
                : System.console() != null && System.console().isTerminal());
        if (!terminal) {
            return new CommandLines.Plain(env);
        }
        Path history = RecordLookup.stateDirectory(env).resolve(HISTORY);
        try {
            return TerminalLines.open(history);
        } catch (IOException e) {
            throw new UserException("cannot open the terminal or the history " + history + ": " + e.getMessage());
        }
    }
}
