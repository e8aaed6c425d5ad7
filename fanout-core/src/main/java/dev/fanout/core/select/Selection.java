package dev.fanout.core.select;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;

/**
 * Which hosts to act on, as names and group names, parsed once from what a user typed: the union of the
 * {@link #include()} items minus the {@link #exclude()} items. It knows no inventory; an inventory resolves it
 * ({@code Inventory.select}). Immutable and thread-safe.
 *
 * <p>Text is read as clush and pdsh read it: an item of a host list is a {@link NodeSet} pattern
 * ({@code web[01-04]}), or a group when it starts with {@code @} ({@code @web_clusters}); an item of a group list
 * is a group name, with or without {@code @}; a list may hold several items separated by commas and/or whitespace.
 *
 * @param include what to select, in the order given
 * @param exclude what to leave out
 */
public record Selection(List<Item> include, List<Item> exclude) {

    /** Every host of the inventory, nothing left out. */
    public static final Selection ALL = new Selection(List.of(new All()), List.of());

    public Selection {
        include = List.copyOf(include);
        exclude = List.copyOf(exclude);
    }

    /** One part of a selection. */
    public sealed interface Item {
        /** The text the item was parsed from, for messages. */
        String text();
    }

    /**
     * Hosts by name.
     *
     * @param names the names, expanded from their pattern, without repeats
     * @param text  the pattern they came from ({@code web[01-04]}), or a description ({@code @failed})
     */
    public record Names(List<String> names, String text) implements Item {
        public Names {
            names = List.copyOf(names);
            Objects.requireNonNull(text, "text");
        }
    }

    /**
     * The members of a group, nested groups included.
     *
     * @param name the group's name, without {@code @}
     */
    public record Group(String name, String text) implements Item {
        public Group {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(text, "text");
        }
    }

    /** Every host. */
    public record All() implements Item {
        @Override
        public String text() {
            return "all";
        }
    }

    /** A selection being put together; not thread-safe. */
    public static final class Builder {
        private final List<Item> include = new ArrayList<>();
        private final List<Item> exclude = new ArrayList<>();

        private Builder() {
        }

        /** Adds the host patterns and {@code @group}s of {@code list} ({@code web[01-02],@db}). */
        public Builder hosts(String list) throws SelectionException {
            include.addAll(hostItems(list));
            return this;
        }

        /** Adds the groups of {@code list} ({@code web,db} or {@code @web}). */
        public Builder groups(String list) throws SelectionException {
            include.addAll(groupItems(list));
            return this;
        }

        /** Adds hosts by name, already expanded; {@code text} says where they came from ({@code @failed}). */
        public Builder names(Collection<String> names, String text) {
            include.add(new Names(List.copyOf(new LinkedHashSet<>(names)), text));
            return this;
        }

        /** Adds every host. */
        public Builder all() {
            include.add(new All());
            return this;
        }

        /** Leaves out the host patterns and {@code @group}s of {@code list}. */
        public Builder excludeHosts(String list) throws SelectionException {
            exclude.addAll(hostItems(list));
            return this;
        }

        /** Leaves out the groups of {@code list}. */
        public Builder excludeGroups(String list) throws SelectionException {
            exclude.addAll(groupItems(list));
            return this;
        }

        public Selection build() {
            return new Selection(include, exclude);
        }
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The selection of a command line's options, each list as {@link Builder} reads it; null lists are empty.
     *
     * @throws SelectionException naming the text, if a pattern is malformed or {@code @} has no group name
     */
    public static Selection parse(List<String> hosts, List<String> groups, List<String> excludeHosts,
                                  List<String> excludeGroups, boolean all) throws SelectionException {
        Builder builder = builder();
        if (all) {
            builder.all();
        }
        for (String list : orEmpty(hosts)) {
            builder.hosts(list);
        }
        for (String list : orEmpty(groups)) {
            builder.groups(list);
        }
        for (String list : orEmpty(excludeHosts)) {
            builder.excludeHosts(list);
        }
        for (String list : orEmpty(excludeGroups)) {
            builder.excludeGroups(list);
        }
        return builder.build();
    }

    /** Whether nothing is asked for: no host, no group, not all. */
    public boolean isEmpty() {
        return include.isEmpty();
    }

    /** Whether only hosts by name are asked for (no group, not all), so that no inventory is needed to find them. */
    public boolean namesOnly() {
        return !include.isEmpty() && include.stream().allMatch(Names.class::isInstance);
    }

    /** The hosts asked for by name, in the order given, without repeats. */
    public List<String> names() {
        var names = new LinkedHashSet<String>();
        include.stream().filter(Names.class::isInstance).forEach(i -> names.addAll(((Names) i).names()));
        return List.copyOf(names);
    }

    private static List<Item> hostItems(String list) throws SelectionException {
        List<Item> items = new ArrayList<>();
        for (String item : NodeSet.items(list)) {
            items.add(item.startsWith("@") ? group(item.substring(1), item)
                    : new Names(new ArrayList<>(new LinkedHashSet<>(NodeSet.expandItem(item, list))), item));
        }
        return items;
    }

    private static List<Item> groupItems(String list) throws SelectionException {
        List<Item> items = new ArrayList<>();
        for (String item : NodeSet.items(list)) {
            items.add(group(item.startsWith("@") ? item.substring(1) : item, item));
        }
        return items;
    }

    private static Group group(String name, String text) throws SelectionException {
        if (name.isEmpty()) {
            throw new SelectionException("'@' must be followed by a group name");
        }
        return new Group(name, text);
    }

    private static List<String> orEmpty(List<String> list) {
        return list == null ? List.of() : list;
    }
}
