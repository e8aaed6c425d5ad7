package dev.fanout.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The man pages, written as roff from the same picocli model as {@code --help} (so they cannot drift from it):
 * fanout(1), one fanout-COMMAND(1) per subcommand, batch_run(1) and batch_scp(1), with the options under
 * {@link HelpLayout}'s headings, the exit codes of {@link ExitCodes}, and the environment, files and examples.
 * Run by the build ({@code main DIR} writes DIR/man1/*.1; public for exec-maven-plugin only). Stateless.
 */
public final class ManPages {
    private ManPages() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: ManPages DIR (writes DIR/man1/*.1)");
        }
        write(Path.of(args[0]));
    }

    /** Writes every page into {@code dir}/man1 and returns their paths. */
    static List<Path> write(Path dir) throws IOException {
        Path man1 = Files.createDirectories(dir.resolve("man1"));
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, String> page : pages().entrySet()) {
            Path file = man1.resolve(page.getKey() + ".1");
            Files.writeString(file, page.getValue(), StandardCharsets.UTF_8);
            written.add(file);
        }
        return written;
    }

    /** The whole model, every subcommand in it, as {@code fanout --help} builds it. */
    static CommandLine model() {
        PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream());
        CliEnvironment env = new CliEnvironment(InputStream.nullInputStream(), nowhere, nowhere, Map.of(), false,
                false, Optional.empty(), CliEnvironment.Interrupts.NONE);
        CommandLine root = new CommandLine(new Main(), new Main.Factory(env));
        Main.SUBCOMMANDS.forEach(root::addSubcommand);
        return root;
    }

    /** Page name (fanout-run) to page text, for fanout, each visible subcommand and batch_run, batch_scp. */
    static Map<String, String> pages() {
        CommandLine root = model();
        String version = BuildInfo.current().version();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("fanout", ManPage.page(root, root, version));
        for (CommandLine sub : root.getSubcommands().values()) {
            if (!sub.getCommandSpec().usageMessage().hidden() || isSeed(sub)) {
                pages.put(pageName(sub), ManPage.page(root, sub, version));
            }
        }
        return pages;
    }

    /** batch_run and batch_scp: the original command lines, installed as commands of their own. */
    static boolean isSeed(CommandLine command) {
        return command.getCommandName().startsWith("batch_");
    }

    static String pageName(CommandLine command) {
        return command.getParent() == null || isSeed(command) ? command.getCommandName()
                : "fanout-" + command.getCommandName();
    }

    /** How the command is typed: fanout, fanout run, batch_run. */
    static String invocation(CommandLine command) {
        return command.getParent() == null || isSeed(command) ? command.getCommandName()
                : "fanout " + command.getCommandName();
    }

    static List<CommandLine> pagesOf(CommandLine root) {
        List<CommandLine> all = new ArrayList<>(List.of(root));
        root.getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden() || isSeed(c)).forEach(all::add);
        return all;
    }

    /** The exit-code constants of ExitCodes, by reflection (for the test that none is missing from the pages). */
    static List<Integer> exitCodeConstants() {
        List<Integer> values = new ArrayList<>();
        for (Field field : ExitCodes.class.getDeclaredFields()) {
            int m = field.getModifiers();
            if (Modifier.isStatic(m) && Modifier.isFinal(m) && field.getType() == int.class) {
                try {
                    values.add(field.getInt(null));
                } catch (IllegalAccessException e) {
                    throw new IllegalStateException(e);
                }
            }
        }
        return values;
    }
}
