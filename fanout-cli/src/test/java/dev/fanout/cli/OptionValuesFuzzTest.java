package dev.fanout.cli;

import dev.fanout.testkit.Fuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import picocli.CommandLine;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Option values as a user may type them: a duration is positive or refused with a one-line message; a command line
 * of random option values and selections ends in exit 0 or 2 with one {@code fanout:} line on stderr (and picocli's
 * "Try" line), never an internal error, within the time limit. No host is contacted.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class OptionValuesFuzzTest {
    private static Path inventory;

    @BeforeContainer
    static void writeInventory() throws IOException {
        inventory = Files.createTempFile("fuzz-hosts", ".ini");
        Files.writeString(inventory, "[web[01-04]]\ngroups = web\n[db01]\ngroups = db\npassword_env = NOPE_PW\n");
    }

    @AfterContainer
    static void deleteInventory() throws IOException {
        Files.deleteIfExists(inventory);
    }

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void aDurationIsPositiveOrRefusedOnOneLine(@ForAll("durations") String value) throws Exception {
        Fuzz.within(() -> {
            try {
                Duration d = new DurationConverter().convert(value);
                assertThat(d).isPositive();
            } catch (CommandLine.TypeConversionException e) {
                Fuzz.assertOneLine(e.getMessage());
            }
            return null;
        });
    }

    @Property(tries = 150, edgeCases = EdgeCasesMode.MIXIN)
    void aCommandLineEndsInAResultOrAUsageErrorNeverAnInternalError(@ForAll("commandLines") List<String> args)
            throws Exception {
        Cli.Result r = Fuzz.within(() -> new Cli().env("FANOUT_SSH_CONFIG", "none")
                .run(args.toArray(String[]::new)));
        assertThat(r.exit()).as(r.toString()).isIn(0, ExitCodes.USAGE);
        if (r.exit() == ExitCodes.USAGE) {
            List<String> lines = r.err().lines().toList();
            assertThat(lines).as(r.toString()).isNotEmpty().hasSizeLessThanOrEqualTo(2);
            assertThat(lines.getFirst()).as(r.toString()).startsWith("fanout: ");
        }
    }

    @Provide
    Arbitrary<String> durations() {
        return Arbitraries.oneOf(
                Arbitraries.of("10", "2.5", "500ms", "30s", "5m", "1h", "0", "0.0001ms", "-1", "1e3", "1 h", " 7 ",
                        "99999999999999999999h", "9223372036854775807", "9223372036854775808ms", "1." + "0".repeat(50),
                        "1\n", "1\ns", "١٠", "10 ms\u0000", "1.5.5", "h", "", " "),
                Arbitraries.strings().withChars("0123456789.hms in\n\t-").ofMaxLength(25),
                Arbitraries.strings().ofMaxLength(20));
    }

    @Provide
    Arbitrary<List<String>> commandLines() {
        Arbitrary<String> value = Arbitraries.oneOf(
                Arbitraries.of("web01", "web[01-02]", "@web", "@db", "db01", "nosuch", "web[1-999999999]", "", ",",
                        "@", "web[01-04],!web02", "web[3-1]", "a\nb", "10", "0", "-1", "auto", "never", "always",
                        "sometimes", "99999999999999999999", "1h", "10 s"),
                Arbitraries.strings().ofMaxLength(15));
        Arbitrary<List<String>> option = net.jqwik.api.Combinators.combine(Arbitraries.of("-H", "-w", "-g", "-x",
                "-X", "-f", "-t", "-u", "--color", "-l", "-a", "-q", "--bogus", "-F"), value).as((name, v) ->
                name.equals("-a") || name.equals("-q") ? List.of(name) : List.of(name, v));
        return net.jqwik.api.Combinators.combine(Arbitraries.of("hosts", "run"), option.list().ofMaxSize(5))
                .as((command, options) -> {
                    List<String> args = new ArrayList<>(List.of(command, "-i", inventory.toString()));
                    options.forEach(args::addAll);
                    if (command.equals("hosts")) {
                        args.add("--names");
                    } else {
                        // Never contact a host: an unknown one ends the selection before any connection.
                        args.addAll(List.of("-x", "nosuchhost", "true"));
                    }
                    return args;
                });
    }
}
