package dev.fanout.core.inventory;

import dev.fanout.core.sshconfig.SshConfig;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An Ansible inventory as its INI and YAML readers see it: groups with their hosts, children and variables, hosts
 * with their own variables; and how it becomes an {@link Inventory}, with Ansible's rules. Not thread-safe; used by
 * one load.
 *
 * <p>The rules, as Ansible documents them: every host is in {@code all}; a host in no group but {@code all} is in
 * {@code ungrouped}; a variable of a host beats one of its groups, a child group's beats its parent's ({@code all}'s
 * lose to every other), groups at the same depth are applied in name order (the later wins) unless
 * {@code ansible_group_priority} orders them. Of the variables only the connection ones are read:
 * {@code ansible_host}, {@code ansible_port}, {@code ansible_user}, {@code ansible_ssh_private_key_file} (and
 * their older {@code ansible_ssh_host}, {@code ansible_ssh_port}, {@code ansible_ssh_user} names), the
 * {@code -o UserKnownHostsFile=FILE} of {@code ansible_ssh_common_args} or {@code ansible_ssh_extra_args}, and
 * {@code ansible_password} ({@code ansible_ssh_pass}), which must be a reference to an environment variable
 * ({@code {{ lookup('env', 'NAME') }}}) or a vault: a password written out in the file is refused.
 */
final class AnsibleInventory {
    static final String ALL = "all";
    static final String UNGROUPED = "ungrouped";
    private static final Pattern ENV_LOOKUP = Pattern.compile(
            "\\{\\{\\s*lookup\\(\\s*(['\"])env\\1\\s*,\\s*(['\"])([A-Za-z_][A-Za-z0-9_]*)\\2\\s*\\)\\s*}}");
    /** {@code -o UserKnownHostsFile=FILE} in ssh's arguments: the known_hosts file to check the host key against. */
    private static final Pattern KNOWN_HOSTS_OPTION = Pattern.compile(
            "(?i)-o\\s*UserKnownHostsFile[= ](?:(['\"])(.+?)\\1|([^\\s'\"]+))");
    private static final Map<String, String> CONNECTION_VARS = Map.ofEntries(
            Map.entry("ansible_host", HostBuilder.ADDRESS), Map.entry("ansible_ssh_host", HostBuilder.ADDRESS),
            Map.entry("ansible_port", HostBuilder.PORT), Map.entry("ansible_ssh_port", HostBuilder.PORT),
            Map.entry("ansible_user", HostBuilder.USER), Map.entry("ansible_ssh_user", HostBuilder.USER),
            Map.entry("ansible_ssh_private_key_file", HostBuilder.IDENTITY_FILE),
            Map.entry("ansible_private_key_file", HostBuilder.IDENTITY_FILE),
            Map.entry("ansible_password", HostBuilder.PASSWORD), Map.entry("ansible_ssh_pass", HostBuilder.PASSWORD));

    /**
     * A variable's value as the file writes it.
     *
     * @param text  the value as text (a YAML number as its digits), or null for a YAML list or mapping
     * @param vault whether it is an Ansible Vault ({@code !vault}, {@code $ANSIBLE_VAULT;...})
     * @param line  the 1-based line it is on
     */
    record Value(String text, boolean vault, int line) {
    }

    /** One group: its direct hosts, children and variables, in file order. */
    static final class Group {
        final String name;
        final int line;
        final Set<String> hosts = new LinkedHashSet<>();
        final Set<String> children = new LinkedHashSet<>();
        final Map<String, Value> vars = new LinkedHashMap<>();
        int childrenLine;

