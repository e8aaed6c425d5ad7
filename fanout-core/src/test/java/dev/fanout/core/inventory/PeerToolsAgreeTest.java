package dev.fanout.core.inventory;

import dev.fanout.core.select.NodeSet;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fanout reads the peers' inventory files as the peers do: the hosts, groups and connection settings of each
 * example file, compared with what {@code ansible-inventory --list}, ClusterShell's {@code nodeset -LL} and pssh's
 * own host file reader say.
 *
 * <p>The tools come from Debian's {@code ansible-core}, {@code clustershell} and {@code pssh} packages, which
 * {@code .ci/run} installs; where {@code FANOUT_REQUIRE_PEERS} is set (CI sets it) a missing tool fails the test, elsewhere it is
 * skipped.
 */
class PeerToolsAgreeTest {
    @TempDir
    Path dir;

    private static void requireTool(String tool) {
        boolean found = Files.isExecutable(Path.of("/usr/bin", tool));
        if (!found && System.getenv("FANOUT_REQUIRE_PEERS") != null) {
            throw new AssertionError(tool + " is not installed (apt-get install ansible-core clustershell pssh), and "
                    + "FANOUT_REQUIRE_PEERS is set");
        }
        Assumptions.assumeTrue(found, tool + " is not installed");
    }

    private String run(Map<String, String> env, String... command) throws IOException, InterruptedException {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(false)
                .redirectError(dir.resolve("stderr.txt").toFile());
        builder.environment().putAll(env);
        Process process = builder.start();
        process.getOutputStream().close();
        byte[] out = process.getInputStream().readAllBytes();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(String.join(" ", command) + ": "
                + Files.readString(dir.resolve("stderr.txt"))).isZero();
        return new String(out, StandardCharsets.UTF_8);
    }

