package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout hosts}: what a selection resolves to, without connecting. Never shows a password. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"Show the hosts a selection resolves to (all hosts when no selection is given): name, "
                + "address, port, user, authentication and groups. Connects to nothing."})
final class HostsCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    InventoryOptions inventory;
    @Mixin
    SelectionOptions selection;

    @Option(names = {"-1", "--names"}, description = "Only the names, one per line.")
    boolean namesOnly;

    HostsCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        if (selection.isEmpty()) {
            selection.all = true;
        }
        List<Host> hosts = JobRunner.selectHosts(env, inventory, selection.criteria(env), new ConnectionOptions());
        if (namesOnly) {
            hosts.forEach(h -> env.out().println(h.name()));
            return ExitCodes.OK;
        }
        String[] header = {"NAME", "ADDRESS", "PORT", "USER", "AUTH", "GROUPS"};
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (Host h : hosts) {
            rows.add(new String[]{h.name(), h.address(), String.valueOf(h.port()), h.user(), auth(h),
                    String.join(",", h.groups())});
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                widths[i] = Math.max(widths[i], row[i].length());
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(i == row.length - 1 ? row[i] : String.format("%-" + (widths[i] + 2) + "s", row[i]));
            }
            env.out().println(line.toString().stripTrailing());
        }
        return ExitCodes.OK;
    }

    private static String auth(Host h) {
        String key = h.identityFiles().isEmpty() ? "keys"
                : (h.identityFiles().size() == 1 ? "key " : "keys ") + String.join(",",
                h.identityFiles().stream().map(file -> String.valueOf(file.getFileName())).toList());
        return h.password() == null ? key : "password," + key;
    }
}