        Group(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private final String source;
    private final Map<String, Group> groups = new LinkedHashMap<>();
    private final Map<String, Map<String, Value>> hostVars = new LinkedHashMap<>();
    private final Map<String, Integer> hostLines = new HashMap<>();

    AnsibleInventory(String source) {
        this.source = source;
        group(ALL, 0);
        group(UNGROUPED, 0);
    }

    String source() {
        return source;
    }

    /** The group of this name, created (at {@code line}) if new. */
    Group group(String name, int line) {
        return groups.computeIfAbsent(name, n -> new Group(n, line));
    }

    boolean hasGroup(String name) {
        return groups.containsKey(name);
    }

    /** Adds a host (if new) to a group, with variables that override those it had. */
    void addHost(String group, String host, Map<String, Value> vars, int line) throws InventoryException {
        if (!hostVars.containsKey(host) && hostVars.size() >= Inventory.MAX_HOSTS) {
            throw new InventoryException(source, line, "the inventory defines more than " + Inventory.MAX_HOSTS
                    + " hosts");
        }
        hostLines.putIfAbsent(host, line);
        hostVars.computeIfAbsent(host, h -> new LinkedHashMap<>()).putAll(vars);
        group(group, line).hosts.add(host);
    }

    /** Nests {@code child} in {@code parent}, both created if new. */
    void addChild(String parent, String child, int line) {
        Group p = group(parent, line);
        if (p.childrenLine == 0) {
            p.childrenLine = line;
        }
        group(child, line);
        p.children.add(child);
    }

    /** The inventory, its hosts in the order the file first names them. */
    Inventory toInventory(Function<String, String> env, String localUser, SshConfig sshConfig)
            throws InventoryException {
        for (Group g : groups.values()) {
            String bad = Inventory.badName(g.name);
            if (bad != null) {
                throw new InventoryException(source, g.line, "bad group name '" + g.name + "': " + bad);
            }
        }
        Group all = groups.get(ALL);
        Set<String> grouped = new TreeSet<>();
        for (Group g : groups.values()) {
            if (!g.name.equals(ALL) && !g.name.equals(UNGROUPED)) {
                grouped.addAll(g.hosts);
            }
        }
        // Every group that is no other's child is a child of all, as Ansible's reconcile step makes it.
        Set<String> nested = new TreeSet<>();
        groups.values().forEach(g -> nested.addAll(g.children));
        for (Group g : List.copyOf(groups.values())) {
            if (!g.name.equals(ALL) && !nested.contains(g.name)) {
                all.children.add(g.name);
            }
        }
        List<Inventory.Nesting> nestings = new ArrayList<>();
        for (Group g : groups.values()) {
            nestings.add(new Inventory.Nesting(g.name, List.copyOf(g.children), g.childrenLine));
        }
        Map<String, List<String>> parents = new HashMap<>();
        for (Group g : groups.values()) {
            for (String child : g.children) {
                parents.computeIfAbsent(child, c -> new ArrayList<>()).add(g.name);
            }
        }
        Map<String, Integer> depth = depths(parents);
        HostBuilder builder = new HostBuilder(source, env, localUser, sshConfig);
        List<Host> hosts = new ArrayList<>();
        for (String name : hostVars.keySet()) {
            String bad = Inventory.badName(name);
            if (bad != null) {
                throw new InventoryException(source, hostLines.get(name), "bad host name '" + name + "': " + bad);
            }
            List<String> direct = new ArrayList<>();
            for (Group g : groups.values()) {
                if (g.hosts.contains(name) && !g.name.equals(ALL)) {
                    direct.add(g.name);
                }
            }
            if (!grouped.contains(name) && !direct.contains(UNGROUPED)) {
                direct.add(UNGROUPED);
            }
            if (grouped.contains(name)) {
                direct.remove(UNGROUPED);
            }
            Map<String, Value> vars = new LinkedHashMap<>();
            for (Group g : ancestors(direct, parents, depth)) {
                vars.putAll(g.vars);
            }
            vars.putAll(hostVars.get(name));
            hosts.add(builder.build(name, settings(name, vars, builder), direct));
        }
        return Inventory.assemble(source, hosts, nestings, groups.keySet(), builder.unusable(), Set.of(ALL,
                UNGROUPED));
    }

    /**
     * Each group's depth below {@code all}: the longest chain of parents above it, as Ansible counts it.
     * Walked without recursion; a cycle is left for {@link Inventory#assemble} to name.
     */
    private Map<String, Integer> depths(Map<String, List<String>> parents) {
        Map<String, Integer> depth = new HashMap<>();
        depth.put(ALL, 0);
        // Longest paths by relaxation over at most as many rounds as there are groups: enough without a cycle.
        for (int round = 0; round < groups.size(); round++) {
            boolean changed = false;
            for (Group g : groups.values()) {
                if (g.name.equals(ALL)) {
                    continue;
                }
                int d = 1;
                for (String parent : parents.getOrDefault(g.name, List.of())) {
                    d = Math.max(d, depth.getOrDefault(parent, 0) + 1);
                }
                Integer before = depth.put(g.name, Math.min(d, groups.size()));
                changed |= before == null || before != Math.min(d, groups.size());
            }
            if (!changed) {
                break;
            }
        }
        return depth;
    }

    /** The groups whose variables apply to a host, in the order they apply: all first, the deepest last. */
    private List<Group> ancestors(List<String> direct, Map<String, List<String>> parents,
                                  Map<String, Integer> depth) throws InventoryException {
        Set<String> seen = new LinkedHashSet<>();
        List<String> stack = new ArrayList<>(direct);
        stack.add(ALL);
        while (!stack.isEmpty()) {
            String g = stack.removeLast();
            if (seen.add(g)) {
                stack.addAll(parents.getOrDefault(g, List.of()));
            }
        }
        List<Group> list = new ArrayList<>();
        for (String g : seen) {
            list.add(groups.get(g));
        }
        Map<String, Integer> priority = new HashMap<>();
        for (Group g : list) {
            Value p = g.vars.get("ansible_group_priority");
            int value = 1;
            if (p != null) {
                if (p.text() == null) {
                    throw new InventoryException(source, p.line(), "ansible_group_priority of group " + g.name
                            + " must be a whole number");
                }
                try {
                    value = Integer.parseInt(p.text().strip());
                } catch (NumberFormatException e) {
                    throw new InventoryException(source, p.line(), "bad ansible_group_priority '" + p.text()
                            + "' of group " + g.name + ": expected a whole number");
                }
            }
            priority.put(g.name, value);
        }
        list.sort(Comparator.<Group>comparingInt(g -> depth.getOrDefault(g.name, 1))
                .thenComparingInt(g -> priority.get(g.name)).thenComparing(g -> g.name));
        return list;
    }

    /** The connection variables of a host as fanout's settings. */
    private Map<String, HostBuilder.Setting> settings(String host, Map<String, Value> vars, HostBuilder builder)
            throws InventoryException {
        Map<String, HostBuilder.Setting> settings = new LinkedHashMap<>();
        Value connection = vars.get("ansible_connection");
        if (connection != null && connection.text() != null
                && !Set.of("ssh", "smart", "paramiko", "paramiko_ssh", "").contains(connection.text().strip())) {
            builder.unusable(host, connection.line(), "ansible_connection '" + connection.text().strip()
                    + "' of host " + host + ": fanout reaches hosts over SSH only");
        }
        for (String args : List.of("ansible_ssh_common_args", "ansible_ssh_extra_args")) {
            Value value = vars.get(args);
            if (value != null && value.text() != null) {
                Matcher known = KNOWN_HOSTS_OPTION.matcher(value.text());
                if (known.find()) {
                    settings.put(HostBuilder.KNOWN_HOSTS, new HostBuilder.Setting(args + " UserKnownHostsFile",
                            known.group(2) != null ? known.group(2) : known.group(3), value.line()));
                }
            }
        }
        for (Map.Entry<String, Value> e : vars.entrySet()) {
            String key = CONNECTION_VARS.get(e.getKey());
            if (key == null) {
                continue;
            }
            Value value = e.getValue();
            if (value.text() == null) {
                throw new InventoryException(source, value.line(), "the " + e.getKey() + " of host " + host
                        + " must be a single value, not a list or mapping");
            }
            String text = value.text().strip();
            if (key.equals(HostBuilder.PASSWORD)) {
                settings.remove(HostBuilder.PASSWORD_ENV);
                if (value.vault()) {
                    builder.unusable(host, value.line(), e.getKey() + " of host " + host + " is an Ansible Vault, "
                            + "which fanout cannot open: use {{ lookup('env', 'NAME') }} or --ask-pass");
                    continue;
                }
                Matcher env = ENV_LOOKUP.matcher(text);
                if (env.matches()) {
                    settings.put(HostBuilder.PASSWORD_ENV, new HostBuilder.Setting(e.getKey(), env.group(3),
                            value.line()));
                    continue;
                }
                // Never quote the value: it is a password.
                throw new InventoryException(source, value.line(), e.getKey() + " of host " + host + " is written "
                        + "out in the file, which fanout refuses (whoever reads the file reads the password): use "
                        + "{{ lookup('env', 'NAME') }}, a vault, or --ask-pass");
            }
            if (text.contains("{{")) {
                throw new InventoryException(source, value.line(), e.getKey() + " of host " + host + " is a Jinja2 "
                        + "template ('" + text + "'), which fanout does not evaluate: write the value");
            }
            if (text.isEmpty()) {
                settings.remove(key);
                continue;
            }
            if (text.indexOf('\n') >= 0) {
                throw new InventoryException(source, value.line(), "the " + e.getKey() + " of host " + host
                        + " must be on one line");
            }
            settings.put(key, new HostBuilder.Setting(e.getKey(), text, value.line()));
        }
        return settings;
    }
}
