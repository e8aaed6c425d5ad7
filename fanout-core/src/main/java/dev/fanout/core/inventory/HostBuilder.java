package dev.fanout.core.inventory;

import dev.fanout.core.sshconfig.SshConfig;
import dev.fanout.core.sshconfig.SshConfigException;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * Makes a {@link Host} from the values an inventory file gives it, whatever the file's format: checks them, reads
 * {@code password_env}, expands {@code ~}, and completes the host from ssh_config; remembers why a host cannot be
 * used, which is an error only once the host is selected. Not thread-safe; used by one load.
 */
final class HostBuilder {
    /** The canonical names of the values a host may have, as {@link #build} takes them. */
    static final String ADDRESS = "address";
    static final String PORT = "port";
    static final String USER = "user";
    static final String PASSWORD = "password";
    static final String PASSWORD_ENV = "password_env";
    static final String IDENTITY_FILE = "identity_file";
    static final String KNOWN_HOSTS = "known_hosts";

    /** How many jump hosts a ProxyJump may chain through one another before it is taken for a loop. */
    private static final int MAX_JUMP_DEPTH = 8;

    /**
     * One value of a host as the file writes it.
     *
     * @param key   the key as the file names it ({@code hostname}, {@code ansible_port}), for messages
     * @param value the value, on one line, never empty
     * @param line  the 1-based line it is on, or 0 when no line is to blame
     */
    record Setting(String key, String value, int line) {
    }

    private final String source;
    private final Function<String, String> env;
    private final String localUser;
    private final SshConfig sshConfig;
    private final Map<String, String> unusable = new LinkedHashMap<>();

    HostBuilder(String source, Function<String, String> env, String localUser, SshConfig sshConfig) {
        this.source = source;
        this.env = env;
        this.localUser = localUser;
        this.sshConfig = sshConfig;
    }

    /** Why each host built so far cannot be used, by host name, one line each naming the file and line. */
    Map<String, String> unusable() {
        return unusable;
    }

    /** Marks a host unusable with {@code why} (one line naming the file and line), unless it already is. */
    void unusable(String host, int line, String why) {
        unusable.putIfAbsent(host, new InventoryException(source, line, why).getMessage());
    }

    /**
     * The host {@code name} with the values of {@code settings}, keyed by their canonical names ({@link #ADDRESS},
     * ...); a value left out is completed from ssh_config, else defaulted.
     */
    Host build(String name, Map<String, Setting> settings, List<String> groups) throws InventoryException {
        String address = name;
        Setting addressSetting = settings.get(ADDRESS);
        if (addressSetting != null) {
            if (addressSetting.value().chars().anyMatch(c -> IniFile.isSpace((char) c))) {
                throw error(addressSetting.line(), "bad " + addressSetting.key() + " '" + addressSetting.value()
                        + "' for host " + name + ": it holds whitespace");
            }
            address = addressSetting.value();
        }
        Setting portSetting = settings.get(PORT);
        int port = portSetting == null ? 0 : port(portSetting, name);
        Setting userSetting = settings.get(USER);
        String user = userSetting == null ? null : userSetting.value();
        Secret secret = password(settings, name);
        Path identity = path(settings.get(IDENTITY_FILE), name);
        Path knownHosts = path(settings.get(KNOWN_HOSTS), name);
        // The inventory's values act as ssh's command-line options: ssh_config fills in only what they leave open.
        Host host;
        try {
            SshConfig.Resolved ssh = sshConfig.resolve(address, user, port, localUser);
            host = new Host(name, ssh.hostName(), ssh.port(), ssh.user(), secret, ssh.identityFiles(),
                    ssh.identitiesOnly(), knownHosts != null ? knownHosts : firstOrNull(ssh.knownHosts()), groups,
                    route(jumpChain(ssh, name, 0), ssh));
        } catch (SshConfigException | JumpException e) {
            // ssh too complains only about the host it resolves: the others of the file are still usable.
            unusable.putIfAbsent(name, e.getMessage() + " (for host " + name + ")");
            host = new Host(name, address.toLowerCase(Locale.ROOT), port != 0 ? port : 22,
                    user != null ? user : localUser, secret, List.of(), false, knownHosts, groups, Route.DIRECT);
        }
        return identity != null ? host.withIdentityFile(identity) : host;
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
                throw new JumpException(target.proxyLine() + ": jump host loop via " + hop.host());
            }
            Host through = previous;
            if (i == 0 && !jump.proxyJump().isEmpty()) {
                if (depth >= MAX_JUMP_DEPTH) {
                    throw new JumpException(jump.proxyLine() + ": ProxyJump chains more than " + MAX_JUMP_DEPTH
                            + " jump hosts deep through " + hop.host());
                }
                through = jumpChain(jump, name, depth + 1);
            }
            previous = new Host(hop.host(), jump.hostName(), jump.port(), jump.user(), null, jump.identityFiles(),
                    jump.identitiesOnly(), firstOrNull(jump.knownHosts()), List.of(),
                    i == 0 ? route(through, jump) : Route.through(through));
        }
        return previous;
    }

    /** Through {@code jump} when there is one, else as ssh_config's ProxyCommand asks (which fanout cannot), else direct. */
    private static Route route(Host jump, SshConfig.Resolved ssh) {
        return jump == null && ssh.proxyCommand() != null
                ? new Route.Unsupported("ProxyCommand", ssh.proxyCommand(), ssh.proxyLine()) : Route.through(jump);
    }

    private static Path firstOrNull(List<Path> paths) {
        return paths.isEmpty() ? null : paths.getFirst();
    }

    private Secret password(Map<String, Setting> settings, String host) {
        Setting password = settings.get(PASSWORD);
        if (password != null) {
            return Secret.of(password.value());
        }
        Setting variable = settings.get(PASSWORD_ENV);
        if (variable == null) {
            return null;
        }
        String secret = env.apply(variable.value());
        if (secret == null || secret.isEmpty()) {
            // Not an error of the file: only a run on this host needs the variable.
            unusable(host, variable.line(), "environment variable '" + variable.value() + "' (" + variable.key()
                    + " of host " + host + ") is " + (secret == null ? "not set" : "empty"));
            return null;
        }
        return Secret.of(secret);
    }

    private Path path(Setting setting, String host) throws InventoryException {
        if (setting == null) {
            return null;
        }
        String value = setting.value();
        if (value.startsWith("~")) {
            if (value.length() > 1 && value.charAt(1) != '/') {
                throw error(setting.line(), "bad " + setting.key() + " '" + value + "' for host " + host
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
            throw error(setting.line(), "bad " + setting.key() + " '" + value + "' for host " + host + ": "
                    + e.getReason());
        }
    }

    private int port(Setting setting, String host) throws InventoryException {
        String value = setting.value();
        boolean digits = !value.isEmpty() && value.length() <= 5 && value.chars().allMatch(c -> c >= '0' && c <= '9');
        int port = digits ? Integer.parseInt(value) : -1;
        if (port < 1 || port > 65535) {
            throw error(setting.line(), "bad " + setting.key() + " '" + value + "' for host " + host
                    + ": expected a number from 1 to 65535");
        }
        return port;
    }

    private InventoryException error(int line, String what) {
        return new InventoryException(source, line, what);
    }

    /** A ProxyJump chain ssh would refuse; the message names the ProxyJump's file and line. */
    private static final class JumpException extends Exception {
        JumpException(String message) {
            super(message, null, false, false);
        }
    }
}
