package dev.fanout.cli;

import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryException;
import dev.fanout.core.sshconfig.SshConfig;
import dev.fanout.core.sshconfig.SshConfigException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@code -i} option and the search for the inventory when it is not given, and {@code -F}, the OpenSSH client
 * configuration that completes the inventory's hosts.
 */
final class InventoryOptions {
    static final String ENV = "FANOUT_INVENTORY";
    static final String SSH_CONFIG_ENV = "FANOUT_SSH_CONFIG";
    static final Path SYSTEM_SSH_CONFIG = Path.of("/etc/ssh/ssh_config");

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "The host file (INI). Default: $" + ENV
                    + ", else ./hosts.ini, else $XDG_CONFIG_HOME/fanout/hosts.ini (~/.config/fanout/hosts.ini).")
    Path file;

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "The OpenSSH client configuration that completes each host where the inventory leaves a "
                    + "value open (HostName, Port, User, IdentityFile, IdentitiesOnly, UserKnownHostsFile), as "
                    + "ssh -F does; 'none' reads none. Default: $" + SSH_CONFIG_ENV
                    + ", else ~/.ssh/config, then /etc/ssh/ssh_config.")
    String sshConfig;

    /** The inventory file to use: -i, else $FANOUT_INVENTORY, else ./hosts.ini, else the per-user one. */
    Path locate(CliEnvironment env) throws UserException {
        if (file != null) {
            return file;
        }
        String fromEnv = env.env().get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Path.of(fromEnv);
        }
        String xdg = env.env().get("XDG_CONFIG_HOME");
        Path config = (xdg != null && !xdg.isBlank() ? Path.of(xdg) : env.home().resolve(".config"))
                .resolve("fanout").resolve("hosts.ini");
        for (Path candidate : List.of(Path.of("hosts.ini"), config)) {
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new UserException("no inventory: give -i FILE, set $" + ENV + ", or create ./hosts.ini or " + config
                + " (try 'fanout lab' for a demo fleet)");
    }

    Inventory load(CliEnvironment env) throws UserException {
        try {
            return Inventory.load(locate(env), name -> env.env().get(name), env.localUser(), sshConfig(env));
        } catch (InventoryException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The ssh_config of -F, else of $FANOUT_SSH_CONFIG, else the user's and the system's; its warnings printed. */
    private SshConfig sshConfig(CliEnvironment env) throws UserException {
        String given = sshConfig != null ? sshConfig : env.env().get(SSH_CONFIG_ENV);
        if (given != null && given.equals("none")) {
            return SshConfig.NONE;
        }
        var context = new SshConfig.Context(env.home(), name -> env.env().get(name));
        SshConfig config;
        try {
            config = given != null && !given.isBlank() ? SshConfig.load(Path.of(given), context)
                    : SshConfig.loadDefaults(env.home().resolve(".ssh").resolve("config"), SYSTEM_SSH_CONFIG, context);
        } catch (SshConfigException e) {
            throw new UserException(e.getMessage());
        } catch (InvalidPathException e) {
            throw new UserException("bad --ssh-config '" + given + "': " + e.getReason());
        }
        config.warnings().forEach(w -> env.err().println("fanout: warning: " + w));
        return config;
    }
}
