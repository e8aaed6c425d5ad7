package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.Selection;
import dev.fanout.core.text.SafeText;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * The hosts {@code fanout shell} works with, changed by its built-ins {@code :select}, {@code :add}, {@code :exclude}
 * and {@code :reset}, with the same selection as options of {@code fanout run}, for the records. Used by one thread.
 */
final class ShellSelection {
    private final CliEnvironment env;
    private final Inventory inventory;
    private final UnaryOperator<Host> complete;
    private final List<Host> initialHosts;
    private final List<String> initialWords;
    private List<Host> hosts;
    private List<String> words;

    /** {@code hosts} of {@code inventory}, as {@code words} selected them; each new one completed by {@code complete}. */
    ShellSelection(CliEnvironment env, Inventory inventory, UnaryOperator<Host> complete, List<Host> hosts,
                   List<String> words) {
        this.env = env;
        this.inventory = inventory;
        this.complete = complete;
        this.initialHosts = List.copyOf(hosts);
        this.initialWords = List.copyOf(words);
        reset();
    }

    List<Host> hosts() {
        return hosts;
    }

    /** The selection as options of {@code fanout run}. */
    List<String> words() {
        return words;
    }

    /** :select, :add or :exclude ({@code name}) with its {@code argument}, hosts as -H takes them. */
    void change(String name, String argument) throws UserException {
        if (argument.isEmpty()) {
            throw new UserException(":" + name + " needs HOSTS: names, ranges or @GROUP, e.g. :" + name + " web[01-02]");
        }
        SelectionOptions options = new SelectionOptions();
        options.hosts.add(argument);
        List<Host> named = select(options.selection(env));
        if (name.equals("select")) {
            set(named);
            return;
        }
        Set<String> names = names(hosts);
        if (name.equals("add")) {
            names.addAll(names(named));
        } else {
            names.removeAll(names(named));
            if (names.isEmpty()) {
                throw new UserException(":exclude " + argument + " would leave no host selected");
            }
        }
        set(select(Selection.builder().names(names, ":" + name).build()));
    }

    /** Back to the selection of the command line. */
    void reset() {
        hosts = initialHosts;
        words = initialWords;
    }

    /** {@code web[01-02] (2 hosts)}, safe for a terminal. */
    String text() {
        return SafeText.of(NodeSet.fold(names(hosts))) + " (" + hosts.size() + (hosts.size() == 1 ? " host)" : " hosts)");
    }

    private List<Host> select(Selection selection) throws UserException {
        return InventoryOptions.select(inventory, selection).stream().map(complete).toList();
    }

    private void set(List<Host> selected) {
        hosts = selected;
        words = List.of("-H", NodeSet.fold(names(selected)));
    }

    private static Set<String> names(List<Host> hosts) {
        Set<String> names = new LinkedHashSet<>();
        hosts.forEach(h -> names.add(h.name()));
        return names;
    }
}
