package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.TransportException;
import dev.fanout.testkit.ClientKey;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Authentication against an in-process MINA server: passwords, keys, passphrases and the failures. */
class AuthenticationTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    @TempDir
    Path files;

    private InProcessServer server;
    private MinaTransport transport;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start(files);
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        if (transport != null) {
            transport.close();
        }
        server.close();
    }

    private MinaTransport transport(MinaTransport.Options options) {
        transport = new MinaTransport(options);
        return transport;
    }

    private MinaTransport transport() {
        return transport(MinaTransport.Options.defaults().withUserHome(home));
    }

    private Host host() {
        return Host.of("web01", server.address(), server.port(), InProcessServer.USER);
    }

    @Test
    void aPasswordLogsInAndACommandRuns() throws Exception {
        try (Connection connection = transport().connect(host().withPassword(Secret.of(InProcessServer.PASSWORD)),
                TIMEOUT)) {
            assertThat(Runs.run(connection, "echo hello").stdout()).isEqualTo("hello\n");
        }
    }

    @Test
    void anEd25519KeyNamedByTheHostLogsIn() throws Exception {
        ClientKey key = ClientKey.generateEd25519(home.resolve("keys/web"));
        server.authorize(key.publicKeyLine());
        try (Connection connection = transport().connect(host().withIdentityFile(key.privateKey()), TIMEOUT)) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void theDefaultKeysOfTheUserHomeAreOfferedWhenTheHostNamesNone() throws Exception {
        ClientKey key = ClientKey.generate(home.resolve(".ssh/id_ecdsa"), "ecdsa", "");
        server.authorize(key.publicKeyLine());
        try (Connection connection = transport().connect(host(), TIMEOUT)) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void aWrongPasswordFailsWithAuthNamingTheMethodsTried() {
        assertThatThrownBy(() -> transport().connect(host().withPassword(Secret.of("not-it")), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                    assertThat(e.getMessage()).startsWith("authentication failed: tried password")
                            .endsWith(" (" + InProcessServer.USER + "@" + server.address() + ":" + server.port() + ")")
                            .doesNotContain("not-it");
                    assertThat(e.reason()).contains("; server allows publickey, password");
                    assertThat(e.detail()).isEqualTo(InProcessServer.USER + "@" + server.address() + ":"
                            + server.port());
                });
    }

    @Test
    void noCredentialAtAllFailsWithAuthSayingSo() {
        assertThatThrownBy(() -> transport().connect(host(), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                    assertThat(e.reason()).isEqualTo("authentication failed: no password and no usable key to offer;"
                            + " server allows publickey, password, keyboard-interactive");
                });
    }

    @Test
    void aKeyTheServerRefusesFailsWithAuthListingPublickey() throws Exception {
        ClientKey key = ClientKey.generateEd25519(home.resolve("keys/stranger"));
        assertThatThrownBy(() -> transport().connect(host().withIdentityFile(key.privateKey()), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                    assertThat(e.reason()).isEqualTo("authentication failed: tried publickey (~/keys/stranger);"
                            + " server allows publickey, password, keyboard-interactive");
                });
    }

    @Test
    void aPasswordIsAlsoAnsweredThroughKeyboardInteractive() throws Exception {
        server.close();
        server = InProcessServer.startKeyboardInteractiveOnly(files);
        Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
        try (Connection connection = transport().connect(host().withPassword(Secret.of(InProcessServer.PASSWORD)),
                TIMEOUT)) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
    }

    @Test
    void anEncryptedKeyIsDecryptedOnceWithThePassphraseFromTheCallback() throws Exception {
        ClientKey key = ClientKey.generate(home.resolve("keys/locked"), "ed25519", "open sesame");
        server.authorize(key.publicKeyLine());
        var asked = new AtomicInteger();
        MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home).withPassphrases(file -> {
            asked.incrementAndGet();
            assertThat(file).isEqualTo(key.privateKey().toAbsolutePath().normalize());
            return Secret.of("open sesame");
        }));
        Host host = host().withIdentityFile(key.privateKey());
        t.preloadIdentities(List.of(host, host));
        for (int i = 0; i < 3; i++) {
            try (Connection connection = t.connect(host, TIMEOUT)) {
                assertThat(Runs.run(connection, "echo " + i).stdout()).isEqualTo(i + "\n");
            }
        }
        assertThat(asked).hasValue(1);
    }

    @Test
    void anEncryptedPkcs8KeyIsDecryptedWithItsPassphraseAndTheJdkStillServesTheCiphers() throws Exception {
        ClientKey key = ClientKey.generate(home.resolve("keys/pkcs8"), "ecdsa", "open sesame", "PKCS8");
        assertThat(Files.readString(key.privateKey())).startsWith("-----BEGIN ENCRYPTED PRIVATE KEY-----");
        server.authorize(key.publicKeyLine());
        MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home)
                .withPassphrases(file -> Secret.of("open sesame")));
        try (Connection connection = t.connect(host().withIdentityFile(key.privateKey()), TIMEOUT)) {
            assertThat(Runs.run(connection, "echo ok").stdout()).isEqualTo("ok\n");
        }
        assertThat(SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
    }

    @Test
    void anEncryptedKeyWithoutAPassphraseFailsWithCredentials() throws Exception {
        ClientKey key = ClientKey.generate(home.resolve("keys/locked"), "ed25519", "open sesame");
        assertThatThrownBy(() -> transport().connect(host().withIdentityFile(key.privateKey()), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.CREDENTIALS);
                    assertThat(e.getMessage()).isEqualTo("key ~/keys/locked is encrypted and no passphrase was given");
                });
    }

    @Test
    void aWrongPassphraseFailsWithCredentials() throws Exception {
        ClientKey key = ClientKey.generate(home.resolve("keys/locked"), "ed25519", "open sesame");
        MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home)
                .withPassphrases(file -> Secret.of("guess")));
        assertThatThrownBy(() -> t.connect(host().withIdentityFile(key.privateKey()), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.CREDENTIALS);
                    assertThat(e.getMessage()).startsWith("cannot decrypt key ").doesNotContain("guess");
                });
    }

    @Test
    void anEncryptedDefaultKeyWithoutPassphraseIsSkippedAndNamedWhenAuthenticationFails() throws Exception {
        ClientKey.generate(home.resolve(".ssh/id_ed25519"), "ed25519", "open sesame");
        assertThatThrownBy(() -> transport().connect(host().withPassword(Secret.of("not-it")), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                    assertThat(e.reason()).contains("tried password")
                            .endsWith("; key ~/.ssh/id_ed25519 is encrypted and no passphrase was given");
                });
    }

    @Test
    void aMissingIdentityFileFailsWithCredentials() {
        Path missing = home.resolve("keys/none");
        assertThatThrownBy(() -> transport().connect(host().withIdentityFile(missing), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.CREDENTIALS);
                    assertThat(e.getMessage()).isEqualTo("key ~/keys/none does not exist");
                });
    }

    @Test
    void keysHeldByTheAgentLogInWithoutAnyKeyFile() throws Exception {
        ClientKey ed25519 = ClientKey.generateEd25519(home.resolve("keys/agent-ed25519"));
        ClientKey rsa = ClientKey.generate(home.resolve("keys/agent-rsa"), "rsa", "");
        try (SshAgentProcess agent = SshAgentProcess.start(home.resolve("agent.sock"))) {
            agent.add(rsa.privateKey());
            agent.add(ed25519.privateKey());
            MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home)
                    .withAgentSocket(agent.socket()));
            server.authorize(rsa.publicKeyLine());
            try (Connection connection = t.connect(host(), TIMEOUT)) {
                assertThat(Runs.run(connection, "echo rsa").stdout()).isEqualTo("rsa\n");
            }
            server.authorize(ed25519.publicKeyLine());
            try (Connection connection = t.connect(host(), TIMEOUT)) {
                assertThat(Runs.run(connection, "echo ed25519").stdout()).isEqualTo("ed25519\n");
            }
        }
    }

    @Test
    void aHostWithItsOwnIdentityFileIsNotOfferedTheAgentsKeys() throws Exception {
        ClientKey inAgent = ClientKey.generateEd25519(home.resolve("keys/agent"));
        ClientKey own = ClientKey.generateEd25519(home.resolve("keys/own"));
        server.authorize(inAgent.publicKeyLine());
        try (SshAgentProcess agent = SshAgentProcess.start(home.resolve("agent.sock"))) {
            agent.add(inAgent.privateKey());
            MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home)
                    .withAgentSocket(agent.socket()));
            assertThatThrownBy(() -> t.connect(host().withIdentityFile(own.privateKey()), TIMEOUT))
                    .isInstanceOfSatisfying(TransportException.class,
                            e -> assertThat(e.reason()).startsWith("authentication failed: tried publickey (~/keys/own);"));
        }
    }

    @Test
    void aRefusedLoginSaysWhoWithWhichMethodsAndKeysTheAgentsAmongThem() throws Exception {
        ClientKey first = ClientKey.generateEd25519(home.resolve("keys/first"));
        ClientKey second = ClientKey.generateEd25519(home.resolve("keys/second"));
        ClientKey.generateEd25519(home.resolve(".ssh/id_ed25519"));
        try (SshAgentProcess agent = SshAgentProcess.start(home.resolve("agent.sock"))) {
            agent.add(first.privateKey());
            agent.add(second.privateKey());
            MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home)
                    .withAgentSocket(agent.socket()));
            assertThatThrownBy(() -> t.connect(host().withPassword(Secret.of("not-it")), TIMEOUT))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                        assertThat(e.getMessage()).isEqualTo("authentication failed: tried publickey (agent: 2 keys;"
                                + " ~/.ssh/id_ed25519), password, keyboard-interactive; server allows publickey,"
                                + " password, keyboard-interactive (" + InProcessServer.USER + "@" + server.address()
                                + ":" + server.port() + ")");
                    });
        }
    }

    @Test
    void anUnreachableAgentIsNamedWhenAuthenticationFails() {
        Path socket = home.resolve("no-agent.sock");
        MinaTransport t = transport(MinaTransport.Options.defaults().withUserHome(home).withAgentSocket(socket));
        assertThatThrownBy(() -> t.connect(host().withPassword(Secret.of("not-it")), TIMEOUT))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.AUTH);
                    assertThat(e.getMessage()).contains("; agent " + socket + ": ");
                });
    }
}
