package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code run --sudo} against the embedded lab, whose sudo checks each host's own password. */
class SudoAgainstLabTest {
    private static Lab lab;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.60.1"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    private static Cli cli(String password, AtomicInteger asked) {
        return new Cli().env("FANOUT_INVENTORY", lab.inventory().toString()).prompt(question -> {
            asked.incrementAndGet();
            return password.toCharArray();
        });
    }

    @Test
    void theRightPasswordIsGivenOnlyWhenSudoAsksAndTheCommandRunsAsRoot() {
        var asked = new AtomicInteger();
        Cli.Result r = cli(lab.host("h1").password(), asked).run("run", "-H", "h1", "--sudo", "-K",
                "echo $USER from $SUDO_USER");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(asked).hasValue(1);
        assertThat(r.out()).isEqualTo("h1: root from " + lab.user() + "\n");
        assertThat(r.err()).doesNotContain("fanout-sudo", "Sorry");
    }

    @Test
    void aWrongPasswordFailsEachHostAtSudosSecondPrompt() {
        long start = System.nanoTime();
        Cli.Result r = cli("wrong", new AtomicInteger()).run("run", "-H", "h1,h2", "--sudo", "-K", "echo never");

        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(r.out()).doesNotContain("never");
        assertThat(r.err()).contains("failed       h[1-2]: sudo: incorrect password").doesNotContain("fanout-sudo");
    }

    @Test
    void noPasswordWhereSudoAsksForOneFailsWithThatReason() {
        Cli.Result r = cli("unused", new AtomicInteger()).run("run", "-H", "h1", "--sudo", "echo never");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(r.err()).contains("h1: failed: sudo: a password is required");
    }

    @Test
    void becomingAUserWithoutAPasswordWorksAndTheCommandReadsNoPassword() {
        Cli.Result r = cli(lab.host("h1").password(), new AtomicInteger()).run("run", "-H", "h1", "-U", "nobody",
                "-K", "echo $USER; cat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("h1: nobody\n");
    }

    @Test
    void askBecomePassWithoutAnyHostGoingThroughSudoIsAUsageError() {
        Cli.Result r = cli("unused", new AtomicInteger()).run("run", "-H", "h1", "-K", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("--ask-become-pass: no selected host runs through sudo (add --sudo)");
    }

    @Test
    void aBadSudoUserModeOrOwnerIsAUsageErrorNamingTheValue() {
        Cli cli = cli("unused", new AtomicInteger());

        Cli.Result user = cli.run("run", "-H", "h1", "-U", "two words", "true");
        Cli.Result mode = cli.run("put", "-H", "h1", "--mode", "rw-r--r--", "pom.xml", "/tmp/");
        Cli.Result owner = cli.run("put", "-H", "h1", "--sudo", "--owner", "-r", "pom.xml", "/tmp/");

        assertThat(user.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(user.err()).contains("bad --sudo-user 'two words'");
        assertThat(mode.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(mode.err()).contains("bad --mode 'rw-r--r--': octal digits, e.g. 0640");
        assertThat(owner.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(owner.err()).contains("bad --owner '-r'");
    }

    @Test
    void anOwnerWithoutSudoFailsEachHostSayingWhy() throws IOException {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("fanout-owner", ".txt");
        try {
            Cli.Result r = cli("unused", new AtomicInteger()).run("put", "-H", "h1", "--owner", "root",
                    file.toString(), "/");

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
            assertThat(r.err()).contains("h1: failed: cannot give the files to root without sudo");
        } finally {
            java.nio.file.Files.delete(file);
        }
    }
}
