package dev.fanout.cli;

import dev.fanout.testkit.ClientKey;
import dev.fanout.testkit.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fanout run --tty, --env and templates end to end against OpenSSH's sshd, which accepts the variables named
 * {@code FANOUT_*} (its AcceptEnv) and refuses the others. The two inventory hosts are the same daemon. Skipped where
 * sshd or root is missing (CI has both).
 */
class LaunchAgainstOpenSshCliTest {
    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static Cli cli;

    @BeforeAll
    static void startSshd() throws IOException {
        OpenSshServer.assumeAvailable();
        sshd = OpenSshServer.startWith(List.of("AcceptEnv FANOUT_*"));
        ClientKey key = ClientKey.generateEd25519(dir.resolve("id_ed25519"));
        sshd.authorizeKey(key.publicKeyLine());
        Path knownHosts = sshd.writeKnownHosts(dir.resolve("known_hosts"), "ssh-ed25519");
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [DEFAULT]
                address = %s
                port = %d
                user = %s
                identity_file = %s
                known_hosts = %s

                [h[1-2]]
                """.formatted(sshd.address(), sshd.port(), sshd.user(), key.privateKey(), knownHosts));
        cli = new Cli().env("FANOUT_INVENTORY", inventory.toString());
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static List<String> lines(String text) {
        return text.isEmpty() ? List.of() : Arrays.asList(text.split("\n"));
    }

    @Test
    void ttyGivesTheCommandATerminalWhoseLinesArriveWholeAndWithoutCarriageReturns() {
        Cli.Result r = cli.run("run", "-a", "--tty", "[ -t 0 ] && [ -t 1 ] && echo terminal; echo oops >&2; exit 2");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(lines(r.out())).containsExactlyInAnyOrder("h1: terminal", "h2: terminal", "h1: oops", "h2: oops");
    }

    @Test
    void aCommandInATerminalIsKilledAtTheTimeout() throws InterruptedException {
        String marker = "sleep 3" + ThreadLocalRandom.current().nextInt(100, 999);
        long start = System.nanoTime();
        Cli.Result r = cli.run("run", "-H", "h1", "--tty", "-u", "1", marker + "; echo never");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!sshd.processesOf(marker).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sshd.processesOf(marker)).as("the remote command is gone").isEmpty();
    }

    @Test
    void envSetsAcceptedAndRefusedVariablesAlikeAndTemplatesNameEachHost() {
        Cli.Result r = cli.env("FANOUT_FROM_HERE", "local 'quoted' value").run("run", "-a",
                "--env", "FANOUT_TOKEN=t0ken", "--env", "FANOUT_FROM_HERE", "--env", "PLAIN=$(not run)",
                "echo \"%h as %u: $FANOUT_TOKEN|$FANOUT_FROM_HERE|$PLAIN\"");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(lines(r.out())).containsExactlyInAnyOrder(
                "h1: h1 as " + sshd.user() + ": t0ken|local 'quoted' value|$(not run)",
                "h2: h2 as " + sshd.user() + ": t0ken|local 'quoted' value|$(not run)");
    }
}
