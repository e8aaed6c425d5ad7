package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryWriter;
import dev.fanout.core.inventory.Route;
import dev.fanout.core.select.Selection;
import dev.fanout.core.text.SafeText;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout hosts}: what a selection resolves to, without connecting. Never shows a password. */
@Command(name = "hosts", mixinStandardHelpOptions = true,
        description = {"Show the hosts a selection resolves to (all hosts when no selection is given): name, "
                + "address, port, user, authentication, jump hosts (when any) and groups, the inventory completed "
                + "from ssh_config. Connects to nothing.",
                "Columns are padded to their widest cell of at most " + HostsCommand.MAX_PADDED + " characters; a "
                        + "longer cell is printed whole, unpadded, so the output grows with the inventory, never with "
                        + "its widest value times its rows."})
final class HostsCommand implements Callable<Integer> {
    /** A column is padded to at most this many characters; a longer cell is printed whole, without padding. */
    static final int MAX_PADDED = 40;

    private final CliEnvironment env;

    @Mixin
    InventoryOptions inventory;
    @Mixin
    SelectionOptions selection;

    @Option(names = {"-1", "--names"}, description = "Only the names, one per line.")
    boolean namesOnly;

    /** What {@code --format} writes: the table, or an inventory file in one of three formats. Immutable. */
    enum Format { TABLE, JSON, INI, ANSIBLE }

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            converter = FormatConverter.class, completionCandidates = FormatNames.class,
            description = {"table (the default), or the selected hosts written back out as an inventory file: "
                    + "json, ini (fanout's own) or ansible (Ansible's INI), each host with what it resolved to "
                    + "and its groups, nested ones included. A password is never written: such a host gets a "
                    + "comment. So 'fanout hosts -i hosts.yml --format ini > hosts.ini' moves to fanout's file, "
                    + "and --format ansible back."})
    Format format;

    /** The names {@code --format} takes, for completion. Not thread-safe (picocli makes one). */
    static final class FormatNames extends java.util.ArrayList<String> {
        FormatNames() {
            super(List.of("table", "json", "ini", "ansible"));
        }
    }

    /** {@code --format}'s value, in any case. Stateless and thread-safe. */
    static final class FormatConverter implements picocli.CommandLine.ITypeConverter<Format> {
        @Override
        public Format convert(String value) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected table, json, ini or ansible");
        }
    }

    HostsCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        if (selection.isEmpty()) {
            selection.all = true;
        }
        Selection chosen = selection.selection(env);
        Inventory loaded = inventory.load(env, chosen);
        List<Host> hosts = InventoryOptions.select(loaded, chosen);
        if (format != Format.TABLE) {
            if (namesOnly) {
                throw new UserException("give --names or --format, not both");
            }
            try {
                env.out().print(switch (format) {
                    case JSON -> InventoryWriter.json(loaded, hosts);
                    case INI -> InventoryWriter.ini(loaded, hosts);
                    default -> InventoryWriter.ansible(loaded, hosts);
                });
            } catch (IllegalArgumentException e) {
                throw new UserException(SafeText.of(e.getMessage()));
            }
            env.out().flush();
            return ExitCodes.OK;
        }
        if (namesOnly) {
            hosts.forEach(h -> env.out().println(SafeText.of(h.name())));
            return ExitCodes.OK;
        }
        boolean via = hosts.stream().anyMatch(h -> !(h.route() instanceof Route.Direct));
        String[] header = via ? new String[]{"NAME", "ADDRESS", "PORT", "USER", "AUTH", "VIA", "GROUPS"}
                : new String[]{"NAME", "ADDRESS", "PORT", "USER", "AUTH", "GROUPS"};
        List<String[]> rows = new java.util.ArrayList<>();
        rows.add(header);
        for (Host h : hosts) {
            List<String> row = new java.util.ArrayList<>(List.of(h.name(), h.address(), String.valueOf(h.port()),
                    h.user(), auth(h)));
            if (via) {
                row.add(via(h));
            }
            row.add(String.join(",", h.groups()));
            rows.add(row.stream().map(SafeText::of).toArray(String[]::new));
        }
        int[] widths = new int[header.length];
        for (String[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (row[i].length() <= MAX_PADDED) {
                    widths[i] = Math.max(widths[i], row[i].length());
                }
            }
        }
        for (String[] row : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.length; i++) {
                line.append(row[i]);
                if (i < row.length - 1) {
                    line.append(" ".repeat(Math.max(0, widths[i] - row[i].length()) + 2));
                }
            }
            env.out().println(line.toString().stripTrailing());
        }
        return ExitCodes.OK;
    }

    /** The jump hosts a host is reached through, first hop first ({@code outer,bastion}), or {@code -}. */
    private static String via(Host h) {
        if (h.route() instanceof Route.Unsupported unsupported) {
            return unsupported.keyword();
        }
        var hops = new java.util.ArrayDeque<String>();
        for (Host jump = h.jump(); jump != null; jump = jump.jump()) {
            hops.addFirst(jump.name());
        }
        return hops.isEmpty() ? "-" : String.join(",", hops);
    }

    private static String auth(Host h) {
        String key = h.identityFiles().isEmpty() ? "keys"
                : (h.identityFiles().size() == 1 ? "key " : "keys ") + String.join(",",
                h.identityFiles().stream().map(file -> String.valueOf(file.getFileName())).toList());
        return h.password() == null ? key : "password," + key;
    }
}
