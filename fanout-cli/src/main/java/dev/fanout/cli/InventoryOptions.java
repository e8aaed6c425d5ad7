package dev.fanout.cli;

import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** The {@code -i} option and the search for the inventory when it is not given. */
final class InventoryOptions {
    static final String ENV = "FANOUT_INVENTORY";

    @Option(names = {"-i", "--inventory"}, paramLabel = "FILE",
            description = "The host file (INI). Default: $" + ENV
                    + ", else ./hosts.ini, else $XDG_CONFIG_HOME/fanout/hosts.ini (~/.config/fanout/hosts.ini).")
    Path file;

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
            return Inventory.load(locate(env), name -> env.env().get(name), env.localUser());
        } catch (InventoryException e) {
            throw new UserException(e.getMessage());
        }
    }
}
