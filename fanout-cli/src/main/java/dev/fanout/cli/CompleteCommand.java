package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.select.Selection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code fanout complete KIND [--] WORDS...}, hidden: the candidates only fanout knows, for the shell completion
 * scripts: the groups or hosts of the inventory that WORDS (the command line being completed) names with -i, else
 * $FANOUT_INVENTORY, ./hosts.ini, ...; or the recorded run ids, newest first. One per line; contacts no host, reads
 * no ssh_config, and on any error prints nothing (the stack trace with FANOUT_DEBUG) and exits 0, so that a
 * completion never shows an error.
 */
@Command(name = "complete", hidden = true,
        description = "Print completion candidates, one per line: KIND is groups, hosts or runs; WORDS are the words "
                + "of the command line being completed, read for -i.")
final class CompleteCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Parameters(index = "0", arity = "0..1", paramLabel = "KIND")
    String kind = "";

    @Parameters(index = "1..*", arity = "0..*", paramLabel = "WORDS")
    List<String> words = new ArrayList<>();

    CompleteCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() {
        try {
            List<String> candidates = switch (kind.toLowerCase(Locale.ROOT)) {
                case "groups" -> List.copyOf(inventory().groupNames());
                case "hosts" -> inventory().hosts().stream().map(Host::name).toList();
                case "runs" -> RecordLookup.of(env).ids();
                default -> List.of();
            };
            candidates.forEach(env.out()::println);
        } catch (Exception | StackOverflowError e) {
            // a completion shows candidates or nothing, never an error; FANOUT_DEBUG tells why there were none
            if (env.env().containsKey("FANOUT_DEBUG")) {
                e.printStackTrace(env.err());
            }
        }
        env.out().flush();
        return ExitCodes.OK;
    }

    /**
     * The inventory -i in WORDS names (in the format --inventory-format names, if it does), else the one fanout finds
     * by itself; its warnings go nowhere.
     */
    private Inventory inventory() throws UserException {
        InventoryOptions options = new InventoryOptions();
        List<String> line = words.isEmpty() || !words.getFirst().equals("--") ? words : words.subList(1, words.size());
        options.file = inventoryFile(line);
        options.format = inventoryFormat(line);
        options.sshConfig = "none";
        CliEnvironment quiet = new CliEnvironment(env.in(), env.out(), new PrintStream(OutputStream.nullOutputStream()),
                env.env(), false, false, java.util.Optional.empty(), CliEnvironment.Interrupts.NONE);
        return options.load(quiet, Selection.ALL);
    }

    /** The last {@code --inventory-format FORMAT} or {@code --inventory-format=FORMAT}, or null. */
    private static String inventoryFormat(List<String> line) {
        String format = null;
        for (int i = 0; i < line.size(); i++) {
            String word = line.get(i);
            if (word.equals("--inventory-format") && i + 1 < line.size()) {
                format = line.get(++i);
            } else if (word.startsWith("--inventory-format=")) {
                format = word.substring("--inventory-format=".length());
            }
        }
        return format;
    }

    /** The last {@code -i FILE}, {@code -iFILE}, {@code --inventory FILE} or {@code --inventory=FILE}, or null. */
    private Path inventoryFile(List<String> line) {
        String file = null;
        for (int i = 0; i < line.size(); i++) {
            String word = line.get(i);
            if ((word.equals("-i") || word.equals("--inventory")) && i + 1 < line.size()) {
                file = line.get(++i);
            } else if (word.startsWith("--inventory=")) {
                file = word.substring("--inventory=".length());
            } else if (word.startsWith("-i") && word.length() > 2 && !word.startsWith("--")) {
                file = word.substring(2);
            }
        }
        if (file == null || file.isEmpty()) {
            return null;
        }
        return file.startsWith("~/") ? env.home().resolve(file.substring(2)) : Path.of(file);
    }
}
