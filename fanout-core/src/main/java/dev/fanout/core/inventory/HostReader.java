package dev.fanout.core.inventory;

import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;
import dev.fanout.core.sshconfig.SshConfig;
import dev.fanout.core.sshconfig.SshConfigException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the hosts of the host sections of an inventory file, and remembers why a host cannot be used (a
 * password_env that is not set, a wrong ssh_config value for it), which is an error only once the host is selected.
 * Not thread-safe; used by one load.
 */
final class HostReader {
    static final String PASSWORD = "password";
    static final List<String> KEYS = List.of("address", "hostname", "port", "user", PASSWORD, "password_env",
            "identity_file", "known_hosts", "groups", "become", "become_user", "become_password_env");
    /** The keys that say how a host runs through sudo, in a host section or a group section. */
    static final List<String> BECOME_KEYS = List.of("become", "become_user", "become_password_env");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");
    /** How many jump hosts a ProxyJump may chain through one another before it is taken for a loop. */
    private static final int MAX_JUMP_DEPTH = 8;

    private final IniFile ini;
    private final Function<String, String> env;
    private final String localUser;
    private final SshConfig sshConfig;
    private final Map<String, String> unusable = new LinkedHashMap<>();

    HostReader(IniFile ini, Function<String, String> env, String localUser, SshConfig sshConfig) {
        this.ini = ini;
        this.env = env;
        this.localUser = localUser;
        this.sshConfig = sshConfig;
    }

    /** Why each host read so far cannot be used, by host name, one line each naming the file and line. */
    Map<String, String> unusable() {
        return unusable;
    }

    /**
     * The hosts the section defines, in range order; their groups are those of their {@code groups} key.
     *
     * @param room how many more hosts the inventory may hold ({@link Inventory#MAX_HOSTS} in all)
     */
    List<Host> read(String section, int room) throws InventoryException {
        int line = ini.sectionLine(section);
        for (int i = 0; i < section.length(); i++) {
            if (IniFile.isSpace(section.charAt(i))) {
                throw error(line, "bad host section [" + section + "]: host names cannot hold whitespace");
            }
        }
        List<String> names;
        try {
            names = NodeSet.expand(section);
        } catch (SelectionException e) {
            throw error(line, "bad host section [" + section + "]: " + e.getMessage());
        }
        if (names.isEmpty()) {
            throw error(line, "section [" + section + "] names no host");
        }
        if (names.size() > room) {
            throw error(line, "section [" + section + "] takes the inventory over " + Inventory.MAX_HOSTS
                    + " hosts");
        }
        for (String name : names) {
            String bad = Inventory.badName(name);
            if (bad != null) {
                throw error(line, "bad host name '" + name + "' in section [" + section + "]: " + bad
                        + (name.contains(":") ? " (a group section is written [group:NAME])" : ""));
            }
        }
        for (IniFile.Option o : ini.ownOptions(section)) {
            if (o.name().equals("name")) {
                throw error(o.line(), "'name' cannot be set: %(name)s is always the host's own name");
            }
            if (!KEYS.contains(o.name())) {
                throw error(o.line(), "unknown key '" + o.name() + "' in host section [" + section + "] "
                        + Keys.hint(o.name(), KEYS));
            }
        }
        Optional<IniFile.Option> address = oneOf(section, "address", "hostname");
        Optional<IniFile.Option> password = oneOf(section, PASSWORD, "password_env");
        List<Host> hosts = new ArrayList<>(names.size());
        for (String name : names) {
            hosts.add(host(section, name, address, password));
        }
        return hosts;
    }