    @SuppressWarnings("unchecked")
    @ParameterizedTest
    @ValueSource(strings = {"ansible/hosts.ini", "ansible/hosts.yaml"})
    void ansibleInventoryListsTheSameHostsGroupsAndConnectionSettings(String name) throws Exception {
        requireTool("ansible-inventory");
        Path file = ForeignInventoryTest.resource(name);
        String json = run(Map.of("ANSIBLE_LOCAL_TEMP", dir.resolve("tmp").toString(), "HOME", dir.toString(),
                "ANSIBLE_INVENTORY_UNPARSED_FAILED", "true"), "ansible-inventory", "-i", file.toString(), "--list");
        Map<String, Object> listed = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(json);
        Map<String, Map<String, Object>> hostvars = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) listed.get("_meta")).get("hostvars");
        Map<String, List<String>> direct = new HashMap<>();
        Map<String, List<String>> children = new HashMap<>();
        for (Map.Entry<String, Object> e : listed.entrySet()) {
            if (e.getKey().equals("_meta")) {
                continue;
            }
            Map<String, Object> group = (Map<String, Object>) e.getValue();
            direct.put(e.getKey(), (List<String>) group.getOrDefault("hosts", List.of()));
            children.put(e.getKey(), (List<String>) group.getOrDefault("children", List.of()));
        }

        Inventory inventory = ForeignInventoryTest.load(file);

        Set<String> ansibleHosts = new TreeSet<>();
        direct.values().forEach(ansibleHosts::addAll);
        assertThat(inventory.hosts().stream().map(Host::name).toList())
                .containsExactlyInAnyOrderElementsOf(ansibleHosts);
        // ansible-inventory leaves out the groups that are empty; fanout knows them, with no members
        for (String group : inventory.groupNames()) {
            Set<String> members = new TreeSet<>(members(group, direct, children));
            assertThat(inventory.members(group).stream().map(Host::name).toList()).as("group " + group)
                    .containsExactlyInAnyOrderElementsOf(members);
        }
        assertThat(inventory.groupNames()).containsAll(direct.keySet());
        for (Host host : inventory.hosts()) {
            Map<String, Object> vars = hostvars.getOrDefault(host.name(), Map.of());
            assertThat(host.address()).as(host.name() + " address")
                    .isEqualTo(String.valueOf(vars.getOrDefault("ansible_host", host.name())));
            assertThat(host.port()).as(host.name() + " port")
                    .isEqualTo(Integer.parseInt(String.valueOf(vars.getOrDefault("ansible_port", 22))));
            assertThat(host.user()).as(host.name() + " user")
                    .isEqualTo(String.valueOf(vars.getOrDefault("ansible_user", "me")));
            Object key = vars.get("ansible_ssh_private_key_file");
            assertThat(host.identityFiles()).as(host.name() + " key").isEqualTo(key == null ? List.of()
                    : List.of(Path.of(String.valueOf(key).replaceFirst("^~", "/home/me"))));
        }
    }

    @Test
    void psshReadsTheSameHostsUsersAndPortsFromItsHostFile() throws Exception {
        requireTool("parallel-ssh");
        Path file = ForeignInventoryTest.resource("pssh/hosts.txt");
        // pssh's own reader (psshlib, which parallel-ssh runs): one "host port user" line per host
        String listed = run(Map.of("HOME", dir.toString()), "/usr/bin/python3", "-c",
                "import sys; sys.path.insert(0, '/usr/lib/python3/dist-packages')\n"
                        + "from psshlib import psshutil\n"
                        + "for h, p, u in psshutil.read_host_files([sys.argv[1]], None, default_user='me'):\n"
                        + "    print(h, p or 22, u)", file.toString());

        Inventory inventory = ForeignInventoryTest.load(file);

        assertThat(inventory.hosts().stream().map(h -> h.name() + " " + h.port() + " " + h.user()).toList())
                .isEqualTo(listed.lines().toList()).hasSize(5);
    }

    private static Collection<String> members(String group, Map<String, List<String>> direct,
                                              Map<String, List<String>> children) {
        Set<String> out = new TreeSet<>(direct.getOrDefault(group, List.of()));
        for (String child : children.getOrDefault(group, List.of())) {
            out.addAll(members(child, direct, children));
        }
        return out;
    }

    @Test
    void nodesetListsTheSameGroupsOfClusterShellsOwnGroupsConf() throws Exception {
        requireTool("nodeset");
        Path conf = ForeignInventoryTest.resource("clustershell/groups.conf");
        compareWithNodeset(conf, ForeignInventoryTest.load(conf));
    }

    @Test
    void nodesetListsTheSameGroupsOfAGroupsDirectoryWithItsFirstSourceAsDefault() throws Exception {
        requireTool("nodeset");
        Path cfg = dir.resolve("cfg");
        Files.createDirectories(cfg.resolve("groups.d"));
        Files.copy(ForeignInventoryTest.resource("clustershell/groups.d/cluster.yaml"),
                cfg.resolve("groups.d/cluster.yaml"));
        Files.writeString(cfg.resolve("groups.conf"), "[Main]\ndefault: roles\nautodir: $CFGDIR/groups.d\n");
        compareWithNodeset(cfg.resolve("groups.conf"), ForeignInventoryTest.load(cfg.resolve("groups.d")));
    }

    /** Compares with {@code nodeset -LL} reading only {@code groupsConf} (not the system's groups.conf). */
    private void compareWithNodeset(Path groupsConf, Inventory inventory) throws Exception {
        String listed = run(Map.of("HOME", dir.toString(), "XDG_CONFIG_HOME", dir.toString()), "nodeset",
                "--groupsconf=" + groupsConf, "-LL");
        Map<String, List<String>> groups = new TreeMap<>();
        for (String line : listed.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] parts = line.split(" ", 2);
            assertThat(parts[0]).startsWith("@");
            groups.put(parts[0].substring(1), NodeSet.expand(parts.length > 1 ? parts[1] : ""));
        }
        assertThat(groups).isNotEmpty();
        assertThat(inventory.groupNames()).containsExactlyInAnyOrderElementsOf(groups.keySet());
        List<String> all = new ArrayList<>();
        groups.forEach((group, nodes) -> {
            all.addAll(nodes);
            assertThat(inventory.members(group).stream().map(Host::name).toList()).as("@" + group)
                    .containsExactlyInAnyOrderElementsOf(nodes);
        });
        assertThat(inventory.hosts().stream().map(Host::name).toList())
                .containsExactlyInAnyOrderElementsOf(new TreeSet<>(all));
    }
}
