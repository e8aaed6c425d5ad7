package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.NameOperation;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;

/** {@code fanout nodeset}: fold, expand and count host names, as ClusterShell's {@code nodeset}. Connects to nothing. */
@Command(name = "nodeset", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Fold, expand or count host names and ranges, as ClusterShell's nodeset -f/-e/-c. NODESETS are "
                + "joined; -x, --intersection and -X then apply in the order given. @GROUP and -a need an inventory. Without "
                + "NODESETS, the names are read from standard input. Connects to nothing.",
                "Example: fanout hosts -1 -g web | fanout nodeset -f -x web03    (web[01-02,04])"})
final class NodesetCommand implements Callable<Integer> {
    private final CliEnvironment env;
    private final List<Operation> operations = new ArrayList<>();
    private Inventory loaded;

    @Mixin
    InventoryOptions inventory;

    @ArgGroup
    Form form = new Form();

    @Option(names = {"-S", "--separator"}, paramLabel = "SEP", defaultValue = " ",
            description = "With -e: put SEP between the names (default: a space; \\n and \\t as in nodeset -S).")
    String separator;

    @Option(names = {"-a", "--all"}, description = "Every host of the inventory, added to NODESETS.")
    boolean all;

    @Option(names = {"-l", "--list"}, description = "The inventory's group names, one per line.")
    boolean list;

    @Parameters(paramLabel = "NODESETS", arity = "0..*",
            description = "Names, ranges (web[01-04]) and @GROUPs; several are joined.")
    List<String> nodesets = new ArrayList<>();

    /** What to print; folding when none is given. */
    static final class Form {
        @Option(names = {"-f", "--fold"}, description = "Print the names folded into ranges (the default).")
        boolean fold;
        @Option(names = {"-e", "--expand"}, description = "Print every name.")
        boolean expand;
        @Option(names = {"-c", "--count"}, description = "Print how many names there are.")
        boolean count;
    }

    private record Operation(NameOperation kind, String nodeset) {
    }

    NodesetCommand(CliEnvironment env) {
        this.env = env;
    }

    @Option(names = {"-x", "--exclude"}, paramLabel = "NODESET", description = "Leave out these names.")
    void exclude(String nodeset) {
        operations.add(new Operation(NameOperation.EXCLUDE, nodeset));
    }

    @Option(names = "--intersection", paramLabel = "NODESET",
            description = "Keep only names also in NODESET (nodeset's -i: -i is the inventory, as everywhere in fanout).")
    void intersect(String nodeset) {
        operations.add(new Operation(NameOperation.INTERSECT, nodeset));
    }

    @Option(names = {"-X", "--xor"}, paramLabel = "NODESET", description = "Keep names in exactly one of both.")
    void xor(String nodeset) {
        operations.add(new Operation(NameOperation.XOR, nodeset));
    }

    @Override
    public Integer call() throws UserException {
        if (list) {
            inventory().groupNames().forEach(env.out()::println);
            return ExitCodes.OK;
        }
        Set<String> names = new TreeSet<>(NodeSet.naturalOrder());
        for (String nodeset : nodesets.isEmpty() && !all ? List.of(standardInput()) : nodesets) {
            names.addAll(names(nodeset));
        }
        if (all) {
            inventory().hosts().forEach(h -> names.add(h.name()));
        }
        for (Operation op : operations) {
            op.kind().applyTo(names, names(op.nodeset()));
        }
        if (form.count) {
            env.out().println(names.size());
        } else if (form.expand) {
            env.out().println(String.join(separator.replace("\\n", "\n").replace("\\t", "\t"), names));
        } else {
            env.out().println(NodeSet.fold(names));
        }
        return ExitCodes.OK;
    }

    /** The names of one nodeset, with {@code @GROUP} items taken from the inventory. */
    private Set<String> names(String nodeset) throws UserException {
        Set<String> names = new TreeSet<>(NodeSet.naturalOrder());
        try {
            for (String item : NodeSet.items(nodeset)) {
                if (item.startsWith("@")) {
                    String group = item.substring(1);
                    if (!inventory().hasGroup(group)) {
                        throw new UserException("unknown group '" + group + "' in " + inventory().source());
                    }
                    inventory().members(group).stream().map(Host::name).forEach(names::add);
                } else {
                    names.addAll(NodeSet.expand(item));
                }
            }
        } catch (SelectionException e) {
            throw new UserException(e.getMessage());
        }
        return names;
    }

    private Inventory inventory() throws UserException {
        if (loaded == null) {
            loaded = inventory.load(env, Selection.ALL);
        }
        return loaded;
    }

    private String standardInput() throws UserException {
        try {
            return new String(env.in().readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserException("cannot read standard input: " + e.getMessage());
        }
    }
}
