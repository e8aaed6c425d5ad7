package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.exec.Engine;
import dev.fanout.core.exec.Execution;
import dev.fanout.core.exec.HostContext;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.render.ConsoleOutput;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.render.StatusLine;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.text.Units;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.text.Suggestions;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.WarmTransport;
import dev.fanout.ssh.MinaTransport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.UnaryOperator;

/**
 * The loop of {@code fanout shell}: connects to the selected hosts once, then reads command lines and runs each on
 * the selected hosts over the connections kept open ({@link WarmTransport}), as one recorded run per command, through
 * {@link JobRunner} as {@code fanout run} does; lines starting with {@code :} are its built-ins. Used by one thread.
 */
final class Shell {
    static final String PROMPT = "fanout> ";

    /** The built-ins, with what {@code :help} says of them. */
    private static final Map<String, String> BUILT_INS = builtIns();

    private static Map<String, String> builtIns() {
        Map<String, String> all = new LinkedHashMap<>();
        all.put(":select HOSTS", "work with HOSTS instead (names, ranges, @GROUP, @failed), e.g. :select @db_servers");
        all.put(":add HOSTS", "add HOSTS to the selection");
        all.put(":exclude HOSTS", "leave HOSTS out of the selection, e.g. :exclude web03");
        all.put(":reset", "back to the selection of the command line");
        all.put(":hosts", "show the selection and which hosts are connected");
        all.put(":gather", "switch between live lines and the gathered view (as -b) for the next commands");
        all.put(":help", "this list");
        all.put(":quit", "leave (also :exit, or Ctrl-D); Ctrl-C stops the running command on every host");
        return all;
    }

    /** The job of the first connection: connect, and do nothing on the host. */
    private static final Job CONNECT = new Job() {
        @Override
        public String description() {
            return "connect";
        }

        @Override
        public Outcome execute(Connection connection, HostContext context) {
            return new Outcome.Exited(0);
        }
    };

