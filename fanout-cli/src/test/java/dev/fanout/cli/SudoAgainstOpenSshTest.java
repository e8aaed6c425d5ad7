package dev.fanout.cli;

import dev.fanout.testkit.ClientKey;
import dev.fanout.testkit.OpenSshServer;
import dev.fanout.testkit.SudoRules;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code --sudo} end to end against OpenSSH's sshd, with sudo rules for the throw-away user (root with its password,
 * {@value SudoRules#NO_PASSWORD_USER} without one). Skipped where root, sshd or sudo is missing (CI has them).
 */
class SudoAgainstOpenSshTest {
    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static SudoRules rules;
    private static Path inventory;

    @BeforeAll
    static void start() throws IOException {
        rules = SudoRules.install();
        sshd = OpenSshServer.start();
        ClientKey key = ClientKey.generateEd25519(dir.resolve("id_ed25519"));
        sshd.authorizeKey(key.publicKeyLine());
        Path knownHosts = sshd.writeKnownHosts(dir.resolve("known_hosts"), "ssh-ed25519");
        inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [DEFAULT]
                address = %s
                port = %d
                user = %s
                identity_file = %s
                known_hosts = %s

                [h[1-2]]

                [db01]
                become = yes
                become_password_env = DB01_SUDO
                """.formatted(sshd.address(), sshd.port(), sshd.user(), key.privateKey(), knownHosts));
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
        if (rules != null) {
            rules.close();
        }
    }

    private static Cli cli() {
        return new Cli().env("FANOUT_INVENTORY", inventory.toString()).env("DB01_SUDO", sshd.password());
    }

    private static Cli asking(String password, AtomicInteger asked) {
        return cli().prompt(question -> {
            asked.incrementAndGet();
            return password.toCharArray();
        });
    }

    @Test
    void sudoWithTheRightPasswordRunsTheCommandAsRootAndAsksOnce() {
        var asked = new AtomicInteger();
        Cli.Result r = asking(sshd.password(), asked).run("run", "-H", "h[1-2]", "--sudo", "-K",
                "id -un; echo to-stderr >&2");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(asked).hasValue(1);
        assertThat(r.out()).contains("h1: root", "h2: root");
        assertThat(r.err()).contains("h1: to-stderr").doesNotContain("fanout-sudo", "[sudo]", "password");
    }

    @Test
    void aWrongSudoPasswordFailsThatHostWithItsReasonWithinSeconds() {
        long start = System.nanoTime();
        Cli.Result r = asking("not-the-password", new AtomicInteger()).run("run", "-H", "h1", "--sudo", "-K",
                "echo never");

        assertThat(System.nanoTime() - start).isLessThan(15_000_000_000L);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(r.out()).doesNotContain("never");
        assertThat(r.err()).contains("h1: failed: sudo: incorrect password").doesNotContain("fanout-sudo",
                "not-the-password");
    }

    @Test
    void sudoThatAsksForAPasswordNoneWasGivenForFailsAtOnceAndSaysSo() {
        long start = System.nanoTime();
        Cli.Result r = cli().run("run", "-H", "h1", "--sudo", "echo never");

        assertThat(System.nanoTime() - start).isLessThan(10_000_000_000L);
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(r.err()).contains("h1: failed: sudo: a password is required").doesNotContain("fanout-sudo");
    }

    @Test
    void aHostWhoseSudoNeedsNoPasswordRunsAndNeverReceivesThePasswordAsInput() {
        Cli.Result r = asking(sshd.password(), new AtomicInteger()).run("run", "-H", "h1", "-U",
                SudoRules.NO_PASSWORD_USER, "-K", "id -un; cat; echo end");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("h1: " + SudoRules.NO_PASSWORD_USER + "\nh1: end\n");
    }

    @Test
    void theCommandsInputFollowsSudosPassword() {
        Cli.Result r = asking(sshd.password(), new AtomicInteger())
                .input(new ByteArrayInputStream("line one\nline two\n".getBytes(StandardCharsets.UTF_8)))
                .run("run", "-H", "h1", "--sudo", "-K", "-I", "id -un; cat");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("h1: root\nh1: line one\nh1: line two\n");
    }

    @Test
    void theInventorysBecomeAndBecomePasswordEnvRunThatHostThroughSudoAlone() {
        Cli.Result r = cli().run("run", "-H", "h1,db01", "id -un");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("h1: " + sshd.user(), "db01: root");
    }

    @Test
    void thePasswordIsInNoProcessListingRecordJsonOrErrorWhileAndAfterTheRun() throws Exception {
        String password = sshd.password();
        var seen = new ArrayList<String>();
        var done = new AtomicBoolean();
        Thread watcher = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                seen.addAll(processesHolding(password));
            }
        });
        Cli.Result right;
        Cli.Result wrong;
        try {
            right = asking(password, new AtomicInteger()).run("run", "-H", "h[1-2]", "--sudo", "-K", "--json",
                    "sleep 1; id -un");
            wrong = asking(password + "x", new AtomicInteger()).run("run", "-H", "h1", "--sudo", "-K",
                    "sleep 1; id -un");
        } finally {
            done.set(true);
            watcher.join();
        }

        assertThat(right.exit()).as(right.toString()).isZero();
        assertThat(right.out()).contains("\"line\":\"root\"");
        assertThat(wrong.err()).contains("sudo: incorrect password");
        assertThat(seen).as("processes whose command line or environment holds the password").isEmpty();
        assertThat(right.out() + right.err() + wrong.out() + wrong.err()).doesNotContain(password);
        try (Stream<Path> files = Files.walk(Cli.STATE)) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                assertThat(Files.readString(file, StandardCharsets.ISO_8859_1)).as(file.toString())
                        .doesNotContain(password);
            }
        }
    }

    /** The processes whose command line or environment holds {@code secret}, as /proc shows them to root. */
    private static List<String> processesHolding(String secret) {
        byte[] needle = secret.getBytes(StandardCharsets.UTF_8);
        var found = new ArrayList<String>();
        try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
            for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                for (String file : List.of("cmdline", "environ")) {
                    try {
                        String text = new String(Files.readAllBytes(process.resolve(file)),
                                StandardCharsets.ISO_8859_1);
                        if (text.contains(new String(needle, StandardCharsets.ISO_8859_1))) {
                            found.add(process + "/" + file);
                        }
                    } catch (IOException e) {
                        // the process ended meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return found;
    }

    @Test
    void putWithSudoWritesIntoARootOnlyDirectoryWithTheModeAndOwnerAsked() throws IOException {
        Path target = Files.createDirectory(Path.of("/tmp", "fanout-root-only-"
                + ThreadLocalRandom.current().nextInt(1 << 30)));
        try {
            Files.setPosixFilePermissions(target, PosixFilePermissions.fromString("rwx------"));
            Path local = Files.writeString(dir.resolve("app.conf"), "setting = 1\n");
            Files.setPosixFilePermissions(local, PosixFilePermissions.fromString("rw-r--r--"));

            Cli.Result plain = cli().run("put", "-H", "h1", local.toString(), target + "/");
            Cli.Result sudo = asking(sshd.password(), new AtomicInteger()).run("put", "-H", "h1", "--sudo", "-K",
                    local.toString(), target + "/");
            Cli.Result owned = asking(sshd.password(), new AtomicInteger()).run("put", "-H", "h1", "--sudo", "-K",
                    "--mode", "0640", "--owner", sshd.user(), local.toString(), target + "/other.conf");

            assertThat(plain.exit()).as(plain.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
            assertThat(sudo.exit()).as(sudo.toString()).isZero();
            assertThat(owned.exit()).as(owned.toString()).isZero();
            Path copy = target.resolve("app.conf");
            assertThat(copy).hasContent("setting = 1");
            var attributes = Files.readAttributes(copy, PosixFileAttributes.class);
            assertThat(attributes.owner().getName()).isEqualTo("root");
            assertThat(PosixFilePermissions.toString(attributes.permissions())).isEqualTo("rw-r--r--");
            var other = Files.readAttributes(target.resolve("other.conf"), PosixFileAttributes.class);
            assertThat(other.owner().getName()).isEqualTo(sshd.user());
            assertThat(PosixFilePermissions.toString(other.permissions())).isEqualTo("rw-r-----");
            try (Stream<Path> left = Files.list(target)) {
                assertThat(left.map(p -> p.getFileName().toString()))
                        .containsExactlyInAnyOrder("app.conf", "other.conf");
            }
            Cli.Result staging = cli().run("run", "-H", "h1", "ls -a ~ | grep -c fanout-put || true");
            assertThat(staging.out()).isEqualTo("h1: 0\n");
        } finally {
            try (Stream<Path> paths = Files.walk(target)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
