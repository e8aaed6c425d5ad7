package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabNetworkTest {
    private static Lab lab;
    private static LabClient client;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.15.0.250").withNodes(10));
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
    void theServerListensOnTheHostsLoopbackAddressesOnly() throws Exception {
        Set<String> expected = lab.hosts().stream().map(LabHost::address).collect(Collectors.toSet());

        List<String> listening = new ArrayList<>(listeners("/proc/net/tcp", lab.port()));
        listening.addAll(listeners("/proc/net/tcp6", lab.port()));

        assertThat(listening).containsExactlyInAnyOrderElementsOf(expected);
        assertThatThrownBy(() -> connect("127.0.0.1")).isInstanceOf(ConnectException.class);
    }

    @Test
    void addressesEndingInZeroOr255AreSkipped() {
        assertThat(lab.hosts()).extracting(LabHost::address).startsWith("127.15.0.250", "127.15.0.251",
                "127.15.0.252", "127.15.0.253", "127.15.0.254", "127.15.1.1", "127.15.1.2");
        assertThat(lab.hosts().getLast().address()).isEqualTo("127.15.1.14");
    }

    @Test
    void aStoppedHostRefusesConnectionsUntilItStartsAgain() throws Exception {
        LabHost db01 = lab.host("db01");
        try (ClientSession open = client.loginWithKey(db01)) {
            lab.stopHost("db01");

            assertThat(lab.isUp("db01")).isFalse();
            assertThatThrownBy(() -> connect(db01.address())).isInstanceOf(ConnectException.class);
            assertThat(client.run(lab.host("db02"), "hostname").stdout()).isEqualTo("db02\n");
            open.waitFor(EnumSet.of(ClientSession.ClientSessionEvent.CLOSED),
                    LabClient.TIMEOUT);
            assertThat(open.isOpen()).as("the open session was closed").isFalse();
        } finally {
            lab.startHost("db01");
        }
        assertThat(lab.isUp("db01")).isTrue();
        assertThat(client.run(db01, "hostname").stdout()).isEqualTo("db01\n");
    }

    @Test
    void unknownHostNamesAreCallerMistakes() {
        assertThatThrownBy(() -> lab.stopHost("nope")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nope");
        assertThatThrownBy(() -> lab.host("nope")).isInstanceOf(IllegalArgumentException.class);
    }

    private static void connect(String address) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, lab.port()), 5000);
        }
    }

    /**
     * The local addresses listening on {@code port} in /proc/net/tcp or tcp6 (state 0A is LISTEN). Java's sockets are
     * IPv6 sockets bound to IPv4-mapped addresses ({@code ::ffff:127.x.y.z}), listed in tcp6; those are given as
     * IPv4, any other IPv6 address (such as the wildcard) as its hex form.
     */
    private static List<String> listeners(String table, int port) throws IOException {
        List<String> lines = Files.readAllLines(Path.of(table));
        List<String> addresses = new ArrayList<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] fields = line.trim().split("\\s+");
            String[] local = fields[1].split(":");
            if (fields[3].equals("0A") && Integer.parseInt(local[1], 16) == port) {
                String hex = local[0];
                if (hex.length() == 8) {
                    addresses.add(ipv4(hex));
                } else if (hex.startsWith("0000000000000000FFFF0000")) {
                    addresses.add(ipv4(hex.substring(24)));
                } else {
                    addresses.add(hex);
                }
            }
        }
        return addresses;
    }

    /** /proc/net/tcp writes an IPv4 address as 8 hex digits in little-endian byte order. */
    private static String ipv4(String hex) {
        long value = Long.parseLong(hex, 16);
        return (value & 0xFF) + "." + ((value >> 8) & 0xFF) + "." + ((value >> 16) & 0xFF) + "." + ((value >> 24) & 0xFF);
    }
}