    private final CliEnvironment env;
    private final CommandLines lines;
    private final Inventory inventory;
    private final UnaryOperator<Host> complete;
    private final ConnectionOptions connection;
    private final OutputOptions output;
    private final MinaTransport mina;
    private final WarmTransport warm;
    private final ConcurrentLinkedQueue<String[]> reconnected = new ConcurrentLinkedQueue<>();
    private final List<Host> initialHosts;
    private final List<String> initialWords;
    private final boolean noGather;
    private List<Host> hosts;
    /** The current selection as options of {@code fanout run}, for the records. */
    private List<String> words;
    private boolean gather;
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
        this.inventory = inventory;
        this.complete = complete;
        this.connection = connection;
        this.output = output;
        this.initialHosts = List.copyOf(hosts);
        this.initialWords = List.copyOf(words);
        this.hosts = initialHosts;
        this.words = initialWords;
        this.gather = gather;
        this.noGather = noGather;
        this.mina = new MinaTransport(connection.transportOptions(env));
        this.warm = new WarmTransport(mina, MinaTransport::isOpen,
                (host, cause) -> reconnected.add(new String[]{host.name(), cause}));
    }

    /** Connects, then reads and runs command lines to the end of input or :quit; returns the last exit code. */
    int run() throws UserException {
        try (warm) {
            if (!connectAll() && !lines.interactive()) {
                return ExitCodes.INTERRUPTED;
            }
            if (lines.interactive()) {
                env.err().println("fanout: working with " + selectionText()
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
                    if (!builtIn(command)) {
                        return status;
                    }
                    continue;
                }
                status = runCommand(command);
                if (status == ExitCodes.INTERRUPTED && !lines.interactive()) {
                    return status;
                }
            }
        }
    }

    /** The first connection to every selected host; false when Ctrl-C cut it short. */
    private boolean connectAll() throws UserException {
        var options = connection.execOptions();
        var console = new ConsoleOutput(env.out(), env.err(), env.stderrTty());
        RunListener listener = hosts.size() > 1 ? new StatusLine(console) : RunListener.NONE;
        RunReport report;
        try {
            mina.preloadIdentities(hosts);
            Execution execution = new Engine(warm, options).start(hosts, CONNECT, listener);
            try (AutoCloseable ignored = lines.interrupts().onInterrupt(execution::cancel)) {
                report = execution.await();
            } catch (InterruptedException e) {
                execution.cancel();
                Thread.currentThread().interrupt();
                return false;
            } catch (Exception e) {
                throw new IllegalStateException("unregistering the interrupt handler failed", e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (report.count(Outcome.Status.OK) == hosts.size()) {
            if (output.quiet) {
                return true;
            }
            env.err().println("fanout: connected to " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts")
                    + " in " + Units.duration(report.elapsed()));
        } else {
            new SummaryRenderer(output.style(env, env.stderrTty())).render(report).forEach(env.err()::println);
        }
        return !report.interrupted();
    }

    /** Runs one command line on the selection as a recorded run; returns its exit code. */
    private int runCommand(String command) {
        List<String> argv = new ArrayList<>(List.of("run"));
        argv.addAll(words);
        argv.add(command);
        ViewOptions views = new ViewOptions();
        views.mode.gather = gather;
        views.noGather = noGather;
        CliEnvironment runEnv = new CliEnvironment(env.in(), env.out(), env.err(), env.env(), env.stdoutTty(),
                env.stderrTty(), env.prompt(), lines.interrupts());
        int code;
        try {
            mina.preloadIdentities(hosts);
            code = JobRunner.run(runEnv, argv, words, hosts, new CommandJob(command), warm, connection, output, views,
                    false);
        } catch (UserException e) {
            env.err().println("fanout: " + SafeText.of(e.getMessage()));
            code = e.exitCode();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = ExitCodes.INTERRUPTED;
        }
        reportReconnected();
        return code;
    }

    /** One line per reason for the hosts connected again during the last command. */
    private void reportReconnected() {
        Map<String, List<String>> byCause = new TreeMap<>();
        for (String[] r; (r = reconnected.poll()) != null; ) {
            byCause.computeIfAbsent(r[1], c -> new ArrayList<>()).add(r[0]);
        }
        byCause.forEach((cause, names) -> env.err().println(SafeText.of("fanout: " + NodeSet.fold(names)
                + ": reconnected (" + cause + ")")));
    }

    /** Handles a built-in; false when it asks to leave. */
    private boolean builtIn(String line) {
        String[] parts = line.substring(1).strip().split("\\s+", 2);
        String name = parts[0];
        String argument = parts.length > 1 ? parts[1].strip().replaceAll("[\\s,]+", ",") : "";
        try {
            switch (name) {
                case "quit", "exit" -> {
                    return false;
                }
                case "help" -> BUILT_INS.forEach((usage, text) -> env.out().printf("  %-16s %s%n", usage, text));
                case "hosts" -> showHosts();
                case "select" -> change(resolve(name, argument));
                case "add" -> {
                    Set<String> names = names(hosts);
                    names.addAll(names(resolve(name, argument)));
                    change(select(Selection.builder().names(names, ":" + name).build()));
                }
                case "exclude" -> {
                    Set<String> names = names(hosts);
                    names.removeAll(names(resolve(name, argument)));
                    if (names.isEmpty()) {
                        throw new UserException(":exclude " + argument + " would leave no host selected");
                    }
                    change(select(Selection.builder().names(names, ":" + name).build()));
                }
                case "reset" -> {
                    hosts = initialHosts;
                    words = initialWords;
                    env.err().println("fanout: working with " + selectionText());
                }
                case "gather" -> {
                    gather = !gather;
                    env.err().println(gather ? "fanout: gathered view: each command's output is shown once it ends, "
                            + "hosts with the same output together" : "fanout: live view: each line as it arrives");
                }
                default -> {
                    String known = Suggestions.closest(name, List.of("select", "add", "exclude", "reset", "hosts",
                            "gather", "help", "quit", "exit")).map(s -> ": did you mean ':" + s + "'?").orElse("");
                    throw new UserException("unknown built-in ':" + name + "'" + known + " (see :help)");
                }
            }
            status = ExitCodes.OK;
        } catch (UserException e) {
            env.err().println("fanout: " + SafeText.of(e.getMessage()));
            status = e.exitCode();
        }
        return true;
    }

    /** The hosts that {@code argument} of built-in {@code name} names, as -H takes them ({@code @failed} too). */
    private List<Host> resolve(String name, String argument) throws UserException {
        if (argument.isEmpty()) {
            throw new UserException(":" + name + " needs HOSTS: names, ranges or @GROUP, e.g. :" + name + " web[01-02]");
        }
        SelectionOptions selection = new SelectionOptions();
        selection.hosts.add(argument);
        return select(selection.selection(env));
    }

    private List<Host> select(Selection selection) throws UserException {
        return InventoryOptions.select(inventory, selection).stream().map(complete).toList();
    }

    private void change(List<Host> selected) {
        hosts = selected;
        words = List.of("-H", NodeSet.fold(names(selected)));
        env.err().println("fanout: working with " + selectionText());
    }

    private void showHosts() {
        List<String> down = hosts.stream().map(Host::name).filter(h -> !warm.connected(h)).toList();
        env.out().println(SafeText.of(selectionText() + ": " + (hosts.size() - down.size()) + " connected"
                + (down.isEmpty() ? "" : ", not connected: " + NodeSet.fold(down))));
    }

    private String selectionText() {
        return SafeText.of(NodeSet.fold(names(hosts))) + " (" + hosts.size() + (hosts.size() == 1 ? " host)" : " hosts)");
    }

    private static Set<String> names(List<Host> hosts) {
        Set<String> names = new LinkedHashSet<>();
        hosts.forEach(h -> names.add(h.name()));
        return names;
    }
}
