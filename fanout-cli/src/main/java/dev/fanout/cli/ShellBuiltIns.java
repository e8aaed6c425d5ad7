package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.text.Suggestions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The built-ins of {@code fanout shell}, the lines starting with {@code :}. Used by one thread. */
final class ShellBuiltIns {
    /** The built-ins, with what {@code :help} says of them. */
    static final Map<String, String> BUILT_INS = builtIns();

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

    private final CliEnvironment env;
    private final ShellSelection selection;
    private final ShellConnections connections;
    private boolean gather;
    /** The exit code of the last built-in: 0, or that of its error. */
    private int status = ExitCodes.OK;

    ShellBuiltIns(CliEnvironment env, ShellSelection selection, ShellConnections connections, boolean gather) {
        this.env = env;
        this.selection = selection;
        this.connections = connections;
        this.gather = gather;
    }

    /** Whether the next commands show the gathered view (as -b), which {@code :gather} switches. */
    boolean gather() {
        return gather;
    }

    int status() {
        return status;
    }

    /** Handles a built-in; false when it asks to leave. */
    boolean run(String line) {
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
                case "select", "add", "exclude" -> {
                    selection.change(name, argument);
                    env.err().println("fanout: working with " + selection.text());
                }
                case "reset" -> {
                    selection.reset();
                    env.err().println("fanout: working with " + selection.text());
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

    private void showHosts() {
        List<String> down = selection.hosts().stream().map(Host::name).filter(h -> !connections.connected(h)).toList();
        env.out().println(SafeText.of(selection.text() + ": " + (selection.hosts().size() - down.size())
                + " connected" + (down.isEmpty() ? "" : ", not connected: " + NodeSet.fold(down))));
    }
}
