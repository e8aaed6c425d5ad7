package dev.fanout.testkit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The OpenSSH fixture itself: it listens, describes its keys as known_hosts does, and goes away on close. */
class OpenSshServerTest {

    @TempDir
    Path dir;

    @Test
    void theDaemonGreetsWithAnOpenSshBannerAndIsGoneAfterClose() throws Exception {
        OpenSshServer sshd = OpenSshServer.start(dir);
        String address = sshd.address();
        int port = sshd.port();
        try (sshd; Socket socket = new Socket(address, port)) {
            var in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            assertThat(in.readLine()).startsWith("SSH-2.0-OpenSSH_");
        }
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(address, port), 2000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    @Test
    void hostKeyLinesAreWrittenAsOpenSshWritesThem() throws Exception {
        try (OpenSshServer sshd = OpenSshServer.start(dir)) {
            String ed25519 = sshd.hostKeyLine("ssh-ed25519");
            assertThat(ed25519).matches("\\[127\\.0\\.0\\.1]:" + sshd.port() + " ssh-ed25519 AAAA[A-Za-z0-9+/=]+");
            assertThat(sshd.hostKeyLine("ecdsa")).startsWith(sshd.knownHostsName() + " ecdsa-sha2-nistp256 AAAA");
            Path knownHosts = sshd.writeKnownHosts(dir.resolve("kh/known_hosts"), "ed25519", "ecdsa");
            assertThat(Files.readAllLines(knownHosts)).hasSize(2).first().isEqualTo(ed25519);
        }
    }

    @Test
    void theUserDirectoryBelongsToTheLoginUser() throws Exception {
        try (OpenSshServer sshd = OpenSshServer.start()) {
            assertThat(Files.getOwner(sshd.userDirectory()).getName()).isEqualTo(OpenSshServer.USER);
            assertThat(sshd.password()).hasSizeGreaterThanOrEqualTo(16);
        }
    }

    @Test
    void aClientKeyIsWrittenInOpenSshFormat() throws Exception {
        OpenSshServer.assumeAvailable();
        ClientKey key = ClientKey.generateEd25519(dir.resolve("keys/id_ed25519"));
        assertThat(Files.readString(key.privateKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----");
        assertThat(key.publicKeyLine()).startsWith("ssh-ed25519 AAAA").endsWith(" fanout-test-client");
        assertThatThrownBy(() -> ClientKey.generateEd25519(key.privateKey()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
