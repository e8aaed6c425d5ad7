package dev.fanout.core.inventory;

import dev.fanout.core.text.Problems;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.SelectionException;

import dev.fanout.core.sshconfig.SshConfig;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The hosts and groups of an inventory file. Immutable and thread-safe.
 *
 * <p>The file is an INI file read with the rules of Python's configparser (see {@link IniFile}): {@code ;} and
 * {@code #} start comments on lines of their own only (text after a value is part of the value), option names are
 * case-insensitive, indented lines continue a value, {@code [DEFAULT]} options are inherited by every host section,
 * {@code %(key)s} inserts the value of another key of the same section or of {@code [DEFAULT]}, and {@code %%} is a
 * literal {@code %} (also in passwords). An example:
 * <pre>{@code
 * # inherited by every host section; any key may be set here and used in %(...)s
 * [DEFAULT]
 * user = deploy
 * domain = example.com
 *
 * # a range section: web01, web02, web03, web04
 * [web[01-04]]
 * # %(name)s is the host's own name; the address defaults to the name
 * address = %(name)s.%(domain)s
 * # groups this host belongs to, separated by commas and/or whitespace
 * groups = web_clusters, prod
 *
 * [db01]
 * address = 10.0.0.5
 * port = 2222
 * user = postgres
 * # the password is read from this environment variable when the inventory is loaded
 * password_env = DB01_PASSWORD
 * # ~ is the user's home
 * identity_file = ~/.ssh/id_db
 *
 * # db02 and db03, checked against their own known_hosts file
 * [db[02-03]]
 * address = %(name)s.internal
 * known_hosts = ~/.ssh/known_hosts.lab
 *
 * # allowed, but password_env keeps the password out of the file
 * [h1]
 * password = s3cret
 *
 * # a group section: members by host pattern and by nested group
 * [group:db_servers]
 * hosts = db01, db[02-03]
 * children = web_clusters
 * }</pre>
 *
 * <p><b>Host sections.</b> Every section other than {@code [DEFAULT]} and {@code [group:NAME]} defines hosts: its
 * name is a host name or a pattern of host names ({@code web[01-04]}, {@code a,b}; see {@link NodeSet}), each host
 * getting the section's options with its own {@code %(name)s}. Host names use letters, digits, {@code -}, {@code _}
 * and {@code .} (not {@code .} or {@code ..} alone), and each may be defined once. The keys of a host section:
 * <ul>
 *   <li>{@code address} (alias {@code hostname}): the DNS name or IP address to connect to; default the host name</li>
 *   <li>{@code port}: 1-65535, default 22</li>
 *   <li>{@code user} (alias {@code username}, paramiko's name): the login user; default the local user</li>
 *   <li>{@code password}: the password; {@code password_env}: the environment variable holding it, read at load
 *       time (set one or the other)</li>
 *   <li>{@code identity_file}: a private key file; {@code known_hosts}: the known_hosts file to check the host key
 *       against (default {@code ~/.ssh/known_hosts}); a leading {@code ~} is the user's home ({@code $HOME}), a
 *       relative path is relative to the working directory</li>
 *   <li>{@code groups}: the groups the host belongs to, separated by commas and/or whitespace</li>
 *   <li>{@code become}: {@code yes} to run the host's commands through sudo; {@code become_user}: the user to
 *       become (default root); {@code become_password_env}: the environment variable holding sudo's password, read at
 *       load time as {@code password_env} is</li>
 * </ul>
 * Any other key in a host section is an error; {@code [DEFAULT]} may hold any key except {@code name} and a key that
 * no {@code %(...)s} reference uses and that looks like a host key mistyped or named otherwise ({@code login},
 * {@code identityfile}: an error suggesting the host key). A key set in
 * the host section replaces the one of {@code [DEFAULT]} (for {@code groups} too), and an empty value is the same as
 * no value, so {@code password =} in a host section cancels a {@code [DEFAULT]} password. The pairs
 * {@code address}/{@code hostname}, {@code user}/{@code username} and {@code password}/{@code password_env} may
 * not both be set in one section.
 *
 * <p><b>Groups.</b> A group exists when a host names it in {@code groups} or when a {@code [group:NAME]} section
 * declares it. A group section has only its own keys (nothing is inherited from {@code [DEFAULT]}): {@code hosts},
 * host names or patterns that must name hosts of the file, and {@code children}, groups whose members are members
 * too; and {@code become}, {@code become_user}, {@code become_password_env} for its members, where a member's own
 * host section leaves them unset (a group's value beats {@code [DEFAULT]}'s; of two groups, the first in the file
 * wins). Group names use the same characters as host names, and {@code :} (ClusterShell's {@code source:group});
 * groups may not nest in a cycle.
 *
 * <p>Errors are {@link InventoryException}s whose message names the file and line.
 *
 * <p>{@link #load(Path, Optional, Function, String, SshConfig)} also reads the peers' formats ({@link InventoryFormat}:
 * Ansible's INI and YAML, pssh host files, ClusterShell's groups) into the same hosts and groups.
 */
public final class Inventory {
    /**
     * The most hosts an inventory may define: a few bytes of ranges ({@code [s1h[1-99999]]}) stand for many hosts, and
     * a short file must not be able to exhaust memory.
     */
    public static final int MAX_HOSTS = NodeSet.MAX_NAMES;
    /** The most host names all group sections' {@code hosts} keys may list together, for the same reason. */
    static final int MAX_GROUP_LISTINGS = 10 * NodeSet.MAX_NAMES;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._-]+");

    private final String source;
    private final List<Host> hosts;
    private final Map<String, Host> byName;
    private final TreeMap<String, List<Host>> members;
    private final Map<String, String> unusable;
    private final Set<String> implicitGroups;

    private Inventory(String source, List<Host> hosts, TreeMap<String, List<Host>> members,
                      Map<String, String> unusable, Set<String> implicitGroups) {
        this.source = source;
        this.implicitGroups = Set.copyOf(implicitGroups);
        this.unusable = Map.copyOf(unusable);
        this.hosts = List.copyOf(hosts);
        Map<String, Host> names = new LinkedHashMap<>();
        for (Host host : hosts) {
            names.put(host.name(), host);
        }
        this.byName = Collections.unmodifiableMap(names);
        this.members = members;
    }

    /**
     * Reads an inventory file (UTF-8).
     *
     * @param env       the environment, for {@code password_env} and {@code $HOME} (e.g. {@code System::getenv})
     * @param localUser the user for hosts that set none
     * @throws InventoryException if the file cannot be read ({@code FILE: cannot read: reason}) or is wrong
     */
    public static Inventory load(Path file, Function<String, String> env, String localUser)
            throws InventoryException {
        return load(file, env, localUser, SshConfig.NONE);
    }

    /**
     * Reads an inventory file (UTF-8), completing each host from {@code sshConfig} where the file leaves a value
     * open: the host's address (else its name) is what ssh_config's Host lines match, and the inventory's address,
     * port, user, identity_file and known_hosts win over ssh_config's, as ssh's command-line options do.
     *
     * @param env       the environment, for {@code password_env} and {@code $HOME} (e.g. {@code System::getenv})
     * @param localUser the user for hosts for which neither the file nor ssh_config names one
     * @throws InventoryException if the file cannot be read ({@code FILE: cannot read: reason}) or is wrong, or if
     *                            a value ssh_config gives a host is wrong
     */
    public static Inventory load(Path file, Function<String, String> env, String localUser, SshConfig sshConfig)
            throws InventoryException {
        return parse(readText(file), file.toString(), env, localUser, sshConfig);
    }

    /**
     * Reads an inventory in any {@linkplain InventoryFormat format}: fanout's INI, an Ansible inventory (INI or
     * YAML), a pssh host file or a list of names, ClusterShell's groups (a groups.d YAML file, a directory of them,
     * or a groups.conf); completed from {@code sshConfig} as {@link #load(Path, Function, String, SshConfig)} does.
     *
     * @param format the format, or empty to tell it from the content ({@link InventoryFormat#detect})
     * @throws InventoryException if the file cannot be read or is wrong, or if its format cannot be told
     */
    public static Inventory load(Path file, Optional<InventoryFormat> format, Function<String, String> env,
                                 String localUser, SshConfig sshConfig) throws InventoryException {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(localUser, "localUser");
        Objects.requireNonNull(sshConfig, "sshConfig");
        String source = file.toString();
        if (Files.isDirectory(file)) {
            if (format.isPresent() && format.get() != InventoryFormat.CLUSTERSHELL) {
                throw new InventoryException(source, 0, "cannot read: it is a directory (only ClusterShell's "
                        + "groups.d may be given as a directory)");
            }
            return ClusterShellGroups.read(file, null, env, localUser, sshConfig);
        }
        String text = readText(file);
        InventoryFormat chosen = format.isPresent() ? format.get() : InventoryFormat.detect(text, source);
        return switch (chosen) {
            case INI -> parse(text, source, env, localUser, sshConfig);
            case ANSIBLE -> AnsibleIniReader.read(text, source).toInventory(env, localUser, sshConfig);
            case ANSIBLE_YAML -> AnsibleYamlReader.read(text, source).toInventory(env, localUser, sshConfig);
            case PSSH -> PsshHostFile.read(text, source, env, localUser, sshConfig);
            case CLUSTERSHELL -> ClusterShellGroups.read(file, text, env, localUser, sshConfig);
        };
    }

    /** A file's text (UTF-8); errors name the file: {@code FILE: cannot read: reason}. */
    static String readText(Path file) throws InventoryException {
        String source = file.toString();
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new InventoryException(source, 0, "cannot read: no such file", e);
        } catch (AccessDeniedException e) {
            throw new InventoryException(source, 0, "cannot read: permission denied", e);
        } catch (IOException e) {
            throw new InventoryException(source, 0, "cannot read: " + Problems.of(e), e);
        }
        return utf8(bytes, source);
    }

    /** The file's text; bytes that are not UTF-8 are an error naming the first such line (not its text). */
    private static String utf8(byte[] bytes, String source) throws InventoryException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                    line++;
                }
            }
            throw new InventoryException(source, line, String.format("not UTF-8 text (byte 0x%02x); save the file "
                    + "as UTF-8", bytes[at] & 0xff));
        }
        return out.flip().toString();
    }

    /**
     * Reads an inventory from text.
     *
     * @param sourceName the name error messages give the text, e.g. {@code hosts.ini}
     * @param env        the environment, for {@code password_env} and {@code $HOME}
     * @param localUser  the user for hosts that set none
     */
    public static Inventory parse(String text, String sourceName, Function<String, String> env, String localUser)
            throws InventoryException {
        return parse(text, sourceName, env, localUser, SshConfig.NONE);
    }

    /** Reads an inventory from text, completing its hosts from {@code sshConfig} as {@link #load} does. */
    public static Inventory parse(String text, String sourceName, Function<String, String> env, String localUser,
                                  SshConfig sshConfig) throws InventoryException {
        Objects.requireNonNull(env, "env");
        Objects.requireNonNull(localUser, "localUser");
        Objects.requireNonNull(sshConfig, "sshConfig");
        IniFile ini = IniFile.parse(text, sourceName, Set.of(HostReader.PASSWORD));
        return new Loader(ini, env, localUser, sshConfig).load();
    }

    /**
     * An inventory of the hosts named on a command line when there is no inventory file, as pssh and pdsh take them:
     * each name is a host with no values of its own, completed from {@code sshConfig}.
     *
     * @param names host names, already expanded ({@link Selection#names()})
     * @throws InventoryException naming {@code source} if a name is not a host name
     */
    public static Inventory ofNames(List<String> names, String source, Function<String, String> env,
                                    String localUser, SshConfig sshConfig) throws InventoryException {
        var text = new StringBuilder();
        for (String name : new LinkedHashSet<>(names)) {
            String bad = badName(name);
            if (bad != null) {
                throw new InventoryException(source, 0, "bad host name '" + name + "': " + bad);
            }
            text.append('[').append(name).append("]\n");
        }
        return parse(text.toString(), source, env, localUser, sshConfig);
    }

    /**
     * The hosts of this inventory that {@code selection} names, in inventory order without repeats; never empty.
     *
     * @throws SelectionException if a host or group is unknown (in the exclusions too), nothing is selected, the
     *                            exclusions leave nothing, or a selected host cannot be used ({@link #unusable}: the
     *                            message is that reason)
     */
    public List<Host> select(Selection selection) throws SelectionException {
        return HostSelector.select(this, selection);
    }

    /** The hosts in file order (a range section's hosts in range order). */
    public List<Host> hosts() {
        return hosts;
    }

    public Optional<Host> host(String name) {
        return Optional.ofNullable(byName.get(name));
    }

    /** The names of all groups, in {@linkplain NodeSet#naturalOrder() natural order}. */
    public SortedSet<String> groupNames() {
        TreeSet<String> names = new TreeSet<>(NodeSet.naturalOrder());
        names.addAll(members.keySet());
        return Collections.unmodifiableSortedSet(names);
    }

    public boolean hasGroup(String name) {
        return members.containsKey(name);
    }

    /**
     * The hosts of a group, including those of its child groups at any depth, in inventory order.
     *
     * @throws IllegalArgumentException if there is no such group
     */
    public List<Host> members(String group) {
        List<Host> list = members.get(group);
        if (list == null) {
            throw new IllegalArgumentException("unknown group '" + group + "' in " + source);
        }
        return list;
    }

    /**
     * Why a host cannot be used, when it cannot: its {@code password_env} variable is not set, or ssh_config gives it
     * a wrong value. One line naming the file and line (never a password); such a host is an error only once it is
     * selected, as ssh complains only about the host it is asked for.
     */
    public Optional<String> unusable(String host) {
        return Optional.ofNullable(unusable.get(host));
    }

    /**
     * The groups that the file's format makes by itself rather than the file (Ansible's {@code all} and
     * {@code ungrouped}), which an inventory written out leaves to the format; empty for the other formats.
     */
    public Set<String> implicitGroups() {
        return implicitGroups;
    }

    /** The file name as given to {@link #load} or {@link #parse}. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "Inventory[" + source + ": " + hosts.size() + " hosts, " + members.size() + " groups]";
    }

    /** Why {@code name} is not a valid host or group name, or null when it is valid. */
    static String badName(String name) {
        if (name.isEmpty()) {
            return "it is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "'" + name + "' is not allowed";
        }
        if (!NAME.matcher(name).matches()) {
            return "use only letters, digits, '-', '_' and '.'";
        }
        return null;
    }

    /**
     * Groups nested in other groups: {@code children}'s members are members of {@code group}.
     *
     * @param line the line that names the children, for a cycle's message
     */
    record Nesting(String group, List<String> children, int line) {
    }

    /**
     * The inventory of {@code hosts}, each with the groups it belongs to directly, and of the groups nested by
     * {@code nestings} (every child must exist); whatever the file's format was.
     *
     * @param groups   the names of groups that exist without members ({@code [group:NAME]} with none); the hosts'
     *                 groups and the nestings' groups exist anyway
     * @param unusable       why a host cannot be used, by host name
     * @param implicitGroups the groups the format makes by itself (Ansible's {@code all} and {@code ungrouped})
     * @throws InventoryException naming the line of a cycle of nested groups
     */
    static Inventory assemble(String source, List<Host> hosts, List<Nesting> nestings, Set<String> groups,
                              Map<String, String> unusable, Set<String> implicitGroups) throws InventoryException {
        Set<String> all = new TreeSet<>(groups);
        Map<String, Nesting> byGroup = new LinkedHashMap<>();
        for (Nesting n : nestings) {
            all.add(n.group());
            all.addAll(n.children());
            Nesting earlier = byGroup.get(n.group());
            if (earlier == null) {
                byGroup.put(n.group(), n);
            } else {
                var children = new ArrayList<>(earlier.children());
                n.children().stream().filter(c -> !children.contains(c)).forEach(children::add);
                byGroup.put(n.group(), new Nesting(n.group(), children, earlier.line()));
            }
        }
        for (Host h : hosts) {
            all.addAll(h.groups());
        }
        checkCycles(source, byGroup);
        Map<String, BitSet> directMembers = new HashMap<>();
        for (int i = 0; i < hosts.size(); i++) {
            for (String group : hosts.get(i).groups()) {
                directMembers.computeIfAbsent(group, g -> new BitSet()).set(i);
            }
        }
        TreeMap<String, List<Host>> members = new TreeMap<>();
        Map<String, BitSet> collected = collectAll(all, byGroup, directMembers);
        for (String group : all) {
            members.put(group, collected.get(group).stream().mapToObj(hosts::get).toList());
        }
        return new Inventory(source, hosts, members, unusable, implicitGroups);
    }

    /**
     * Refuses a cycle of children, naming it. Walks depth-first with an explicit stack, so a chain of many
     * thousands of nested groups cannot overflow the thread's stack.
     */
    private static void checkCycles(String source, Map<String, Nesting> byGroup) throws InventoryException {
        Map<String, Boolean> done = new HashMap<>();
        for (String root : byGroup.keySet()) {
            if (done.containsKey(root)) {
                continue;
            }
            List<String> path = new ArrayList<>();
            List<Integer> nextChild = new ArrayList<>();
            Map<String, Integer> onPath = new HashMap<>();
            path.add(root);
            nextChild.add(0);
            onPath.put(root, 0);
            done.put(root, false);
            while (!path.isEmpty()) {
                int top = path.size() - 1;
                Nesting section = byGroup.get(path.get(top));
                List<String> children = section == null ? List.of() : section.children();
                int index = nextChild.get(top);
                if (index == children.size()) {
                    done.put(path.get(top), true);
                    onPath.remove(path.removeLast());
                    nextChild.removeLast();
                    continue;
                }
                nextChild.set(top, index + 1);
                String child = children.get(index);
                Integer at = onPath.get(child);
                if (at != null) {
                    List<String> cycle = new ArrayList<>(path.subList(at, path.size()));
                    cycle.add(child);
                    throw new InventoryException(source, section.line(), "group cycle: " + cycleText(cycle));
                }
                if (!done.containsKey(child)) {
                    done.put(child, false);
                    onPath.put(child, path.size());
                    path.add(child);
                    nextChild.add(0);
                }
            }
        }
    }

    /** {@code a -> b -> a}; a long cycle shows its first and last few groups, so the message stays short. */
    private static String cycleText(List<String> cycle) {
        if (cycle.size() <= 12) {
            return String.join(" -> ", cycle);
        }
        return String.join(" -> ", cycle.subList(0, 5)) + " -> ... (" + (cycle.size() - 10) + " more) -> "
                + String.join(" -> ", cycle.subList(cycle.size() - 5, cycle.size()));
    }

    /**
     * The members of every group as indexes into the host list, children included, children before parents
     * (the groups have no cycle by now). Iterative, as {@link #checkCycles} is.
     */
    private static Map<String, BitSet> collectAll(Set<String> groups, Map<String, Nesting> byGroup,
                                                  Map<String, BitSet> directMembers) {
        Map<String, BitSet> memo = new HashMap<>();
        List<String> stack = new ArrayList<>();
        for (String root : groups) {
            stack.add(root);
            while (!stack.isEmpty()) {
                String group = stack.getLast();
                if (memo.containsKey(group)) {
                    stack.removeLast();
                    continue;
                }
                Nesting section = byGroup.get(group);
                List<String> children = section == null ? List.of() : section.children();
                boolean ready = true;
                for (String child : children) {
                    if (!memo.containsKey(child)) {
                        stack.add(child);
                        ready = false;
                    }
                }
                if (!ready) {
                    continue;
                }
                BitSet members = (BitSet) directMembers.getOrDefault(group, new BitSet()).clone();
                for (String child : children) {
                    members.or(memo.get(child));
                }
                memo.put(group, members);
                stack.removeLast();
            }
        }
        return memo;
    }


    /**
     * Why {@code name} is not a valid group name, or null when it is valid: the characters of a host name and
     * {@code :}, for ClusterShell's {@code source:group}.
     */
    static String badGroupName(String name) {
        String bad = badName(name.replace(':', '_'));
        return bad != null && bad.startsWith("use only") ? "use only letters, digits, '-', '_', '.' and ':'" : bad;
    }

    /** Turns one parsed file into an inventory; used once. */
    private static final class Loader {
        private static final String GROUP_PREFIX = "group:";
        private static final List<String> GROUP_KEYS = List.of("hosts", "children", "become", "become_user",
                "become_password_env");
        private static final Pattern REFERENCE = Pattern.compile("%\\(([^)]*)\\)s");

        private final IniFile ini;
        private final HostReader hostReader;

        Loader(IniFile ini, Function<String, String> env, String localUser, SshConfig sshConfig) {
            this.ini = ini;
            this.hostReader = new HostReader(ini, env, localUser, sshConfig);
        }

        private record Drafted(Host host, String section) {
        }

        private record GroupSection(String name, List<String> hosts, List<String> children, int hostsLine,
                                    int childrenLine) {
        }

        Inventory load() throws InventoryException {
            Optional<IniFile.Option> reserved = ini.option(IniFile.DEFAULT_SECTION, "name");
            if (reserved.isPresent()) {
                throw error(reserved.get().line(), "'name' cannot be set: %(name)s is always the host's own name");
            }
            checkDefaultKeys();
            Map<String, Drafted> drafts = new LinkedHashMap<>();
            List<GroupSection> groupSections = new ArrayList<>();
            int listed = 0;
            for (String section : ini.sections()) {
                if (section.startsWith(GROUP_PREFIX)) {
                    GroupSection group = readGroupSection(section);
                    listed += group.hosts().size();
                    if (listed > MAX_GROUP_LISTINGS) {
                        throw error(group.hostsLine(), "the group sections list more than " + MAX_GROUP_LISTINGS
                                + " host names in all");
                    }
                    groupSections.add(group);
                    continue;
                }
                for (Host host : hostReader.read(section, MAX_HOSTS - drafts.size())) {
                    Drafted earlier = drafts.putIfAbsent(host.name(), new Drafted(host, section));
                    if (earlier != null) {
                        throw error(ini.sectionLine(section), "duplicate host '" + host.name() + "' in section ["
                                + section + "] (already in section [" + earlier.section() + "] at line "
                                + ini.sectionLine(earlier.section()) + ")");
                    }
                }
            }
            Set<String> groups = new TreeSet<>();
            for (Drafted d : drafts.values()) {
                groups.addAll(d.host().groups());
            }
            for (GroupSection g : groupSections) {
                groups.add(g.name());
            }
            Map<String, Set<String>> direct = new LinkedHashMap<>();
            for (Drafted d : drafts.values()) {
                direct.put(d.host().name(), new LinkedHashSet<>(d.host().groups()));
            }
            Map<String, GroupSection> byGroup = new LinkedHashMap<>();
            for (GroupSection g : groupSections) {
                byGroup.put(g.name(), g);
                for (String host : g.hosts()) {
                    if (!drafts.containsKey(host)) {
                        throw error(g.hostsLine(), "group '" + g.name() + "' lists host '" + host
                                + "', which is not defined in " + ini.source());
                    }
                    direct.get(host).add(g.name());
                }
                for (String child : g.children()) {
                    if (!groups.contains(child)) {
                        throw error(g.childrenLine(), "group '" + g.name() + "' has child group '" + child
                                + "', which does not exist");
                    }
                }
            }
            List<Host> hosts = new ArrayList<>(drafts.size());
            for (Drafted d : drafts.values()) {
                Host h = d.host();
                hosts.add(h.withGroups(List.copyOf(direct.get(h.name()))));
            }
            List<Nesting> nestings = new ArrayList<>();
            for (GroupSection g : groupSections) {
                nestings.add(new Nesting(g.name(), g.children(), g.childrenLine()));
            }
            Inventory inventory = assemble(ini.source(), hosts, nestings, groups, hostReader.unusable(), Set.of());
            if (!applyGroupBecome(hosts, List.copyOf(drafts.values()), groupSections, inventory)) {
                return inventory;
            }
            return assemble(ini.source(), hosts, nestings, groups, hostReader.unusable(), Set.of());
        }

        /**
         * Refuses a [DEFAULT] key that can only be a mistake: one that no host key is, that no %(...)s reference
         * uses, and that is a common other name or a misspelling of a host key ({@code login}, {@code prot}).
         * Any other key may be set there, for interpolation.
         */
        private void checkDefaultKeys() throws InventoryException {
            List<IniFile.Option> defaults = ini.ownOptions(IniFile.DEFAULT_SECTION);
            if (defaults.stream().allMatch(o -> HostReader.KEYS.contains(o.name()))) {
                return;
            }
            Set<String> referenced = new HashSet<>();
            List<String> sections = new ArrayList<>(ini.sections());
            sections.add(IniFile.DEFAULT_SECTION);
            for (String section : sections) {
                for (IniFile.Option o : ini.ownOptions(section)) {
                    Matcher m = REFERENCE.matcher(o.rawValue());
                    while (m.find()) {
                        referenced.add(IniFile.optionxform(m.group(1)));
                    }
                }
            }
            for (IniFile.Option o : defaults) {
                if (HostReader.KEYS.contains(o.name()) || referenced.contains(o.name())) {
                    continue;
                }
                Optional<String> meant = Keys.closest(o.name(), HostReader.KEYS);
                if (meant.isPresent()) {
                    throw error(o.line(), "unknown key '" + o.name() + "' in section [DEFAULT] (did you mean '"
                            + meant.get() + "'?): it is no host key and no %(...)s reference uses it");
                }
            }
        }

        /**
         * The become keys of the group sections, for their members (child groups' too) whose own host section does
         * not set that key: a group's value beats {@code [DEFAULT]}'s, and of two groups the first in the file wins.
         */
        private boolean applyGroupBecome(List<Host> hosts, List<Drafted> drafted, List<GroupSection> groupSections,
                                         Inventory assembled) throws InventoryException {
            Map<String, Integer> index = null;
            boolean changed = false;
            Map<Integer, Set<String>> claimed = new HashMap<>();
            for (GroupSection g : groupSections) {
                String section = GROUP_PREFIX + g.name();
                for (String key : HostReader.BECOME_KEYS) {
                    Optional<IniFile.Option> option = own(section, key);
                    if (option.isEmpty()) {
                        continue;
                    }
                    String value = ini.get(section, key);
                    if (value.indexOf('\n') >= 0) {
                        throw error(option.get().line(), "the " + key + " of group " + g.name()
                                + " must be on one line");
                    }
                    if (index == null) {
                        index = new HashMap<>();
                        for (int i = 0; i < hosts.size(); i++) {
                            index.put(hosts.get(i).name(), i);
                        }
                    }
                    for (Host member : assembled.members(g.name())) {
                        int i = index.get(member.name());
                        if (own(drafted.get(i).section(), key).isPresent()
                                || !claimed.computeIfAbsent(i, x -> new HashSet<>()).add(key)) {
                            continue;
                        }
                        Host host = hosts.get(i);
                        hosts.set(i, host.withBecome(hostReader.withBecomeKey(host.become(), option.get(), value,
                                host.name())));
                        changed = true;
                    }
                }
            }
            return changed;
        }

        private GroupSection readGroupSection(String section) throws InventoryException {
            int line = ini.sectionLine(section);
            String name = section.substring(GROUP_PREFIX.length());
            String bad = badGroupName(name);
            if (bad != null) {
                throw error(line, "bad group name '" + name + "' in section [" + section + "]: " + bad);
            }
            for (IniFile.Option o : ini.ownOptions(section)) {
                if (!GROUP_KEYS.contains(o.name())) {
                    throw error(o.line(), "unknown key '" + o.name() + "' in group section [" + section + "] "
                            + Keys.hint(o.name(), GROUP_KEYS));
                }
            }
            List<String> hosts = List.of();
            List<String> children = List.of();
            int hostsLine = 0;
            int childrenLine = 0;
            Optional<IniFile.Option> hostsOption = own(section, "hosts");
            if (hostsOption.isPresent()) {
                hostsLine = hostsOption.get().line();
                try {
                    hosts = NodeSet.expand(ini.get(section, "hosts"));
                } catch (SelectionException e) {
                    throw error(hostsLine, "in group section [" + section + "]: " + e.getMessage());
                }
            }
            Optional<IniFile.Option> childrenOption = own(section, "children");
            if (childrenOption.isPresent()) {
                childrenLine = childrenOption.get().line();
                children = HostReader.groupList(ini.get(section, "children"), childrenLine, ini.source(),
                        "in the children of group '" + name + "'");
            }
            return new GroupSection(name, hosts, children, hostsLine, childrenLine);
        }

        private Optional<IniFile.Option> own(String section, String key) {
            return ini.option(section, key).filter(o -> o.section().equals(section));
        }

        private InventoryException error(int line, String what) {
            return new InventoryException(ini.source(), line, what);
        }
    }
}