    private Host host(String section, String name, Optional<IniFile.Option> addressOption,
                      Optional<IniFile.Option> passwordOption) throws InventoryException {
        Map<String, String> vars = Map.of("name", name);
        String address = name;
        if (addressOption.isPresent()) {
            String value = single(section, addressOption.get(), vars, name);
            if (!value.isEmpty()) {
                if (value.chars().anyMatch(c -> IniFile.isSpace((char) c))) {
                    throw error(addressOption.get().line(), "bad " + addressOption.get().name() + " '" + value
                            + "' for host " + name + ": it holds whitespace");
                }
                address = value;
            }
        }
        int port = 0;
        Optional<IniFile.Option> portOption = ini.option(section, "port");
        if (portOption.isPresent()) {
            String value = single(section, portOption.get(), vars, name);
            if (!value.isEmpty()) {
                port = port(value, portOption.get().line(), name);
            }
        }
        String user = null;
        Optional<IniFile.Option> userOption = ini.option(section, "user");
        if (userOption.isPresent()) {
            String value = single(section, userOption.get(), vars, name);
            if (!value.isEmpty()) {
                user = value;
            }
        }
        Secret secret = null;
        if (passwordOption.isPresent()) {
            secret = password(section, passwordOption.get(), vars, name);
        }
        Path identity = path(section, "identity_file", vars, name);
        Path knownHosts = path(section, "known_hosts", vars, name);
        List<String> groups = List.of();
        Optional<IniFile.Option> groupsOption = ini.option(section, "groups");
        if (groupsOption.isPresent()) {
            groups = groupList(ini.get(section, "groups", vars), groupsOption.get().line(), ini.source(),
                    "for host " + name);
        }
        // The inventory's values act as ssh's command-line options: ssh_config fills in only what they leave open.
        Host host;
        try {
            SshConfig.Resolved ssh = sshConfig.resolve(address, user, port, localUser);
            host = new Host(name, ssh.hostName(), ssh.port(), ssh.user(), secret, ssh.identityFiles(),
                    ssh.identitiesOnly(), knownHosts != null ? knownHosts : firstOrNull(ssh.knownHosts()), groups,
                    jumpChain(ssh, name, 0), ssh.proxyCommand());
        } catch (SshConfigException | JumpException e) {
            // ssh too complains only about the host it resolves: the others of the file are still usable.
            unusable.putIfAbsent(name, e.getMessage() + " (for host " + name + ")");
            host = new Host(name, address.toLowerCase(Locale.ROOT), port != 0 ? port : 22,
                    user != null ? user : localUser, secret, List.of(), false, knownHosts, groups, null, null);
        }
        host = host.withBecome(become(section, vars, name));
        return identity != null ? host.withIdentityFile(identity) : host;
    }

    /** The host's {@code become}, {@code become_user} and {@code become_password_env}. */
    private Become become(String section, Map<String, String> vars, String host) throws InventoryException {
        Become become = Become.NONE;
        for (String key : BECOME_KEYS) {
            Optional<IniFile.Option> option = ini.option(section, key);
            if (option.isPresent()) {
                become = withBecomeKey(become, option.get(), single(section, option.get(), vars, host), host);
            }
        }
        return become;
    }

    /**
     * {@code become} with one become key's {@code value} applied (from a host section or a group section), for
     * {@code host}. An empty value changes nothing; a {@code become_password_env} that is not set makes the host
     * unusable (an error once it is selected).
     */
    Become withBecomeKey(Become become, IniFile.Option option, String value, String host) throws InventoryException {
        if (value.isEmpty()) {
            return become;
        }
        switch (option.name()) {
            case "become" -> {
                return switch (value.toLowerCase(Locale.ROOT)) {
                    case "no", "false", "off", "0" -> become.withEnabled(false);
                    case "yes", "true", "on", "1" -> become.withEnabled(true);
                    default -> throw error(option.line(), "bad become '" + value + "' for host " + host
                            + ": expected yes or no");
                };
            }
            case "become_user" -> {
                try {
                    return become.withUser(value);
                } catch (IllegalArgumentException e) {
                    throw error(option.line(), "bad become_user '" + value + "' for host " + host
                            + ": a user name has no spaces and does not start with '-'");
                }
            }
            default -> {
                String secret = env.apply(value);
                if (secret == null || secret.isEmpty()) {
                    // Not an error of the file: only a run on this host needs the variable.
                    unusable.putIfAbsent(host, error(option.line(), "environment variable '" + value
                            + "' (become_password_env of host " + host + ") is "
                            + (secret == null ? "not set" : "empty")).getMessage());
                    return become;
                }
                return become.withPassword(Secret.of(secret));
            }
        }
    }

    /**
     * The host to reach a host through, for its resolved ProxyJump: the last hop, reached through the hop before it,
     * and the first hop through its own ProxyJump, as ssh follows them; null for a direct connection.
     *
     * @throws JumpException for a jump through the host itself or a chain too deep, as ssh refuses them
     */
    private Host jumpChain(SshConfig.Resolved target, String name, int depth)
            throws SshConfigException, JumpException {
        Host previous = null;
        for (int i = 0; i < target.proxyJump().size(); i++) {
            SshConfig.Jump hop = target.proxyJump().get(i);
            SshConfig.Resolved jump = sshConfig.resolve(hop.host(), hop.user(), hop.port(), localUser);
            if (jump.hostName().equals(target.hostName()) && jump.port() == target.port()
                    && jump.user().equals(target.user())) {
                throw new JumpException(target.proxyJumpLine() + ": jump host loop via " + hop.host());
            }
            Host through = previous;
            if (i == 0 && !jump.proxyJump().isEmpty()) {
                if (depth >= MAX_JUMP_DEPTH) {
                    throw new JumpException(jump.proxyJumpLine() + ": ProxyJump chains more than " + MAX_JUMP_DEPTH
                            + " jump hosts deep through " + hop.host());
                }
                through = jumpChain(jump, name, depth + 1);
            }
            previous = new Host(hop.host(), jump.hostName(), jump.port(), jump.user(), null, jump.identityFiles(),
                    jump.identitiesOnly(), firstOrNull(jump.knownHosts()), List.of(), through,
                    i == 0 ? jump.proxyCommand() : null);
        }
        return previous;
    }

