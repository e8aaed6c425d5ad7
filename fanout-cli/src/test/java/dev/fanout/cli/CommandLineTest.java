package dev.fanout.cli;

import dev.fanout.core.text.Paragraphs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line itself, without hosts: usage, subcommand dispatch, option parsing, usage errors. */
class CommandLineTest {
    private static final String[] LISTED = {"run", "put", "get", "shell", "hosts", "nodeset", "history", "show", "lab"};

    private static void assertListsEverySubcommandInOrder(String usage) {
        String commands = usage.substring(usage.indexOf("Commands:"));
        int from = 0;
        for (String name : LISTED) {
            int at = commands.indexOf("\n  " + name + " ", from);
            assertThat(at).as(name + " after the previous subcommand in:\n" + commands).isGreaterThan(from);
            from = at;
        }
        assertThat(commands).doesNotContain("batch_run", "batch_scp");
    }

    @Test
    void helpListsEverySubcommandInOrderButNotTheHiddenOnes() {
        Cli.Result r = new Cli().run("--help");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).startsWith("Usage: fanout [-hV] [COMMAND]").contains("Exit codes:");
        assertListsEverySubcommandInOrder(r.out());
    }

    @Test
    void withoutASubcommandTheUsageGoesToStderrWithExitCode2() {
        Cli.Result r = new Cli().run();

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.out()).isEmpty();
        assertListsEverySubcommandInOrder(r.err());
    }

    @Test
    void helpBeforeASubcommandIsStillTheHelpOfFanout() {
        Cli.Result r = new Cli().run("-h", "run");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertListsEverySubcommandInOrder(r.out());
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        Cli.Result r = new Cli().run("bogus");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: unknown command 'bogus' (see 'fanout --help')\n");
    }

    @Test
    void aSubcommandParsesItsOwnAndItsMixinsOptions(@TempDir Path dir) throws IOException {
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [a1]
                groups = g
                [a2]
                groups = g
                [b1]
                """);

        Cli.Result r = new Cli().run("hosts", "-i", inventory.toString(), "-g", "g", "-x", "a2", "--names");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("a1\n");
    }

    /** Found by OptionValuesFuzzTest: picocli quoted an argument holding a line break, over two lines. */
    @Test
    void aUsageErrorStaysOnOneLineWhenAnArgumentHoldsALineBreak() {
        Cli.Result r = new Cli().run("run", "-f", "a\nb", "-a", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).hasSize(1).first().asString().startsWith("fanout: ").contains("'a^Jb'");
    }

    @Test
    void anUnsetPasswordVariableStopsOnlyASelectionThatHoldsItsHost(@TempDir Path dir) throws IOException {
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), "[a1]\n[db01]\npassword_env = DB01_PW\n");

        Cli.Result other = new Cli().run("hosts", "-i", inventory.toString(), "-H", "a1", "--names");
        Cli.Result selected = new Cli().run("hosts", "-i", inventory.toString(), "-H", "db01", "--names");

        assertThat(other.exit()).as(other.toString()).isZero();
        assertThat(other.out()).isEqualTo("a1\n");
        assertThat(selected.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(selected.err()).isEqualTo("fanout: " + inventory
                + ":3: environment variable 'DB01_PW' (password_env of host db01) is not set\n");
    }

    @Test
    void aSubcommandsHelpAndUsageErrorsNameTheSubcommand() {
        Cli.Result help = new Cli().run("batch_run", "--help");
        Cli.Result unknown = new Cli().run("hosts", "--bogus");

        assertThat(help.exit()).isZero();
        assertThat(help.out()).startsWith("Usage: fanout batch_run ").contains("-cmd=COMMAND");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).isEqualTo("fanout: unknown option '--bogus' (see 'fanout hosts --help')\n");
    }

    @Test
    void theCommandOfRunStartsAtItsFirstWordSoItsDashedWordsAreNotOptions() {
        Cli.Result r = new Cli().run("run", "-i", "/nonexistent/hosts.ini", "-H", "h1", "ls", "-x", "--bogus");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("fanout: /nonexistent/hosts.ini: ").doesNotContain("option");
    }

    @Test
    void aDurationOptionIsConvertedAndABadOneIsAUsageError() {
        Cli.Result r = new Cli().run("run", "-i", "/nonexistent/hosts.ini", "-H", "h1", "-u", "0.5ms", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("fanout: bad value for --timeout: '0.5ms' is not a positive");
    }

    @Test
    void aMistypedSubcommandOrOptionGetsASuggestionOnOneLine() {
        Cli.Result command = new Cli().run("rnu", "-a", "true");
        Cli.Result option = new Cli().run("run", "--exlude", "web01", "-a", "true");

        assertThat(command.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(command.err()).isEqualTo("fanout: unknown command 'rnu': did you mean 'run'? (see 'fanout --help')\n");
        assertThat(option.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(option.err())
                .isEqualTo("fanout: unknown option '--exlude': did you mean '--exclude'? (see 'fanout run --help')\n");
    }

    @Test
    void picocliWordingNeverReachesTheUser() {
        List<String[]> lines = List.of(new String[]{"hosts", "extra"}, new String[]{"run", "-a"},
                new String[]{"run", "-f", "x", "-a", "true"}, new String[]{"run", "-b", "--diff", "-a", "true"},
                new String[]{"show", "--html"});
        for (String[] args : lines) {
            Cli.Result r = new Cli().run(args);

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).as(r.toString()).hasLineCount(1).startsWith("fanout: ")
                    .doesNotContain("Unmatched", "Missing required", "Invalid value", "Error:", "Try '");
        }
    }

    @Test
    void helpGroupsOptionsByPurposeAndNeverBreaksInsideAToken() {
        for (String command : new String[]{"run", "put", "get", "shell", "hosts", "nodeset", "history", "show", "lab",
                "batch_run", "batch_scp"}) {
            Cli.Result r = new Cli().run(command, "--help");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("Usage: fanout " + command + " [OPTIONS]");
            for (String line : r.out().split("\n")) {
                assertThat(line.length() <= HelpLayout.WIDTH || !line.strip().contains(" "))
                        .as(command + ": " + line).isTrue();
            }
        }
        String run = new Cli().run("run", "--help").out();
        assertThat(run).contains("h1,web[01-04]", "(~/.config/fanout/hosts.ini)", "StrictHostKeyChecking=accept-new");
        assertThat(run.indexOf("\nSelection:\n")).isPositive().isLessThan(run.indexOf("\nConnection:\n"));
        assertThat(run.indexOf("\nConnection:\n")).isLessThan(run.indexOf("\nOutput:\n"));
        assertThat(run.indexOf("\nOutput:\n")).isLessThan(run.indexOf("\nFailure policy:\n"));
        assertThat(run.substring(run.indexOf("\nFailure policy:\n"))).contains("--timeout=DURATION", "--maxrc");
    }

    @Test
    void wrappingBreaksAtSpacesOnlyAndKeepsLineBreaks() {
        assertThat(Paragraphs.wrap("aa bb-cc dd[01-04]\nee", 7)).containsExactly("aa", "bb-cc", "dd[01-04]", "ee");
    }

    @Test
    void sshOptionsOnTheCommandLineApplyToEveryHostAheadOfTheFilesAsSshO(@TempDir Path dir) throws IOException {
        Path config = Files.writeString(dir.resolve("config"), "Host *\n  Port 2200\n  User fromfile\n");

        Cli.Result r = new Cli().run("hosts", "-F", config.toString(), "-H", "web01", "-o", "Port=2222",
                "-o", "User deploy");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().skip(1).findFirst().orElseThrow()).matches("web01 +web01 +2222 +deploy .*");
    }

    @Test
    void anSshOptionFanoutDoesNotReadIsAnErrorThatSaysWhatToUseInstead() {
        Cli.Result strict = new Cli().run("hosts", "-F", "none", "-H", "web01", "-o", "StrictHostKeyChecking=no");
        Cli.Result bad = new Cli().run("hosts", "-F", "none", "-H", "web01", "-o", "Port");

        assertThat(strict.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(strict.err()).isEqualTo("fanout: -o: 'StrictHostKeyChecking=no': fanout does not use "
                + "StrictHostKeyChecking: use --accept-new (fanout never accepts every key)\n");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("fanout: -o: bad option 'Port': write KEYWORD=VALUE\n");
    }
}
