package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import dev.fanout.testkit.ClientKey;
import dev.fanout.testkit.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The CLI end to end against OpenSSH's sshd on loopback: every inventory host below is the same daemon under
 * another name (h1 logs in with a password, the others with a key), with host keys checked against a known_hosts
 * holding only the daemon's ssh-ed25519 key, as OpenSSH writes it. Skipped where sshd or root is missing (CI has
 * both).
 */
class AgainstOpenSshTest {
    @TempDir
    static Path dir;
    private static OpenSshServer sshd;
    private static Path knownHosts;
    private static Path inventory;
    private static ClientKey key;

    @BeforeAll
    static void startSshd() throws IOException {
        OpenSshServer.assumeAvailable();
        sshd = OpenSshServer.start();
        key = ClientKey.generateEd25519(dir.resolve("id_ed25519"));
        sshd.authorizeKey(key.publicKeyLine());
        knownHosts = sshd.writeKnownHosts(dir.resolve("known_hosts"), "ssh-ed25519");
        inventory = writeInventory("hosts.ini", knownHosts, sshd.port());
    }

    @AfterAll
    static void stopSshd() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static Path writeInventory(String name, Path knownHostsFile, int port) throws IOException {
        String text = """
                [DEFAULT]
                address = %s
                port = %d
                user = %s
                identity_file = %s
                known_hosts = %s

                [h1]
                identity_file =
                password_env = H1_PASSWORD

                [h[2-3]]

                [web01]
                groups = web_clusters

                [db01]
                groups = db_servers
                """.formatted(sshd.address(), port, sshd.user(), key.privateKey(), knownHostsFile);
        return Files.writeString(dir.resolve(name), text);
    }

    private static Cli cli(Path inventoryFile) {
        return new Cli().env("FANOUT_INVENTORY", inventoryFile.toString()).env("H1_PASSWORD", sshd.password());
    }

    @Test
    void theSeedRunLineWorksAgainstOpenSsh() {
        Cli.Result r = cli(inventory).run("batch_run", "-h", "h1,h2,h3", "-g", "web_clusters,db_servers",
                "-cmd", "df -h");

        assertThat(r.exit()).as(r.toString()).isZero();
        for (String host : List.of("h1", "h2", "h3", "web01", "db01")) {
            assertThat(r.out()).contains(host + ": Filesystem");
        }
        assertThat(r.err()).contains("5 ok");
    }

    @Test
    void theSeedPutAndGetLinesWorkAgainstOpenSsh() throws IOException {
        String name = "fanout-seed-" + ThreadLocalRandom.current().nextInt(1 << 30) + ".py";
        Path local = Files.writeString(dir.resolve(name), "print('seed')\n");
        Path remote = Path.of("/tmp", name);
        try {
            Cli.Result put = cli(inventory).run("batch_scp", "-h", "h1,h2,h3", "-g", "web_clusters,db_servers",
                    "-action", "put", "-local", local.toString(), "-remote", "/tmp/");
            assertThat(put.exit()).as(put.toString()).isZero();
            assertThat(remote).hasContent("print('seed')");

            Path logs = dir.resolve("logs");
            Cli.Result get = cli(inventory).run("batch_scp", "-h", "h2", "-g", "db_servers", "-action", "get",
                    "-remote", remote.toString(), "-local", logs + "/");
            assertThat(get.exit()).as(get.toString()).isZero();
            assertThat(logs.resolve("h2").resolve(name)).hasContent("print('seed')");
            assertThat(logs.resolve("db01").resolve(name)).hasContent("print('seed')");
        } finally {
            Files.deleteIfExists(remote);
        }
    }

    @Test
    void aNonZeroExitIsAFailureAndMaxrcReturnsIt() {
        Cli.Result r = cli(inventory).run("run", "-H", "h1,h2", "-S", "[ $(id -un) = fanouttest ] && exit 7");

        assertThat(r.exit()).as(r.toString()).isEqualTo(7);
        assertThat(r.err()).contains("failed       h[1-2]: exit code 7");
    }

