package dev.fanout.core.inventory;

import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;
import dev.fanout.core.sshconfig.SshConfig;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Reads the hosts of the host sections of a fanout INI inventory file (the configparser side: interpolation, keys
 * and their aliases); {@link HostBuilder} makes each host and remembers why one cannot be used. Not thread-safe;
 * used by one load.
 */
final class HostReader {
    static final String PASSWORD = "password";
    /** The keys of a host section; {@code hostname} and {@code username} are paramiko's names. */
    static final List<String> KEYS = List.of("address", "hostname", "port", "user", "username", PASSWORD,
            "password_env", "identity_file", "known_hosts", "groups", "become", "become_user", "become_password_env");
    /** The keys that say how a host runs through sudo, in a host section or a group section. */
    static final List<String> BECOME_KEYS = List.of("become", "become_user", "become_password_env");
    private static final Pattern SEPARATORS = Pattern.compile("[,\\s]+");

    private final IniFile ini;
    private final HostBuilder builder;
    private final Function<String, String> env;

    HostReader(IniFile ini, Function<String, String> env, String localUser, SshConfig sshConfig) {
        this.ini = ini;
        this.env = env;
        this.builder = new HostBuilder(ini.source(), env, localUser, sshConfig);
    }

    /** Why each host read so far cannot be used, by host name, one line each naming the file and line. */
    Map<String, String> unusable() {
        return builder.unusable();
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
        Optional<IniFile.Option> user = oneOf(section, "user", "username");
        Optional<IniFile.Option> password = oneOf(section, PASSWORD, "password_env");
        List<Host> hosts = new ArrayList<>(names.size());
        for (String name : names) {
            hosts.add(host(section, name, address, user, password));
        }
        return hosts;
    }

    private Host host(String section, String name, Optional<IniFile.Option> addressOption,
                      Optional<IniFile.Option> userOption, Optional<IniFile.Option> passwordOption)
            throws InventoryException {
        Map<String, String> vars = Map.of("name", name);
        Map<String, HostBuilder.Setting> settings = new LinkedHashMap<>();
        put(settings, HostBuilder.ADDRESS, section, addressOption, vars, name);
        put(settings, HostBuilder.PORT, section, ini.option(section, "port"), vars, name);
        put(settings, HostBuilder.USER, section, userOption, vars, name);
        if (passwordOption.isPresent()) {
            put(settings, passwordOption.get().name().equals(PASSWORD) ? HostBuilder.PASSWORD
                    : HostBuilder.PASSWORD_ENV, section, passwordOption, vars, name);
        }
        put(settings, HostBuilder.IDENTITY_FILE, section, ini.option(section, "identity_file"), vars, name);
        put(settings, HostBuilder.KNOWN_HOSTS, section, ini.option(section, "known_hosts"), vars, name);
        List<String> groups = List.of();
        Optional<IniFile.Option> groupsOption = ini.option(section, "groups");
        if (groupsOption.isPresent()) {
            groups = groupList(ini.get(section, "groups", vars), groupsOption.get().line(), ini.source(),
                    "for host " + name);
        }
        return builder.build(name, settings, groups).withBecome(become(section, vars, name));
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
                    builder.unusable().putIfAbsent(host, error(option.line(), "environment variable '" + value
                            + "' (become_password_env of host " + host + ") is "
                            + (secret == null ? "not set" : "empty")).getMessage());
                    return become;
                }
                return become.withPassword(Secret.of(secret));
            }
        }
    }

    /** Adds the option's interpolated value, when it is set and not empty (an empty value is no value). */
    private void put(Map<String, HostBuilder.Setting> settings, String key, String section,
                     Optional<IniFile.Option> option, Map<String, String> vars, String host)
            throws InventoryException {
        if (option.isEmpty()) {
            return;
        }
        String value = single(section, option.get(), vars, host);
        if (!value.isEmpty()) {
            settings.put(key, new HostBuilder.Setting(option.get().name(), value, option.get().line()));
        }
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
            String bad = Inventory.badGroupName(group);
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
}
