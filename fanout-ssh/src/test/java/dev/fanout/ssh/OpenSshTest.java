package dev.fanout.ssh;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.copy.GetJob;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.TransportException;
import dev.fanout.testkit.ClientKey;
import dev.fanout.testkit.OpenSshServer;
import org.apache.sshd.common.kex.KexProposalOption;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The transport against a real OpenSSH sshd (skipped unless root with sshd installed, as in CI). One daemon serves
 * the whole class; each test has its own user home and known_hosts.
 */
class OpenSshTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private static OpenSshServer sshd;

    @TempDir
    Path home;

    private final List<MinaTransport> transports = new ArrayList<>();
    private Path knownHosts;

    @BeforeAll
    static void startDaemon() throws Exception {
        sshd = OpenSshServer.start();
    }

    @AfterAll
    static void stopDaemon() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void knowTheDaemon() throws Exception {
        knownHosts = sshd.writeKnownHosts(home.resolve(".ssh/known_hosts"), "ssh-ed25519");
    }

    @AfterEach
    void closeTransports() {
        transports.forEach(MinaTransport::close);
    }

    private MinaTransport transport(HostKeyPolicy policy) {
        var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home)
                .withHostKeyPolicy(policy));
        transports.add(transport);
        return transport;
    }

    private MinaTransport transport() {
        return transport(HostKeyPolicy.STRICT);
    }

    private static Host host() {
        return Host.of("sshd", sshd.address(), sshd.port(), sshd.user());
    }

    private static Host withPassword() {
        return host().withPassword(Secret.of(sshd.password()));
    }

    private Connection connect() throws Exception {
        return transport().connect(withPassword(), TIMEOUT);
    }

    @Test
    void aPasswordLogsInAndTheCommandRunsAsTheUser() throws Exception {
        try (Connection connection = connect()) {
            assertThat(Runs.run(connection, "id -un; echo oops >&2; exit 7"))
                    .isEqualTo(new Runs(sshd.user() + "\n", "oops\n", 7));
        }
    }

    @Test
    void closingSaysGoodbyeLikeOpenSshsClient() throws Exception {
        // sshd logs "Received disconnect ... disconnected by user" for SSH_MSG_DISCONNECT, "Connection closed by"
        // for a bare end-of-file, after which its session processes exit the slow way (see MinaConnection#close).
        long before = goodbyes();
        try (Connection connection = connect()) {
            assertThat(Runs.run(connection, "true").exitCode()).isZero();
        }
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (goodbyes() == before && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(goodbyes()).as(sshd.log()).isEqualTo(before + 1);
    }

    private static long goodbyes() {
        return sshd.log().lines().filter(line -> line.contains(": disconnected by user")).count();
    }

    @Test
    void anEd25519KeyLogsIn() throws Exception {
        ClientKey key = ClientKey.generateEd25519(home.resolve(".ssh/id_ed25519"));
        sshd.authorizeKey(key.publicKeyLine());
        try (Connection connection = transport().connect(host(), TIMEOUT)) {
            assertThat(Runs.run(connection, "echo key").stdout()).isEqualTo("key\n");
        }
    }

    @Test
    void anRsaKeyHeldByTheAgentLogsInWithSha2Signatures() throws Exception {
        // OpenSSH 8.8+ refuses SHA-1 "ssh-rsa" signatures: this passes only if the agent is asked for rsa-sha2.
        ClientKey rsa = ClientKey.generate(home.resolve("keys/agent-rsa"), "rsa", "");
        sshd.authorizeKey(rsa.publicKeyLine());
        try (SshAgentProcess agent = SshAgentProcess.start(home.resolve("agent.sock"))) {
            agent.add(rsa.privateKey());
            var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home)
                    .withAgentSocket(agent.socket()));
            transports.add(transport);
            try (Connection connection = transport.connect(host(), TIMEOUT)) {
                assertThat(Runs.run(connection, "echo agent").stdout()).isEqualTo("agent\n");
            }
        }
    }

    @Test
    void aWrongPasswordFailsWithAuth() {
        assertThatThrownBy(() -> transport().connect(host().withPassword(Secret.of("wrong")), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                    assertThat(e.reason()).isEqualTo("authentication failed: tried password;"
                            + " server allows publickey, password");
                });
    }

    @Test
    void anEd25519OnlyKnownHostsIsEnoughAlthoughTheDaemonAlsoHasAnEcdsaKey() throws Exception {
        assertThat(Files.readString(knownHosts)).contains("ssh-ed25519").doesNotContain("ecdsa");
        try (Connection connection = connect()) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void anEcdsaOnlyKnownHostsIsEnoughToo() throws Exception {
        sshd.writeKnownHosts(knownHosts, "ecdsa-sha2-nistp256");
        try (Connection connection = connect()) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void acceptNewRecordsTheEd25519KeyAsOpenSshWouldWriteIt() throws Exception {
        Files.delete(knownHosts);
        try (Connection connection = transport(HostKeyPolicy.ACCEPT_NEW).connect(withPassword(), TIMEOUT)) {
            assertThat(Runs.run(connection, "true").exitCode()).isZero();
        }
        assertThat(Files.readString(knownHosts)).isEqualTo(sshd.hostKeyLine("ssh-ed25519") + "\n");
    }

    @Test
    void aCommandKilledBySignalReports128PlusTheSignal() throws Exception {
        try (Connection connection = connect()) {
            assertThat(Runs.run(connection, "kill -KILL $$").exitCode()).isEqualTo(137);
            assertThat(Runs.run(connection, "kill -TERM $$").exitCode()).isEqualTo(143);
        }
    }

    @Test
    void killStopsTheRemoteProcessGroup() throws Exception {
        String marker = "sleep 3" + ThreadLocalRandom.current().nextInt(100, 999);
        try (Connection connection = connect()) {
            RemoteProcess process = connection.start(marker + "; echo never");
            CompletableFuture<String> out = Runs.readAll(process.stdout());
            awaitProcesses(marker, true);
            long start = System.nanoTime();
            process.kill();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
            awaitProcesses(marker, false);
            assertThat(out.get()).doesNotContain("never");
            assertThat(process.waitFor(Duration.ofSeconds(1))).as("exit by SIGTERM").hasValue(143);
        }
    }

    private static void awaitProcesses(String marker, boolean present) throws InterruptedException {
        awaitProcesses(sshd, marker, present);
    }

    private static void awaitProcesses(OpenSshServer daemon, String marker, boolean present)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (daemon.processesOf(marker).isEmpty() == present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("processes matching '" + marker + "' " + (present ? "never appeared"
                        : "still run: " + daemon.processesOf(marker)));
            }
            Thread.sleep(20);
        }
    }

    @Test
    void closingTheConnectionAloneLeavesTheCommandRunningWhichTheFixtureCleansUp() throws Exception {
        String marker = "sleep 4" + ThreadLocalRandom.current().nextInt(100, 999);
        try (OpenSshServer own = OpenSshServer.start()) {
            own.writeKnownHosts(knownHosts, "ed25519");
            Host host = Host.of("own", own.address(), own.port(), own.user())
                    .withPassword(Secret.of(own.password()));
            try (Connection connection = transport().connect(host, TIMEOUT)) {
                connection.start(marker + "; echo never");
                awaitProcesses(own, marker, true);
            }
            Thread.sleep(300);
            assertThat(own.processesOf(marker)).as("OpenSSH does not stop a command when its session closes")
                    .isNotEmpty();
            own.close();
            awaitProcesses(own, marker, false);
        }
    }

    @Test
    void inputReachesTheCommandWholeAndACommandThatStopsReadingStillEnds() throws Exception {
        try (Connection connection = connect()) {
            Runs.checkInputReachesTheCommand(connection);
        }
    }

    @Test
    void aC1OnlyJvmTalksChaCha20Poly1305ToOpenSshBothWays() throws Exception {
        MinaTransport chacha = new MinaTransport(transport().options().withChaCha20First(true));
        transports.add(chacha);
        ByteBuffer input = Runs.lines(100_000);
        try (Connection connection = chacha.connect(withPassword(), TIMEOUT)) {
            var session = ((MinaConnection) connection).session();
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.C2SENC))
                    .isEqualTo("chacha20-poly1305@openssh.com");
            assertThat(session.getNegotiatedKexParameter(KexProposalOption.S2CENC))
                    .isEqualTo("chacha20-poly1305@openssh.com");
            assertThat(Runs.run(connection, "sha256sum; head -c 300000 /dev/zero", input).stdout())
                    .isEqualTo(Runs.sha256(input) + "  -\n" + "\0".repeat(300_000));
        }
    }

    @Test
    void hundredMegabytesOfOutputStayWithinTheWindowUntilRead() throws Exception {
        long size = 100L * 1000 * 1000;
        try (Connection connection = connect();
             RemoteProcess process = connection.start("head -c " + size + " /dev/zero")) {
            CompletableFuture<String> err = Runs.readAll(process.stderr());
            Thread.sleep(500);
            assertThat((long) process.stdout().available()).isLessThanOrEqualTo(MinaConnection.EXEC_WINDOW);
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            InputStream stdout = process.stdout();
            for (int n; (n = stdout.read(buffer)) >= 0; ) {
                total += n;
            }
            assertThat(total).isEqualTo(size);
            assertThat(process.waitFor(TIMEOUT)).hasValue(0);
            assertThat(err.get()).isEmpty();
        }
    }

    @Test
    void sftpWritesReadsRenamesAndSetsAttributes() throws Exception {
        String dir = sshd.userDirectory() + "/sftp-" + ThreadLocalRandom.current().nextInt(1_000_000);
        try (Connection connection = connect(); RemoteFiles files = connection.files()) {
            files.mkdir(dir);
            assertThatThrownBy(() -> files.mkdir(dir)).isInstanceOfSatisfying(RemoteFileException.class,
                    e -> assertThat(e.kind()).isEqualTo(RemoteFileException.Kind.ALREADY_EXISTS));
            try (OutputStream out = files.write(dir + "/next.tmp")) {
                out.write("new content".getBytes(StandardCharsets.UTF_8));
            }
            try (OutputStream out = files.write(dir + "/current")) {
                out.write("old".getBytes(StandardCharsets.UTF_8));
            }
            files.rename(dir + "/next.tmp", dir + "/current");
            try (InputStream in = files.read(dir + "/current")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("new content");
            }
            FileTime modified = FileTime.from(Instant.parse("2023-01-02T03:04:05Z"));
            files.setAttributes(dir + "/current", 0640, modified);
            RemoteFiles.RemoteFileAttributes attributes = files.stat(dir + "/current").orElseThrow();
            assertThat(attributes.permissions()).isEqualTo(0640);
            assertThat(attributes.modified()).isEqualTo(modified);
            assertThat(attributes.size()).isEqualTo(11);
            assertThat(files.list(dir)).extracting(RemoteFiles.RemoteDirectoryEntry::name)
                    .containsExactly("current");
            assertThat(Files.getOwner(Path.of(dir, "current")).getName()).isEqualTo(sshd.user());
            files.remove(dir + "/current");
            assertThat(files.stat(dir + "/current")).isEmpty();
        }
    }

    @Test
    void sftpReportsPermissionDeniedAndNoSuchFile() throws Exception {
        try (Connection connection = connect(); RemoteFiles files = connection.files()) {
            assertThatThrownBy(() -> files.write("/root/fanout-denied").close())
                    .isInstanceOfSatisfying(RemoteFileException.class, e -> {
                        assertThat(e.kind()).isEqualTo(RemoteFileException.Kind.PERMISSION_DENIED);
                        assertThat(e.getMessage()).isEqualTo("/root/fanout-denied: permission denied");
                    });
            assertThatThrownBy(() -> files.read("/etc/shadow").close())
                    .isInstanceOfSatisfying(RemoteFileException.class,
                            e -> assertThat(e.kind()).isEqualTo(RemoteFileException.Kind.PERMISSION_DENIED));
            assertThatThrownBy(() -> files.read("/nonexistent/file").close())
                    .isInstanceOfSatisfying(RemoteFileException.class,
                            e -> assertThat(e.kind()).isEqualTo(RemoteFileException.Kind.NO_SUCH_FILE));
        }
    }

    @Test
    void sftpTellsFifosDevicesAndLinksApartAndGetRefusesANamedFifoWithItsReason() throws Exception {
        Path dir = Files.createDirectory(sshd.userDirectory().resolve("kinds-" + ThreadLocalRandom.current().nextInt(1_000_000)));
        Process mkfifo = new ProcessBuilder("mkfifo", dir.resolve("pipe").toString()).start();
        assertThat(mkfifo.waitFor()).isZero();
        Files.createSymbolicLink(dir.resolve("link"), Path.of("pipe"));
        try (Connection connection = connect(); RemoteFiles files = connection.files()) {
            assertThat(files.stat(dir + "/pipe").orElseThrow().type()).isEqualTo(RemoteFiles.Type.FIFO);
            assertThat(files.stat("/dev/null").orElseThrow().type()).isEqualTo(RemoteFiles.Type.CHARACTER_DEVICE);
            assertThat(files.list(dir.toString())).extracting(e -> e.name() + " " + e.attributes().type())
                    .containsExactlyInAnyOrder("pipe FIFO", "link SYMBOLIC_LINK");

            for (String named : List.of(dir + "/pipe", "/dev/null")) {
                Outcome outcome = new GetJob(named, home.resolve("got"), CopyOptions.DEFAULT)
                        .execute(connection, new QuietContext(host()));
                assertThat(outcome).isEqualTo(new Outcome.Failed(named + ": not a regular file or directory: "
                        + (named.endsWith("pipe") ? "a fifo" : "a character device")));
            }
        }
    }
}
