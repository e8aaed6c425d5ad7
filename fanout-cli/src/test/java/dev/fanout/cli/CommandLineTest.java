package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The command line itself, without hosts: usage, subcommand dispatch, option parsing, usage errors. */
class CommandLineTest {
    private static final String[] LISTED = {"run", "put", "get", "hosts", "history", "show", "lab"};

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
    void versionPrintsTheVersionAlone() {
        for (String option : new String[]{"-V", "--version"}) {
            Cli.Result r = new Cli().run(option);

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).startsWith("fanout ").hasLineCount(1);
            assertThat(r.err()).isEmpty();
        }
    }

    @Test
    void anUnknownSubcommandIsAUsageError() {
        Cli.Result r = new Cli().run("bogus");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: Unmatched argument at index 0: 'bogus'\nTry 'fanout --help'.\n");
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
        Cli.Result r = new Cli().run("hosts", "--bogus", "a\nb");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines()).hasSize(2).first().asString().startsWith("fanout: ").contains("a\\nb");
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
        assertThat(unknown.err()).isEqualTo("fanout: Unknown option: '--bogus'\nTry 'fanout hosts --help'.\n");
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
        assertThat(r.err()).startsWith("fanout: Invalid value for option '--timeout': '0.5ms' is not a positive");
    }
}