    private static Path firstOrNull(List<Path> paths) {
        return paths.isEmpty() ? null : paths.getFirst();
    }

    private Secret password(String section, IniFile.Option option, Map<String, String> vars, String host)
            throws InventoryException {
        String value = single(section, option, vars, host);
        if (value.isEmpty()) {
            return null;
        }
        if (option.name().equals(PASSWORD)) {
            return Secret.of(value);
        }
        String secret = env.apply(value);
        if (secret == null || secret.isEmpty()) {
            // Not an error of the file: only a run on this host needs the variable.
            unusable.putIfAbsent(host, error(option.line(), "environment variable '" + value
                    + "' (password_env of host " + host + ") is " + (secret == null ? "not set" : "empty"))
                    .getMessage());
            return null;
        }
        return Secret.of(secret);
    }

    private Path path(String section, String key, Map<String, String> vars, String host)
            throws InventoryException {
        Optional<IniFile.Option> option = ini.option(section, key);
        if (option.isEmpty()) {
            return null;
        }
        String value = single(section, option.get(), vars, host);
        if (value.isEmpty()) {
            return null;
        }
        int line = option.get().line();
        if (value.startsWith("~")) {
            if (value.length() > 1 && value.charAt(1) != '/') {
                throw error(line, "bad " + key + " '" + value + "' for host " + host
                        + ": only ~ and ~/ are expanded; write the full path");
            }
            String home = env.apply("HOME");
            if (home == null || home.isEmpty()) {
                home = System.getProperty("user.home");
            }
            value = home + value.substring(1);
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw error(line, "bad " + key + " '" + value + "' for host " + host + ": " + e.getReason());
        }
    }

    private int port(String value, int line, String host) throws InventoryException {
        boolean digits = value.length() <= 5 && value.chars().allMatch(c -> c >= '0' && c <= '9');
        int port = digits ? Integer.parseInt(value) : -1;
        if (port < 1 || port > 65535) {
            throw error(line, "bad port '" + value + "' for host " + host + ": expected a number from 1 to 65535");
        }
        return port;
    }

    /** The interpolated value of a single-line key. */
    private String single(String section, IniFile.Option option, Map<String, String> vars, String host)
            throws InventoryException {
        String value = ini.get(section, option.name(), vars);
        if (value.indexOf('\n') >= 0) {
            throw error(option.line(), "the " + option.name() + " of host " + host + " must be on one line");
        }
        return value;
    }

    /**
     * The option that the section sees for a pair of alternative keys: the one set in the section itself beats
     * one from DEFAULT; both set in the same place is an error.
     */
    private Optional<IniFile.Option> oneOf(String section, String key, String alternative) throws InventoryException {
        Optional<IniFile.Option> a = ini.option(section, key);
        Optional<IniFile.Option> b = ini.option(section, alternative);
        if (a.isEmpty() || b.isEmpty()) {
            return a.isPresent() ? a : b;
        }
        boolean ownA = a.get().section().equals(section);
        boolean ownB = b.get().section().equals(section);
        if (ownA == ownB) {
            String where = ownA ? "section [" + section + "]" : "section [" + IniFile.DEFAULT_SECTION + "]";
            throw error(Math.max(a.get().line(), b.get().line()),
                    "set either '" + key + "' or '" + alternative + "' in " + where + ", not both");
        }
        return ownA ? a : b;
    }

    /**
     * Group names separated by commas and/or whitespace, checked, without repeats.
     *
     * @param owner where the list comes from, for messages: {@code for host web01}
     */
    static List<String> groupList(String value, int line, String source, String owner) throws InventoryException {
        Set<String> groups = new LinkedHashSet<>();
        for (String group : SEPARATORS.split(value)) {
            if (group.isEmpty()) {
                continue;
            }
            String bad = Inventory.badName(group);
            if (bad != null) {
                throw new InventoryException(source, line, "bad group name '" + group + "' " + owner + ": " + bad);
            }
            groups.add(group);
        }
        return List.copyOf(groups);
    }

    private InventoryException error(int line, String what) {
        return new InventoryException(ini.source(), line, what);
    }

    /** A ProxyJump chain ssh would refuse; the message names the ProxyJump's file and line. */
    private static final class JumpException extends Exception {
        JumpException(String message) {
            super(message, null, false, false);
        }
    }
}
