package dev.fanout.core.select;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.text.Suggestions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the hosts of an inventory that a {@link HostCriteria} names: the union of the host patterns, the groups and
 * (with {@code all}) every host, minus the exclusions, in inventory order without repeats. Stateless and
 * thread-safe.
 *
 * <p>Every name must be known, in the exclusions too, so that a mistyped exclusion cannot quietly leave a host in.
 */
public final class HostSelector {
    /** How many known groups an "unknown group" message lists before it stops. */
    static final int LISTED_GROUPS = 10;

    private HostSelector() {
    }

    /**
     * The selected hosts, never empty.
     *
     * @throws SelectionException if a pattern is malformed, a host or group is unknown, nothing is selected, the
     *                            exclusions leave nothing, or a selected host cannot be used
     *                            ({@link Inventory#unusable}: the message is that reason)
     */
    public static List<Host> select(Inventory inventory, HostCriteria criteria) throws SelectionException {
        if (criteria.selectsNothing()) {
            throw new SelectionException("no hosts selected: no host, group or 'all' was given");
        }
        Set<String> chosen = new HashSet<>();
        if (criteria.all()) {
            for (Host host : inventory.hosts()) {
                chosen.add(host.name());
            }
        }
        addHosts(inventory, criteria.hosts(), chosen);
        addGroups(inventory, criteria.groups(), chosen);
        if (chosen.isEmpty()) {
            throw new SelectionException("no hosts selected: " + (inventory.hosts().isEmpty()
                    ? inventory.source() + " defines no hosts" : "the selected groups have no members"));
        }
        Set<String> excluded = new HashSet<>();
        addHosts(inventory, criteria.excludeHosts(), excluded);
        addGroups(inventory, criteria.excludeGroups(), excluded);
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

    private static void addHosts(Inventory inventory, List<String> patterns, Set<String> into)
            throws SelectionException {
        for (String pattern : patterns) {
            List<String> unknown = new ArrayList<>();
            for (String item : NodeSet.items(pattern)) {
                if (item.startsWith("@")) {
                    addGroup(inventory, item.substring(1), into);
                    continue;
                }
                for (String name : NodeSet.expandItem(item, pattern)) {
                    if (inventory.host(name).isPresent()) {
                        into.add(name);
                    } else {
                        unknown.add(name);
                    }
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
    }

    private static void addGroups(Inventory inventory, List<String> groups, Set<String> into)
            throws SelectionException {
        for (String item : groups) {
            for (String group : NodeSet.items(item)) {
                addGroup(inventory, group.startsWith("@") ? group.substring(1) : group, into);
            }
        }
    }

    private static void addGroup(Inventory inventory, String group, Set<String> into) throws SelectionException {
        if (group.isEmpty()) {
            throw new SelectionException("'@' must be followed by a group name");
        }
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