    @Test
    void aHostNamedOnlyInTheInventoryIsReachedThroughTheSshConfigAsSshWouldReachIt() throws IOException {
        Path bare = Files.writeString(dir.resolve("bare.ini"), "[db99]\n[db98]\ngroups = spare\n");
        Path config = Files.writeString(dir.resolve("ssh_config"), """
                Host db9?
                    HostName %s
                    IdentityFile %s
                    UserKnownHostsFile %s
                Match originalhost db99
                    User %s
                Host *
                    Port %d
                    User nobody-by-default
                """.formatted(sshd.address(), key.privateKey(), knownHosts, sshd.user(), sshd.port()));

        Cli.Result viaOption = cli(bare).run("run", "-F", config.toString(), "-H", "db99", "id -un");
        Cli.Result viaEnvironment = cli(bare).env("FANOUT_SSH_CONFIG", config.toString())
                .run("run", "-H", "db99", "echo $SSH_CONNECTION");
        Cli.Result hosts = cli(bare).run("hosts", "--ssh-config", config.toString());
        Cli.Result without = cli(bare).run("run", "-F", "none", "-H", "db99", "true");

        assertThat(viaOption.exit()).as(viaOption.toString()).isZero();
        assertThat(viaOption.out()).isEqualTo("db99: " + sshd.user() + "\n");
        assertThat(viaEnvironment.exit()).as(viaEnvironment.toString()).isZero();
        assertThat(viaEnvironment.out()).endsWith(" " + sshd.port() + "\n");
        assertThat(hosts.out())
                .containsPattern("db99 +" + sshd.address() + " +" + sshd.port() + " +" + sshd.user()
                        + " +key id_ed25519")
                .containsPattern("db98 +" + sshd.address() + " +" + sshd.port()
                        + " +nobody-by-default +key id_ed25519");
        assertThat(without.exit()).as(without.toString()).isEqualTo(ExitCodes.UNREACHABLE);
    }

