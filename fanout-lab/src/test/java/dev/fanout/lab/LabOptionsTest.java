package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class LabOptionsTest {
    @Test
    void theDefaultsAreATemporaryNineHostLabFrom127_1_0_1AsFanout() {
        LabOptions options = LabOptions.defaults();
        assertThat(options.directory()).isNull();
        assertThat(options.nodes()).isZero();
        assertThat(options.firstAddress()).isEqualTo("127.1.0.1");
        assertThat(options.user()).isEqualTo("fanout");
    }

    @Test
    void addressesOutsideLoopbackAreRefused() {
        for (String address : new String[] {"10.0.0.1", "0.0.0.0", "128.0.0.1", "localhost", "127.1.0", "127.1.0.256",
                "::1", "127.01.0.1x", ""}) {
            assertThatThrownBy(() -> LabOptions.defaults().withFirstAddress(address))
                    .as(address).isInstanceOf(IllegalArgumentException.class).hasMessageContaining(address);
        }
    }

    @Test
    void aFleetThatDoesNotFitInLoopbackIsRefused() {
        assertThat(LabOptions.defaults().withFirstAddress("127.255.255.246").firstAddress())
                .isEqualTo("127.255.255.246");
        assertThatThrownBy(() -> LabOptions.defaults().withFirstAddress("127.255.255.247"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("127.255.255.247");
        assertThatThrownBy(() -> LabOptions.defaults().withFirstAddress("127.255.200.1").withNodes(100_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("do not fit");
    }

    @Test
    void nodeCountsOutOfRangeAreRefused() {
        assertThatThrownBy(() -> LabOptions.defaults().withNodes(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> LabOptions.defaults().withNodes(LabOptions.MAX_NODES + 1))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(LabOptions.defaults().withNodes(10_000).nodes()).isEqualTo(10_000);
    }

    @Test
    void userNamesThatCannotBeADirectoryNameAreRefused() {
        for (String user : new String[] {"", "..", "a/b", "Root", "-x", "1abc", "a b"}) {
            assertThatThrownBy(() -> LabOptions.defaults().withUser(user)).as(user)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(LabOptions.defaults().withUser("ops_1").user()).isEqualTo("ops_1");
    }

    @Test
    void addressesAreAllocatedInOrderSkippingZeroAnd255() {
        assertThat(LoopbackAddresses.allocate("127.1.0.253", 4))
                .containsExactly("127.1.0.253", "127.1.0.254", "127.1.1.1", "127.1.1.2");
        assertThat(LoopbackAddresses.allocate("127.1.0.0", 1)).containsExactly("127.1.0.1");
        assertThat(LoopbackAddresses.fits("127.255.255.253", 2)).isTrue();
        assertThat(LoopbackAddresses.fits("127.255.255.253", 3)).isFalse();
    }

    @Test
    void bigFleetsNameTheirNodesWithEnoughDigits() {
        java.nio.file.Path hosts = java.nio.file.Path.of("/nowhere");
        assertThat(Fleet.hosts(LabOptions.defaults().withNodes(10_000), hosts, () -> "pw").getLast().name())
                .isEqualTo("node10000");
        assertThat(Fleet.hosts(LabOptions.defaults().withNodes(10_000), hosts, () -> "pw").get(9).name())
                .isEqualTo("node00001");
        assertThat(Fleet.hosts(LabOptions.defaults().withNodes(1_000), hosts, () -> "pw").getLast().name())
                .isEqualTo("node1000");
    }
}
