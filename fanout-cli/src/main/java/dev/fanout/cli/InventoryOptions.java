package dev.fanout.cli;

import dev.fanout.core.select.SelectionException;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryException;
import dev.fanout.core.inventory.InventoryFormat;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.select.Selection;
import dev.fanout.core.sshconfig.SshConfig;
import dev.fanout.core.sshconfig.SshConfigException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code -i} option and the search for the inventory when it is not given (without one, the hosts named on the
 * command line are the inventory), and {@code -F}, the OpenSSH client configuration that completes the hosts.
 */
final class InventoryOptions {
    static final String ENV = "FANOUT_INVENTORY";
    static final String SSH_CONFIG_ENV = "FANOUT_SSH_CONFIG";
    static final Path SYSTEM_SSH_CONFIG = Path.of("/etc/ssh/ssh_config");

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "The host file: fanout's INI, an Ansible inventory (INI or YAML), a pssh host file or a "
                    + "list of names, ClusterShell's groups (groups.conf, a groups.d YAML file or directory); the "
                    + "format is told from the content (see --inventory-format). Default: $" + ENV
                    + ", else ./hosts.ini, else $XDG_CONFIG_HOME/fanout/hosts.ini (~/.config/fanout/hosts.ini). "
                    + "Without any, the hosts named with -H are the inventory, completed from ssh_config.")
    Path file;

    @Option(names = "--inventory-format", paramLabel = "FORMAT", completionCandidates = Formats.class,
            description = "The format of -i's file, when it should not be told from the content: "
                    + "ini (fanout's), ansible, ansible-yaml, pssh, clustershell.")
    String format;

    /** The names --inventory-format takes, for completion. Not thread-safe (picocli makes one). */
    static final class Formats extends java.util.ArrayList<String> {
        Formats() {
            for (InventoryFormat f : InventoryFormat.values()) {
                add(f.id());
            }
        }
    }

    @Option(names = {"-F", "--ssh-config"}, paramLabel = "FILE",
            description = "The OpenSSH client configuration that completes each host where the inventory leaves a "
                    + "value open (HostName, Port, User, IdentityFile, IdentitiesOnly, UserKnownHostsFile, "
                    + "ProxyJump), as ssh -F does; 'none' reads none. Default: $" + SSH_CONFIG_ENV
                    + ", else ~/.ssh/config, then /etc/ssh/ssh_config.")
    String sshConfig;

    @Option(names = {"-o", "--ssh-option"}, paramLabel = "KEYWORD=VALUE",
            description = "An ssh_config option for every host, ahead of the files, as ssh -o gives it "
                    + "(-o User=deploy -o Port=2222); only the keywords fanout reads. Repeatable.")
    List<String> sshOptions = new java.util.ArrayList<>();

    /** The inventory file to use: -i, else $FANOUT_INVENTORY, else ./hosts.ini, else the per-user one, else none. */
    private Optional<Path> locate(CliEnvironment env) {
        if (file != null) {
            return Optional.of(file);
        }
        String fromEnv = env.env().get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return Optional.of(Path.of(fromEnv));
        }
        return List.of(Path.of("hosts.ini"), userInventory(env)).stream().filter(Files::isRegularFile).findFirst();
    }

    private static Path userInventory(CliEnvironment env) {
        String xdg = env.env().get("XDG_CONFIG_HOME");
        return (xdg != null && !xdg.isBlank() ? Path.of(xdg) : env.home().resolve(".config"))
                .resolve("fanout").resolve("hosts.ini");
    }

    /**
     * The inventory; without an inventory file, the hosts that {@code selection} names (as pssh and pdsh take them),
     * which then need no file, as long as no group is asked for.
     */
    Inventory load(CliEnvironment env, Selection selection) throws UserException {
        Optional<Path> located = locate(env);
        if (located.isEmpty() && !selection.namesOnly()) {
            throw new UserException("no inventory: give -i FILE, set $" + ENV + ", or create ./hosts.ini or "
                    + userInventory(env) + " (or name hosts with -H and no group; try 'fanout lab' for a demo fleet)");
        }
        Optional<InventoryFormat> named = Optional.empty();
        if (format != null) {
            named = InventoryFormat.of(format);
            if (named.isEmpty()) {
                throw new UserException("bad --inventory-format '" + SafeText.of(format) + "': expected one of "
                        + InventoryFormat.ids());
            }
        }
        try {
            SshConfig ssh = sshConfig(env);
            return located.isPresent()
                    ? Inventory.load(located.get(), named, env.env()::get, env.localUser(), ssh)
                    : Inventory.ofNames(selection.names(), "hosts given without an inventory", env.env()::get,
                    env.localUser(), ssh);
        } catch (InventoryException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The hosts of {@code inventory} that {@code selection} names; a selection error is the user's. */
    static List<Host> select(Inventory inventory, Selection selection) throws UserException {
        try {
            return inventory.select(selection);
        } catch (SelectionException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** The ssh_config of -F, else of $FANOUT_SSH_CONFIG, else the user's and the system's; its warnings printed. */
    private SshConfig sshConfig(CliEnvironment env) throws UserException {
        String given = sshConfig != null ? sshConfig : env.env().get(SSH_CONFIG_ENV);
        var context = new SshConfig.Context(env.home(), name -> env.env().get(name));
        SshConfig config;
        try {
            config = given != null && given.equals("none") ? SshConfig.NONE
                    : given != null && !given.isBlank() ? SshConfig.load(Path.of(given), context)
                    : SshConfig.loadDefaults(env.home().resolve(".ssh").resolve("config"), SYSTEM_SSH_CONFIG, context);
            config = config.withOptions(sshOptions, context);
        } catch (SshConfigException e) {
            throw new UserException(e.getMessage());
        } catch (InvalidPathException e) {
            throw new UserException("bad --ssh-config '" + given + "': " + e.getReason());
        }
        config.warnings().forEach(w -> env.err().println("fanout: warning: " + SafeText.of(w)));
        return config;
    }
}