    @Test
    void withoutAnInventoryTheHostsNamedOnTheCommandLineAreReachedThroughTheSshConfig() throws IOException {
        Path config = Files.writeString(dir.resolve("ssh_config_adhoc"), """
                Host node*
                    HostName %s
                    Port %d
                    User %s
                    IdentityFile %s
                    UserKnownHostsFile %s
                """.formatted(sshd.address(), sshd.port(), sshd.user(), key.privateKey(), knownHosts));
        Cli noInventory = new Cli().env("FANOUT_SSH_CONFIG", config.toString());

        Cli.Result r = noInventory.run("run", "-w", "node[1-3]", "-x", "node2", "echo up");
        Cli.Result seed = noInventory.run("batch_run", "-h", "node7", "-cmd", "echo seed");
        Cli.Result group = noInventory.run("run", "-g", "web", "true");
        Cli.Result badName = noInventory.run("run", "-H", "me@node1", "true");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().sorted().toList()).containsExactly("node1: up", "node3: up");
        assertThat(seed.out()).isEqualTo("node7: seed\n");
        assertThat(group.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(group.err()).startsWith("fanout: no inventory: give -i FILE");
        assertThat(badName.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(badName.err()).startsWith("fanout: hosts given without an inventory: bad host name 'me@node1'");
    }

    @Test
    void hostsBehindAJumpHostAreReachedThroughOneSessionToIt() throws IOException {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.42.1"))) {
            Path config = Files.writeString(dir.resolve("ssh_config_jump"), jumpConfig("127.1.42.*", sshd.port()));
            long loginsBefore = sshd.log().lines().filter(l -> l.contains("Accepted publickey")).count();

            Cli behind = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString())
                    .env("FANOUT_SSH_CONFIG", config.toString());
            Cli.Result r = behind.run("run", "-a", "hostname");
            Cli.Result hosts = behind.run("hosts", "-H", "web01");

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out()).contains("web01: web01\n", "db02: db02\n");
            assertThat(r.err()).contains("9 ok");
            long logins = sshd.log().lines().filter(l -> l.contains("Accepted publickey")).count() - loginsBefore;
            assertThat(logins).as("logins to the jump host").isEqualTo(1);
            assertThat(hosts.out()).startsWith("NAME").containsPattern("\nweb01 .* jumpbox ");
        }
    }

    @Test
    void aJumpHostThatCannotBeReachedFailsEveryHostBehindItWithThatReason() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.43.1"))) {
            Path config = Files.writeString(dir.resolve("ssh_config_nojump"), jumpConfig("127.1.43.*", closed));

            Cli.Result r = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString())
                    .env("FANOUT_SSH_CONFIG", config.toString()).run("run", "-H", "h1,h2", "true");

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(r.err()).contains("unreachable  h[1-2]: jump host jumpbox: ").containsIgnoringCase("refused");
        }
    }

    private String jumpConfig(String behind, int jumpPort) {
        return """
                Host %s
                    ProxyJump jumpbox
                Host jumpbox
                    HostName %s
                    Port %d
                    User %s
                    IdentityFile %s
                    UserKnownHostsFile %s
                """.formatted(behind, sshd.address(), jumpPort, sshd.user(), key.privateKey(), knownHosts);
    }

    @Test
    void aHostThatNeedsAProxyCommandFailsWithThatReasonWhileTheOthersRun() throws IOException {
        Path config = Files.writeString(dir.resolve("ssh_config_proxy"), "Host web01\n    ProxyCommand nc %h %p\n");
        // web01 has no address of its own here, so its name is what the Host line matches.
        Path file = Files.writeString(dir.resolve("proxy.ini"), Files.readString(inventory)
                .replace("[web01]", "[web01]\naddress =\n"));

        Cli.Result r = cli(file).run("run", "-F", config.toString(), "-H", "h2,web01", "echo hi");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.out()).isEqualTo("h2: hi\n");
        assertThat(r.err()).contains("web01: fanout cannot connect through ProxyCommand nc %h %p (" + config + ":2)");
        Cli.Result hosts = cli(file).run("hosts", "-F", config.toString(), "-H", "h2,web01");
        assertThat(hosts.out()).containsPattern("(?m)^NAME .* VIA +GROUPS$").containsPattern("(?m)^web01 .* ProxyCommand ")
                .containsPattern("(?m)^h2 .* -$");
    }

    @Test
    void aMistakeInTheSshConfigIsAUsageErrorNamingItsLine() throws IOException {
        Path config = Files.writeString(dir.resolve("ssh_config_bad"), "Host *\n    Port twenty-two\n");

        Cli.Result r = cli(inventory).run("run", "-F", config.toString(), "-H", "h2", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: " + config + ":2: bad Port 'twenty-two': expected a number from 1 to "
                + "65535 or a service name (for host h2)\n");
    }

    @Test
    void anUnknownHostKeyFailsUntilAcceptNewRecordsIt() throws IOException {
        Path empty = Files.writeString(dir.resolve("known_hosts_empty"), "");
        Path file = writeInventory("unknown.ini", empty, sshd.port());

        Cli.Result refused = cli(file).run("run", "-H", "h2", "true");
        Cli.Result accepted = cli(file).run("run", "-H", "h2", "--accept-new", "echo in");
        Cli.Result again = cli(file).run("run", "-H", "h2", "echo again");

        assertThat(refused.exit()).as(refused.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(refused.err()).contains("unreachable  h2: ").contains("not known");
        assertThat(accepted.exit()).as(accepted.toString()).isZero();
        assertThat(Files.readString(empty)).contains(sshd.knownHostsName());
        assertThat(again.out()).isEqualTo("h2: again\n");
    }

    @Test
    void aChangedHostKeyIsRefusedEvenWithAcceptNew() throws IOException {
        String otherKey = ClientKey.generateEd25519(dir.resolve("impostor")).publicKeyLine().split(" ")[1];
        Path wrong = Files.writeString(dir.resolve("known_hosts_wrong"),
                sshd.knownHostsName() + " ssh-ed25519 " + otherKey + "\n");
        Path file = writeInventory("changed.ini", wrong, sshd.port());

        Cli.Result r = cli(file).run("run", "-H", "h3", "--accept-new", "true");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).contains("CHANGED");
        assertThat(Files.readString(wrong)).contains(otherKey);
    }

    @Test
    void theTimeoutKillsTheRemoteProcess() throws InterruptedException {
        String marker = "sleep 30" + ThreadLocalRandom.current().nextInt(100, 999);

        Cli.Result r = cli(inventory).run("run", "-H", "web01", "-u", "1s", marker + "; echo never");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.TIMED_OUT);
        assertThat(r.out()).doesNotContain("never");
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (!sshd.processesOf(marker).isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(sshd.processesOf(marker)).as("the remote command is gone").isEmpty();
    }

    @Test
    void aRefusedPortIsUnreachable() throws IOException {
        int closed;
        try (ServerSocket s = new ServerSocket(0)) {
            closed = s.getLocalPort();
        }
        Path file = writeInventory("refused.ini", knownHosts, closed);

        Cli.Result r = cli(file).run("run", "-H", "db01", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.UNREACHABLE);
        assertThat(r.err()).containsIgnoringCase("refused");
    }

    @Test
    void permissionDeniedOnOneHostDoesNotStopTheOthers() throws IOException {
        String target = "/tmp/fanout-denied-" + ThreadLocalRandom.current().nextInt(1 << 30);
        Path locked = Files.createDirectories(Path.of(target));
        Files.setPosixFilePermissions(locked, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path local = Files.writeString(dir.resolve("payload.txt"), "payload\n");
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.40.1"))) {
            Path mixed = dir.resolve("mixed.ini");
            Files.writeString(mixed, Files.readString(lab.inventory()) + """

                    [osh01]
                    address = %s
                    port = %d
                    user = %s
                    identity_file = %s
                    known_hosts = %s
                    """.formatted(sshd.address(), sshd.port(), sshd.user(), key.privateKey(), knownHosts));
            Cli.Result r = new Cli().env("FANOUT_INVENTORY", mixed.toString())
                    .run("put", "-g", "web_clusters", "-H", "osh01", local.toString(), target + "/");

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
            assertThat(r.err()).contains("failed       osh01: ").contains("permission denied")
                    .contains("ok           web[01-04]");
            assertThat(lab.host("web02").root().resolve(target.substring(1)).resolve("payload.txt"))
                    .hasContent("payload");
        } finally {
            Files.deleteIfExists(locked);
        }
    }
}
