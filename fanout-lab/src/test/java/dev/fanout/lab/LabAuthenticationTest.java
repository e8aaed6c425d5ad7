package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabAuthenticationTest {
    private static Lab lab;
    private static LabClient client;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.12.0.1"));
        client = new LabClient(lab);
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (client != null) {
            client.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void theClientKeyLogsInOnEveryHost() throws Exception {
        for (LabHost host : lab.hosts()) {
            try (ClientSession session = client.loginWithKey(host)) {
                assertThat(session.isAuthenticated()).as(host.name()).isTrue();
            }
        }
    }

    @Test
    void eachHostAcceptsItsOwnPassword() throws Exception {
        for (LabHost host : lab.hosts()) {
            assertThat(host.password()).as(host.name()).isNotBlank();
            try (ClientSession session = client.loginWithPassword(host, "fanout", host.password())) {
                assertThat(LabClient.run(session, "hostname", null).stdout()).isEqualTo(host.name() + "\n");
            }
        }
    }

    @Test
    void passwordsDifferFromHostToHost() {
        assertThat(lab.hosts().stream().map(LabHost::password).distinct()).hasSize(lab.hosts().size());
    }

    @Test
    void aWrongPasswordIsRefused() {
        assertThatThrownBy(() -> client.loginWithPassword(lab.host("h1"), "fanout", "wrong-password"))
                .isInstanceOf(SshException.class);
    }

    @Test
    void oneHostsPasswordDoesNotOpenAnotherHost() {
        assertThatThrownBy(() -> client.loginWithPassword(lab.host("h2"), "fanout", lab.host("h1").password()))
                .isInstanceOf(SshException.class);
        assertThatThrownBy(() -> client.loginWithPassword(lab.host("web01"), "fanout", lab.host("h1").password()))
                .isInstanceOf(SshException.class);
    }

    @Test
    void anotherUserIsRefusedEvenWithTheRightKeyOrPassword() {
        assertThatThrownBy(() -> client.loginWithKey(lab.host("h1"), "root")).isInstanceOf(SshException.class);
        assertThatThrownBy(() -> client.loginWithPassword(lab.host("h1"), "root", lab.host("h1").password()))
                .isInstanceOf(SshException.class);
    }

    @Test
    void anotherKeyIsRefused(@TempDir Path scratch) throws Exception {
        try (Lab other = Lab.start(LabOptions.defaults().withFirstAddress("127.12.1.1")
                .withDirectory(scratch.resolve("other")))) {
            assertThat(Files.readString(other.clientKey())).isNotEqualTo(Files.readString(lab.clientKey()));
            try (LabClient otherKeyClient = new LabClient(lab, other.clientKey())) {
                assertThatThrownBy(() -> otherKeyClient.loginWithKey(lab.host("h1")))
                        .isInstanceOf(SshException.class);
            }
        }
    }

    @Test
    void theTextFormOfAHostHidesItsPassword() {
        LabHost h1 = lab.host("h1");
        assertThat(h1.toString()).contains("h1", h1.address()).doesNotContain(h1.password());
    }
}
