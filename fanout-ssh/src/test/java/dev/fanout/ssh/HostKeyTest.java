package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Host-key checking against known_hosts files in OpenSSH's format, with an in-process server. */
class HostKeyTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    @TempDir
    Path files;

    private InProcessServer server;
    private Path knownHosts;
    private final List<MinaTransport> transports = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start(files);
        knownHosts = home.resolve(".ssh/known_hosts");
    }

    @AfterEach
    void stop() throws Exception {
        transports.forEach(MinaTransport::close);
        server.close();
    }

    private MinaTransport transport(HostKeyPolicy policy) {
        var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home)
                .withHostKeyPolicy(policy));
        transports.add(transport);
        return transport;
    }

    private Host host() {
        return Host.of("web01", server.address(), server.port(), InProcessServer.USER)
                .withPassword(Secret.of(InProcessServer.PASSWORD));
    }

    private void writeKnownHosts(String... lines) throws Exception {
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, String.join("\n", lines) + "\n");
    }

    private void connects(MinaTransport transport, Host host) throws Exception {
        try (Connection connection = transport.connect(host, TIMEOUT)) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    private String fingerprint() {
        return "ssh-ed25519 " + KeyUtils.getFingerPrint(server.hostPublicKey());
    }

    @Test
    void aKeyRecordedForHostAndPortIsTrusted() throws Exception {
        writeKnownHosts("# a comment", "", server.hostKeyLine());
        connects(transport(HostKeyPolicy.STRICT), host());
    }

    @Test
    void anUnknownKeyFailsUnderStrictNamingItsFingerprintAndTheFile() throws Exception {
        assertThatThrownBy(() -> transport(HostKeyPolicy.STRICT).connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).as(e.getMessage()).isEqualTo(TransportException.Kind.HOST_KEY_UNKNOWN);
                    assertThat(e.detail()).isEqualTo(server.knownHostsName() + ": " + fingerprint());
                    assertThat(e.reason()).isEqualTo("host key is not known; verify it, then use --accept-new"
                            + " or add it to ~/.ssh/known_hosts");
                });
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void anUnknownKeyIsReportedAsUnknownEveryTimeHoweverFastTheSessionCloses() throws Exception {
        // MINA clears a closed session's attributes: the verdict must not live there (it once raced to CONNECT).
        MinaTransport transport = transport(HostKeyPolicy.STRICT);
        for (int i = 0; i < 60; i++) {
            assertThatThrownBy(() -> transport.connect(host(), TIMEOUT))
                    .isInstanceOfSatisfying(TransportException.class, e -> assertThat(e.kind()).as(e.getMessage())
                            .isEqualTo(TransportException.Kind.HOST_KEY_UNKNOWN));
        }
    }

    @Test
    void acceptNewRecordsAnUnknownKeyAndLaterConnectionsCheckIt() throws Exception {
        connects(transport(HostKeyPolicy.ACCEPT_NEW), host());
        assertThat(Files.readString(knownHosts)).isEqualTo(server.hostKeyLine() + "\n");
        connects(transport(HostKeyPolicy.STRICT), host());
    }

    @Test
    void acceptNewAppendsBelowExistingLinesEvenWithoutAFinalNewline() throws Exception {
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(knownHosts, "other.example ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl");
        connects(transport(HostKeyPolicy.ACCEPT_NEW), host());
        assertThat(Files.readAllLines(knownHosts)).hasSize(2).last().isEqualTo(server.hostKeyLine());
    }

    @Test
    void concurrentAcceptNewConnectionsRecordTheKeyOnce() throws Exception {
        MinaTransport transport = transport(HostKeyPolicy.ACCEPT_NEW);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var results = new ArrayList<Future<Object>>();
            for (int i = 0; i < 8; i++) {
                results.add(executor.submit((Callable<Object>) () -> {
                    connects(transport, host());
                    return null;
                }));
            }
            for (Future<Object> result : results) {
                result.get();
            }
        }
        assertThat(Files.readAllLines(knownHosts)).containsExactly(server.hostKeyLine());
    }

    @Test
    void aChangedKeyFailsEvenWithAcceptNewNamingTheLineToRemove() throws Exception {
        KeyPair other = InProcessServer.newHostKey();
        writeKnownHosts("# first line", server.knownHostsName() + " " + InProcessServer.keyText(other.getPublic()));
        assertThatThrownBy(() -> transport(HostKeyPolicy.ACCEPT_NEW).connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).isEqualTo("host key for " + server.knownHostsName()
                            + " has CHANGED (" + fingerprint() + "): possible man-in-the-middle;"
                            + " remove the old key from ~/.ssh/known_hosts:2 if the change is expected");
                });
        assertThat(Files.readAllLines(knownHosts)).hasSize(2);
    }

    @Test
    void aKeyInTheSystemsKnownHostsFileIsTrustedAndANewOneIsStillRecordedInTheUsersFile() throws Exception {
        Path system = Files.writeString(home.resolve("ssh_known_hosts"), server.hostKeyLine() + "\n");
        var withSystemFile = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home)
                .withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW)
                .withGlobalKnownHosts(List.of(home.resolve("none"), system)));
        transports.add(withSystemFile);

        connects(withSystemFile, host());

        assertThat(knownHosts).as("nothing new to record").doesNotExist();
        assertThat(Files.readString(system)).isEqualTo(server.hostKeyLine() + "\n");
    }

    @Test
    void aChangedKeyInTheSystemsFileIsRefusedNamingThatFileAndLine() throws Exception {
        KeyPair other = InProcessServer.newHostKey();
        Path system = Files.writeString(home.resolve("ssh_known_hosts"),
                "# managed\n" + server.knownHostsName() + " " + InProcessServer.keyText(other.getPublic()) + "\n");
        var withSystemFile = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home)
                .withHostKeyPolicy(HostKeyPolicy.ACCEPT_NEW).withGlobalKnownHosts(List.of(system)));
        transports.add(withSystemFile);

        assertThatThrownBy(() -> withSystemFile.connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).endsWith("remove the old key from ~/ssh_known_hosts:2 if the change"
                            + " is expected");
                });
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void theUsersKnownHosts2IsReadAsOpenSshReadsIt() throws Exception {
        Files.createDirectories(knownHosts.getParent());
        Files.writeString(home.resolve(".ssh/known_hosts2"), server.hostKeyLine() + "\n");

        connects(transport(HostKeyPolicy.STRICT), host());
    }

    @Test
    void aServerOfferingNoneOfTheKnownKeyTypesIsTreatedAsChanged() throws Exception {
        KeyPair ecdsa = KeyUtils.generateKeyPair("ecdsa-sha2-nistp256", 256);
        writeKnownHosts(server.knownHostsName() + " " + InProcessServer.keyText(ecdsa.getPublic()));
        assertThatThrownBy(() -> transport(HostKeyPolicy.ACCEPT_NEW).connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).contains("only ecdsa-sha2-nistp256 keys are known");
                });
    }

    @Test
    void aHashedEntryWrittenBySshKeygenIsTrusted() throws Exception {
        Path keygen = Path.of("/usr/bin/ssh-keygen");
        Assumptions.assumeTrue(Files.isExecutable(keygen), "needs ssh-keygen to hash known_hosts");
        writeKnownHosts(server.hostKeyLine());
        Process hashing = new ProcessBuilder(keygen.toString(), "-H", "-f", knownHosts.toString())
                .redirectErrorStream(true).start();
        hashing.getInputStream().readAllBytes();
        assertThat(hashing.waitFor()).isZero();
        assertThat(Files.readString(knownHosts)).startsWith("|1|").doesNotContain("127.0.0.1");
        connects(transport(HostKeyPolicy.STRICT), host());
    }

    @Test
    void aWildcardPatternEntryIsTrusted() throws Exception {
        writeKnownHosts("other.example,[127.0.0.?]:" + server.port() + " " + server.hostKeyText());
        connects(transport(HostKeyPolicy.STRICT), host());
    }

    @Test
    void aNegatedPatternExcludesTheHost() throws Exception {
        writeKnownHosts("*,!" + server.knownHostsName() + " " + server.hostKeyText());
        assertThatThrownBy(() -> transport(HostKeyPolicy.STRICT).connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.HOST_KEY_UNKNOWN));
    }

    @Test
    void anEntryForAnotherPortDoesNotMatch() throws Exception {
        writeKnownHosts("[127.0.0.1]:" + (server.port() + 1) + " " + server.hostKeyText(),
                "127.0.0.1 " + server.hostKeyText());
        assertThatThrownBy(() -> transport(HostKeyPolicy.STRICT).connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.HOST_KEY_UNKNOWN));
    }

    @Test
    void aRevokedKeyIsRejectedEvenWhenAlsoRecorded() throws Exception {
        writeKnownHosts(server.hostKeyLine(), "@revoked * " + server.hostKeyText());
        assertThatThrownBy(() -> transport(HostKeyPolicy.ACCEPT_NEW).connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.HOST_KEY_CHANGED);
                    assertThat(e.getMessage()).endsWith("is marked @revoked in ~/.ssh/known_hosts:2");
                });
    }

    @Test
    void theHostsOwnKnownHostsFileIsUsedInsteadOfTheDefault() throws Exception {
        Path own = home.resolve("fleet/known_hosts");
        Files.createDirectories(own.getParent());
        Files.writeString(own, server.hostKeyLine() + "\n");
        connects(transport(HostKeyPolicy.STRICT), host().withKnownHosts(own));
        assertThat(knownHosts).doesNotExist();
    }

    @Test
    void aKnownHostsFileEditedDuringTheRunIsReadAgain() throws Exception {
        MinaTransport transport = transport(HostKeyPolicy.STRICT);
        writeKnownHosts("# nothing yet");
        assertThatThrownBy(() -> transport.connect(host(), TIMEOUT)).isInstanceOf(TransportException.class);
        writeKnownHosts("# now known", server.hostKeyLine());
        connects(transport, host());
    }
}
