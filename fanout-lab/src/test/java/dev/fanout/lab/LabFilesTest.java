package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.util.List;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LabFilesTest {
    @TempDir
    Path scratch;

    @Test
    void theInventoryListsEveryHostWithItsAddressGroupsAndTheSharedSettings() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.0.1").withNodes(2))) {
            String ini = Files.readString(lab.inventory());
            int port = lab.port();

            assertThat(ini).startsWith("; written by fanout lab: 11 hosts on 127.14.0.1-127.14.0.11:" + port + "\n");
            assertThat(ini).contains("[DEFAULT]\nuser = fanout\nport = " + port + "\nidentity_file = "
                    + lab.clientKey() + "\nknown_hosts = " + lab.knownHosts() + "\n");
            assertThat(ini).contains("\n[h1]\naddress = 127.14.0.1\npassword = " + lab.host("h1").password() + "\n");
            assertThat(ini).contains("\n[h3]\naddress = 127.14.0.3\npassword = " + lab.host("h3").password() + "\n");
            assertThat(ini).contains("\n[web01]\naddress = 127.14.0.4\ngroups = web_clusters\n\n");
            assertThat(ini).contains("\n[web04]\naddress = 127.14.0.7\ngroups = web_clusters\n\n");
            assertThat(ini).contains("\n[db02]\naddress = 127.14.0.9\ngroups = db_servers\n\n");
            assertThat(ini).contains("\n[node0002]\naddress = 127.14.0.11\ngroups = nodes\n\n");
            assertThat(ini).endsWith("\n[group:prod]\nchildren = web_clusters, db_servers\n");
            assertThat(ini).doesNotContain(lab.host("web01").password());
            assertThat(sectionNames(ini)).containsExactly("DEFAULT", "h1", "h2", "h3", "web01", "web02", "web03",
                    "web04", "db01", "db02", "node0001", "node0002", "group:prod");
            assertThat(ini.lines().filter(line -> !line.isEmpty() && !line.startsWith(";") && !line.startsWith("["))
                    .allMatch(line -> line.matches("[a-z_]+ = \\S.*"))).as("every other line is key = value").isTrue();
        }
    }

    @Test
    void theHostsMatchTheSeedExamplesWithNodesAddedOnRequest() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.1.1").withNodes(3))) {
            assertThat(lab.hosts()).extracting(LabHost::name).containsExactly("h1", "h2", "h3", "web01", "web02",
                    "web03", "web04", "db01", "db02", "node0001", "node0002", "node0003");
            assertThat(lab.host("web03").groups()).containsExactly("web_clusters");
            assertThat(lab.host("db01").groups()).containsExactly("db_servers");
            assertThat(lab.host("node0003").groups()).containsExactly("nodes");
            assertThat(lab.host("h2").groups()).isEmpty();
            assertThat(lab.host("node0003").address()).isEqualTo("127.14.1.12");
            assertThat(lab.host("web03").root()).isEqualTo(lab.directory().resolve("hosts/web03"));
            assertThat(lab.user()).isEqualTo("fanout");
        }
    }

    @Test
    void secretsAreReadableByTheOwnerOnly() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.2.1"))) {
            assertThat(permissions(lab.directory())).isEqualTo("rwx------");
            assertThat(permissions(lab.inventory())).isEqualTo("rw-------");
            assertThat(permissions(lab.clientKey())).isEqualTo("rw-------");
            assertThat(permissions(lab.directory().resolve("ssh_host_ed25519_key"))).isEqualTo("rw-------");
        }
    }

    @Test
    void knownHostsHasOneLinePerHostWithTheHostKey() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.3.1"))) {
            List<String> lines = Files.readAllLines(lab.knownHosts());
            String hostKey = Files.readString(lab.directory().resolve("ssh_host_ed25519_key.pub")).split(" ")[1];

            assertThat(lines).hasSize(lab.hosts().size());
            for (int i = 0; i < lines.size(); i++) {
                assertThat(lines.get(i)).isEqualTo("[" + lab.hosts().get(i).address() + "]:" + lab.port()
                        + " ssh-ed25519 " + hostKey);
            }
        }
    }

    @Test
    void theClientKeyIsAnEd25519KeyInOpenSshFormat() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.4.1"))) {
            assertThat(Files.readString(lab.clientKey())).startsWith("-----BEGIN OPENSSH PRIVATE KEY-----\n");
            KeyPair key = LabClient.loadKey(lab.clientKey());
            assertThat(KeyUtils.getKeyType(key)).isEqualTo("ssh-ed25519");
            assertThat(Files.readString(lab.directory().resolve("id_ed25519.pub"))).startsWith("ssh-ed25519 AAAA");
        }
    }

    @Test
    void aTemporaryLabDirectoryIsDeletedOnClose() throws Exception {
        Path directory;
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.5.1"))) {
            directory = lab.directory();
            Files.writeString(lab.home("h1").resolve("file"), "x");
            assertThat(directory).isDirectory();
        }
        assertThat(directory).doesNotExist();
    }

    @Test
    void aGivenDirectoryStaysAndKeepsItsKeysForTheNextLab() throws Exception {
        Path directory = scratch.resolve("lab");
        String clientKey;
        String hostKey;
        int firstPort;
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.6.1").withDirectory(directory))) {
            clientKey = Files.readString(lab.clientKey());
            hostKey = Files.readString(lab.directory().resolve("ssh_host_ed25519_key"));
            firstPort = lab.port();
            try (LabClient client = new LabClient(lab)) {
                client.run(lab.host("web01"), "echo kept > kept.txt");
            }
        }
        assertThat(directory.resolve("hosts.ini")).exists();
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.6.1").withDirectory(directory))) {
            assertThat(Files.readString(lab.clientKey())).isEqualTo(clientKey);
            assertThat(Files.readString(lab.directory().resolve("ssh_host_ed25519_key"))).isEqualTo(hostKey);
            assertThat(Files.readString(lab.inventory())).contains("port = " + lab.port() + "\n");
            try (LabClient client = new LabClient(lab)) {
                assertThat(client.run(lab.host("web01"), "cat kept.txt").stdout()).isEqualTo("kept\n");
            }
            assertThat(firstPort).isPositive();
        }
    }

    @Test
    void aDirectoryWithOtherFilesIsRefused() throws Exception {
        Path directory = scratch.resolve("busy");
        Files.createDirectories(directory);
        Files.writeString(directory.resolve("precious.txt"), "keep me");

        assertThatThrownBy(() -> Lab.start(LabOptions.defaults().withDirectory(directory)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(directory.toString());
        assertThat(directory.resolve("precious.txt")).hasContent("keep me");
        try (var entries = Files.list(directory)) {
            assertThat(entries).hasSize(1);
        }
    }

    @Test
    void theHostnameCommandIsAScriptOnThePath() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.14.7.1"))) {
            Path script = lab.directory().resolve("bin/hostname");
            assertThat(permissions(script)).isEqualTo("rwxr-xr-x");
            ProcessBuilder builder = new ProcessBuilder(script.toString(), "-s").redirectErrorStream(true);
            builder.environment().put("FANOUT_LAB_HOST", "some-host");
            Process process = builder.start();
            assertThat(new String(process.getInputStream().readAllBytes())).isEqualTo("some-host\n");
            assertThat(process.waitFor()).isZero();
        }
    }

    private static String permissions(Path path) throws Exception {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }

    private static List<String> sectionNames(String ini) {
        return ini.lines().filter(line -> line.startsWith("[")).map(line -> line.substring(1, line.length() - 1))
                .toList();
    }
}
