package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fanout run --tty and --env, and per-host templates in run, put and get, end to end, in-process, against the lab
 * (whose hosts refuse variables other than LANG and LC_*, as OpenSSH's default does, so --env sets them through
 * the command line there).
 */
class LaunchAndTemplatesAgainstLabTest {
    private static Lab lab;
    private static Cli cli;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.30.1"));
        cli = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString());
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    private static Path onHost(String host, String remotePath) {
        return lab.host(host).root().resolve(remotePath.substring(1));
    }

    @Test
    void ttyGivesTheCommandATerminalAndItsLinesStillArriveWholeWithoutCarriageReturns() {
        Cli.Result r = cli.env("TERM", "xterm-256color").run("run", "-H", "h1,h2", "--tty",
                "[ -t 0 ] && echo \"terminal $TERM\"; echo to-stderr >&2");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lines(r.out())).containsExactlyInAnyOrder("h1: terminal xterm-256color", "h2: terminal xterm-256color",
                "h1: to-stderr", "h2: to-stderr");
        assertThat(r.out()).doesNotContain("\r");
    }

    @Test
    void withoutTtyTheCommandHasNoTerminal() {
        Cli.Result r = cli.run("run", "-H", "h1", "[ -t 0 ] && echo terminal || echo none");

        assertThat(r.out()).as(r.toString()).isEqualTo("h1: none\n");
    }

    @Test
    void envSetsVariablesGivenAndPassedFromHereWhateverTheirCharacters() {
        String awkward = "it's \"$(echo no)\" `x` $HOME ; |";
        Cli.Result r = cli.env("FROM_HERE", "local value").run("run", "-H", "h1", "--env", "AWKWARD=" + awkward,
                "--env", "FROM_HERE", "--env=EMPTY=", "printf '%%s|%%s|%%s\\n' \"$AWKWARD\" \"$FROM_HERE\" \"${EMPTY-unset}\"");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("h1: " + awkward + "|local value|\n");
    }

    @Test
    void envValuesAreNeverRecordedNorInAnError() throws IOException {
        String secret = "s3cret" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        Cli.Result r = cli.run("run", "-H", "h1", "--env", "TOKEN=" + secret, "echo ${#TOKEN}");
        assertThat(r.out()).as(r.toString()).isEqualTo("h1: " + secret.length() + "\n");
        boolean masked = false;
        try (var files = Files.walk(Cli.STATE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                String text = Files.readString(file);
                assertThat(text).as(file.toString()).doesNotContain(secret);
                masked |= text.contains("\"TOKEN=******\"");
            }
        }
        assertThat(masked).as("the recorded command line shows the variable, masked").isTrue();

        Cli.Result bad = cli.run("run", "-H", "h1", "--env", "1TOKEN=" + secret, "true");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).isEqualTo("fanout: --env '1TOKEN': not a variable name (letters, digits and _, not "
                + "starting with a digit)\n");
    }

    @Test
    void envOfANameNotSetHereIsAUsageError() {
        Cli.Result r = cli.run("run", "-H", "h1", "--env", "FANOUT_SURELY_UNSET", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: --env FANOUT_SURELY_UNSET: FANOUT_SURELY_UNSET is not set here "
                + "(give a value: --env FANOUT_SURELY_UNSET=VALUE)\n");
    }

    @Test
    void templatesInTheCommandBecomeEachHostsNameAddressAndUser() {
        Cli.Result r = cli.run("run", "-H", "h1,web02", "echo %h at %a as %u, 100%%");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lines(r.out())).containsExactlyInAnyOrder(
                "h1: h1 at " + lab.host("h1").address() + " as fanout, 100%",
                "web02: web02 at " + lab.host("web02").address() + " as fanout, 100%");
        assertThat(cli.run("history").out()).contains("run: echo %h at %a as %u, 100%%");
    }

    @Test
    void aPercentThatIsNoTemplateReachesTheShellAsItIs() {
        Cli.Result r = cli.run("run", "-H", "h1", "printf '%s|%d|' x 5; echo 50%");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("h1: x|5|50%\n");
    }

    @Test
    void aValueThatAShellWouldNeedQuotedIsRefusedBeforeAnyHostIsContacted() {
        Cli.Result r = cli.run("run", "-H", "h1", "-l", "o'brien; rm", "echo %u > /tmp/nothing-%h");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: h1: %u would put 'o'brien; rm' in the command, which a shell would "
                + "not take as it is\n");
        assertThat(onHost("h1", "/tmp/nothing-h1")).doesNotExist();
    }

    @Test
    void putGivesEachHostItsOwnFileFromALocalTemplate(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("conf"));
        for (String host : List.of("h1", "h2", "db01")) {
            Files.writeString(dir.resolve("conf/" + host + ".conf"), "conf of " + host + "\n");
        }

        Cli.Result r = cli.run("put", "-H", "h1,h2,db01", dir + "/conf/%h.conf", "/tmp/app-%h.conf");

        assertThat(r.exit()).as(r.toString()).isZero();
        for (String host : List.of("h1", "h2", "db01")) {
            assertThat(onHost(host, "/tmp/app-" + host + ".conf")).hasContent("conf of " + host);
        }
        assertThat(cli.run("history").out()).contains("put: " + dir + "/conf/%h.conf -> /tmp/app-%h.conf");
    }

    @Test
    void aHostWithoutItsLocalFileIsAUsageErrorBeforeAnyHostIsContacted(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("h1.conf"), "h1\n");

        Cli.Result r = cli.run("put", "-H", "h1,h3", dir + "/%h.conf", "/tmp/missing-one-%h.conf");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: " + dir + "/h3.conf: no such file or directory (LOCAL for h3)\n");
        assertThat(onHost("h1", "/tmp/missing-one-h1.conf")).doesNotExist();
    }

    @Test
    void getIntoATemplatedDirectoryGivesEachHostItsOwnAndRefusesOneThatWouldMixHosts(@TempDir Path dir)
            throws IOException {
        for (String host : List.of("web01", "web02")) {
            Files.createDirectories(onHost(host, "/etc"));
            Files.writeString(onHost(host, "/etc/" + host + ".id"), "id of " + host + "\n");
        }

        Cli.Result r = cli.run("get", "-H", "web01,web02", "/etc/%h.id", dir + "/backup/%h-etc");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(dir.resolve("backup/web01-etc/web01.id")).hasContent("id of web01");
        assertThat(dir.resolve("backup/web02-etc/web02.id")).hasContent("id of web02");

        Cli.Result mixed = cli.run("get", "-H", "web01,web02", "/etc/%h.id", dir + "/by-user/%u");
        assertThat(mixed.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(mixed.err()).isEqualTo("fanout: LOCALDIR '" + dir + "/by-user/%u': web01 and web02 would both "
                + "write into " + dir + "/by-user/fanout (%h tells hosts apart)\n");
        assertThat(dir.resolve("by-user/fanout")).as("nothing was fetched").isEmptyDirectory();
    }
}
