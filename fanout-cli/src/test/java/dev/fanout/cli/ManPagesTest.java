package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The man pages: rendered by groff and man-db (groff-base, man-db; .ci/run installs them), from the picocli model. */
class ManPagesTest {
    @TempDir
    Path dir;

    private record Rendered(int exit, String out, String err) {
    }

    private static Rendered render(Map<String, String> env, String... command) throws IOException,
            InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        var out = process.getInputStream().readAllBytes();
        var err = process.getErrorStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Rendered(process.exitValue(), new String(out, StandardCharsets.UTF_8),
                new String(err, StandardCharsets.UTF_8));
    }

    /** man's output as plain text: no overstriking, minus signs and hyphens as ASCII. */
    private static String plain(String text) {
        return text.replaceAll(".\b", "").replace('\u2212', '-').replace('\u2010', '-');
    }

    @Test
    void everyPageRendersWithoutAWarning() throws Exception {
        List<Path> pages = ManPages.write(dir);

        assertThat(pages).extracting(p -> p.getFileName().toString()).contains("fanout.1", "fanout-run.1",
                "fanout-put.1", "fanout-get.1", "fanout-hosts.1", "fanout-nodeset.1", "fanout-history.1",
                "fanout-show.1", "fanout-lab.1", "batch_run.1", "batch_scp.1").doesNotContain("fanout-complete.1");
        for (Path page : pages) {
            Rendered r = render(Map.of(), "groff", "-man", "-Tutf8", "-ww", "-z", page.toString());
            assertThat(r.err()).as(page.toString()).isEmpty();
            assertThat(r.exit()).as(page.toString()).isZero();
        }
    }

    @Test
    void everyPageListsEveryOptionOfItsCommandUnderTheHeadingsOfHelp() throws Exception {
        ManPages.write(dir);
        CommandLine model = ManPages.model();
        List<CommandLine> commands = new java.util.ArrayList<>(List.of(model));
        model.getSubcommands().values().stream()
                .filter(c -> !c.getCommandSpec().usageMessage().hidden() || c.getCommandName().startsWith("batch_"))
                .forEach(commands::add);
        for (CommandLine command : commands) {
            Path page = dir.resolve("man1").resolve(ManPages.pageName(command) + ".1");
            Rendered r = render(Map.of("MANWIDTH", "250", "MANPAGER", "cat", "PAGER", "cat"),
                    "man", "-l", page.toString());
            assertThat(r.exit()).as(r.err()).isZero();
            String text = plain(r.out());
            assertThat(text).as(page.toString()).contains("NAME", "SYNOPSIS", "DESCRIPTION", "EXIT STATUS",
                    "ENVIRONMENT", "FILES", "SEE ALSO");
            for (OptionSpec option : command.getCommandSpec().options()) {
                if (!option.hidden()) {
                    assertThat(text).as(page + " shows " + option.longestName())
                            .contains(String.join(", ", option.names()));
                }
            }
        }
    }

    @Test
    void theRunPageGroupsItsOptionsAsHelpDoesAndEndsWithItsExample() throws Exception {
        ManPages.write(dir);
        Rendered r = render(Map.of("MANWIDTH", "250", "MANPAGER", "cat"), "man", "-l",
                dir.resolve("man1/fanout-run.1").toString());
        String text = plain(r.out());

        assertThat(text).containsSubsequence("OPTIONS", "Selection", "-H, -w, --hosts=HOSTS", "Connection",
                "-f, --fanout=N", "Command", "-I, --send-input", "Output", "--json", "Failure policy", "-S, --maxrc",
                "Help", "EXIT STATUS", "130", "ENVIRONMENT", "FANOUT_INVENTORY", "SSH_AUTH_SOCK", "FILES",
                "~/.ssh/known_hosts", "EXAMPLES", "fanout run -g web_clusters,db_servers -x web03 'df -h'",
                "SEE ALSO", "fanout-put(1)");
        assertThat(text).contains("(default: 256)").doesNotContain("${DEFAULT-VALUE}");
    }

    @Test
    void theExitStatusTableHoldsEveryExitCode() {
        assertThat(ManPageEntries.EXIT_CODES.keySet()).containsAll(ManPages.exitCodeConstants());
    }

    @Test
    void roffSpecialsAreEscaped() {
        assertThat(Roff.escape("a\\b-c 'd' `e` ~f \"g\" \u00e9"))
                .isEqualTo("a\\eb\\-c \\(aqd\\(aq \\(gae\\(ga \\(tif \\(dqg\\(dq \\[u00E9]");
        Roff roff = new Roff();
        roff.text(".TH not a request%n'neither");
        assertThat(roff.toString()).isEqualTo("\\&.TH not a request\n.br\n\\(aqneither\n");
    }
}
