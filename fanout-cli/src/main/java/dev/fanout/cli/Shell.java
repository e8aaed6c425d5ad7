package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.transport.WarmTransport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * The loop of {@code fanout shell}: connects to the selected hosts once, then reads command lines and runs each on
 * the selected hosts over the connections kept open ({@link WarmTransport}), as one recorded run per command, through
 * {@link JobRunner} as {@code fanout run} does; lines starting with {@code :} are its built-ins. Used by one thread.
 */
final class Shell {
    static final String PROMPT = "fanout> ";

    private final CliEnvironment env;
    private final CommandLines lines;
    private final ConnectionOptions connection;
    private final OutputOptions output;
    private final ShellConnections connections;
    private final ShellSelection selection;
    private final boolean noGather;
    private final ShellBuiltIns builtIns;
    /** The exit code of the last command, or of a built-in (2 when it failed). */
    private int status = ExitCodes.OK;

    /**
     * A shell on {@code hosts} of {@code inventory} (as {@code words} selected them), each new selection completed
     * by {@code complete} (-l, --ask-pass); {@code gather} and {@code noGather} are the starting view.
     */
    Shell(CliEnvironment env, CommandLines lines, Inventory inventory, UnaryOperator<Host> complete, List<Host> hosts,
          List<String> words, ConnectionOptions connection, OutputOptions output, boolean gather, boolean noGather) {
        this.env = env;
        this.lines = lines;
        this.connection = connection;
        this.output = output;
        this.selection = new ShellSelection(env, inventory, complete, hosts, words);
        this.noGather = noGather;
        this.connections = new ShellConnections(env, lines, connection, output);
        this.builtIns = new ShellBuiltIns(env, selection, connections, gather);
    }

    /** Connects, then reads and runs command lines to the end of input or :quit; returns the last exit code. */
    int run() throws UserException {
        try (connections) {
            if (!connections.connectAll(selection.hosts()) && !lines.interactive()) {
                return ExitCodes.INTERRUPTED;
            }
            if (lines.interactive()) {
                env.err().println("fanout: working with " + selection.text()
                        + "; :help for the built-ins, Ctrl-D or :quit to leave");
            }
            while (true) {
                String line;
                try {
                    line = lines.read(PROMPT);
                } catch (IOException e) {
                    throw new UserException("cannot read the commands: " + e.getMessage());
                }
                if (line == null) {
                    return status;
                }
                String command = line.strip();
                if (command.isEmpty()) {
                    continue;
                }
                if (command.startsWith(":")) {
                    if (!builtIns.run(command)) {
                        return status;
                    }
                    status = builtIns.status();
                    continue;
                }
                status = runCommand(command);
                if (status == ExitCodes.INTERRUPTED && !lines.interactive()) {
                    return status;
                }
            }
        }
    }

    /** Runs one command line on the selection as a recorded run; returns its exit code. */
    private int runCommand(String command) {
        List<Host> hosts = selection.hosts();
        List<String> words = selection.words();
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(words);
        argv.add(command);
        ViewOptions views = new ViewOptions();
        views.mode.gather = builtIns.gather();
        views.noGather = noGather;
        CliEnvironment runEnv = new CliEnvironment(env.in(), env.out(), env.err(), env.env(), env.stdoutTty(),
                env.stderrTty(), env.prompt(), lines.interrupts());
        int code;
        try {
            code = JobRunner.run(runEnv, argv, words, hosts, new CommandJob(command), connections.transport(hosts),
                    connection, output, views, false);
        } catch (UserException e) {
            env.err().println("fanout: " + SafeText.of(e.getMessage()));
            code = e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = ExitCodes.INTERRUPTED;
        }
        connections.reportReconnected();
        return code;
    }
}
