package dev.fanout.core.inventory;

import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.SelectionException;
import dev.fanout.core.text.Suggestions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Resolves a {@link Selection} against an inventory ({@link Inventory#select}): the union of its items minus its
 * exclusions, in inventory order without repeats. Stateless and thread-safe.
 *
 * <p>Every name must be known, in the exclusions too, so that a mistyped exclusion cannot quietly leave a host in.
 */
final class HostSelector {
    /** How many known groups an "unknown group" message lists before it stops. */
    static final int LISTED_GROUPS = 10;

    private HostSelector() {
    }

    static List<Host> select(Inventory inventory, Selection selection) throws SelectionException {
        if (selection.isEmpty()) {
            throw new SelectionException("no hosts selected: no host, group or 'all' was given");
        }
        Set<String> chosen = names(inventory, selection.include());
        if (chosen.isEmpty()) {
            throw new SelectionException("no hosts selected: " + (inventory.hosts().isEmpty()
                    ? inventory.source() + " defines no hosts" : "the selected groups have no members"));
        }
        Set<String> excluded = names(inventory, selection.exclude());
        List<Host> selected = new ArrayList<>();
        for (Host host : inventory.hosts()) {
            if (chosen.contains(host.name()) && !excluded.contains(host.name())) {
                selected.add(host);
            }
        }
        if (selected.isEmpty()) {
            throw new SelectionException("the selection is empty after exclusions");
        }
        for (Host host : selected) {
            String reason = inventory.unusable(host.name()).orElse(null);
            if (reason != null) {
                throw new SelectionException(reason);
            }
        }
        return List.copyOf(selected);
    }

    private static Set<String> names(Inventory inventory, List<Selection.Item> items) throws SelectionException {
        Set<String> into = new HashSet<>();
        for (Selection.Item item : items) {
            switch (item) {
                case Selection.All all -> inventory.hosts().forEach(h -> into.add(h.name()));
                case Selection.Group group -> addGroup(inventory, group.name(), into);
                case Selection.Names names -> addNames(inventory, names, into);
            }
        }
        return into;
    }

    private static void addNames(Inventory inventory, Selection.Names names, Set<String> into)
            throws SelectionException {
        List<String> unknown = new ArrayList<>();
        for (String name : names.names()) {
            if (inventory.host(name).isPresent()) {
                into.add(name);
            } else {
                unknown.add(name);
            }
        }
        if (unknown.size() == 1) {
            String typed = unknown.getFirst();
            throw new SelectionException("unknown host '" + typed + "' (not in " + inventory.source()
                    + Suggestions.closest(typed, inventory.hosts().stream().map(Host::name).toList())
                    .map(best -> "; did you mean '" + best + "'?").orElse("") + ")");
        }
        if (!unknown.isEmpty()) {
            throw new SelectionException("unknown hosts '" + NodeSet.fold(unknown) + "' (not in "
                    + inventory.source() + ")");
        }
    }

    private static void addGroup(Inventory inventory, String group, Set<String> into) throws SelectionException {
        if (!inventory.hasGroup(group)) {
            String hint = Suggestions.closest(group, inventory.groupNames()).map(best -> "did you mean '" + best + "'?")
                    .orElseGet(() -> known(inventory));
            throw new SelectionException("unknown group '" + group + "' (" + hint + ")");
        }
        for (Host host : inventory.members(group)) {
            into.add(host.name());
        }
    }

    private static String known(Inventory inventory) {
        Set<String> names = inventory.groupNames();
        if (names.isEmpty()) {
            return inventory.source() + " defines no groups";
        }
        List<String> shown = names.stream().limit(LISTED_GROUPS).toList();
        String more = names.size() > LISTED_GROUPS ? ", ... and " + (names.size() - LISTED_GROUPS) + " more" : "";
        return "known groups: " + String.join(", ", shown) + more;
    }
}
