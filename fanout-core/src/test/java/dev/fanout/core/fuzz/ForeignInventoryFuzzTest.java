package dev.fanout.core.fuzz;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryException;
import dev.fanout.core.inventory.InventoryFormat;
import dev.fanout.core.inventory.InventoryWriter;
import dev.fanout.core.sshconfig.SshConfig;
import dev.fanout.testkit.Fuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static dev.fanout.core.fuzz.Inputs.weighted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The peers' inventory formats (Ansible INI and YAML, pssh, ClusterShell YAML) fed near-valid and random input, each
 * read as its format and with the format told from the content: every case ends in an inventory, which writes out
 * in every format, or in a one-line InventoryException naming the file and never a password, within the time limit.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class ForeignInventoryFuzzTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/home/me", "PW", "env-secret");
    private static final String SECRET = "plain-secret";

    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void nearValidAnsibleIniLoadsOrFailsOnOneLine(@ForAll("ansibleIni") String text) throws Exception {
        check(text, InventoryFormat.ANSIBLE);
    }

    @Property(tries = 400, edgeCases = EdgeCasesMode.MIXIN)
    void nearValidYamlLoadsOrFailsOnOneLine(@ForAll("yaml") String text) throws Exception {
        check(text, InventoryFormat.ANSIBLE_YAML);
        check(text, InventoryFormat.CLUSTERSHELL);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void nearValidPsshFilesLoadOrFailOnOneLine(@ForAll("pssh") String text) throws Exception {
        check(text, InventoryFormat.PSSH);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void anyTextLoadsInEveryFormatOrFailsOnOneLine(@ForAll("noise") String text) throws Exception {
        for (InventoryFormat format : InventoryFormat.values()) {
            check(text, format);
        }
    }

    private static void check(String text, InventoryFormat format) throws Exception {
        Path file = Files.createTempFile("fuzz", ".inv");
        try {
            Files.writeString(file, text);
            Fuzz.within(() -> {
                load(file, Optional.of(format));
                load(file, Optional.empty());
                return null;
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    private static void load(Path file, Optional<InventoryFormat> format) {
        try {
            Inventory inventory = Inventory.load(file, format, ENV::get, "me", SshConfig.NONE);
            assertThat(inventory.hosts().size()).isLessThanOrEqualTo(Inventory.MAX_HOSTS);
            for (Host host : inventory.hosts()) {
                inventory.unusable(host.name()).ifPresent(Fuzz::assertOneLine);
            }
            // A mutation can make the secret's text a name (in a ClusterShell groups file every value is a node):
            // a name is shown as it is; the secret must not leak as a password.
            if (namesContain(inventory, SECRET) || namesContain(inventory, "env-secret")) {
                return;
            }
            for (Host host : inventory.hosts()) {
                inventory.unusable(host.name()).ifPresent(m -> assertThat(m).doesNotContain(SECRET));
            }
            assertThat(InventoryWriter.json(inventory, inventory.hosts())).doesNotContain(SECRET, "env-secret");
            assertThat(InventoryWriter.ini(inventory, inventory.hosts())).doesNotContain(SECRET);
            try {
                assertThat(InventoryWriter.ansible(inventory, inventory.hosts())).doesNotContain(SECRET);
            } catch (IllegalArgumentException e) {
                Fuzz.assertOneLine(e.getMessage());
            }
        } catch (InventoryException e) {
            Fuzz.assertOneLine(e.getMessage());
            assertThat(e.getMessage()).startsWith(file.toString()).doesNotContain(SECRET);
        }
    }

    private static boolean namesContain(Inventory inventory, String text) {
        return inventory.hosts().stream().anyMatch(h -> h.name().contains(text) || h.address().contains(text)
                || h.user().contains(text) || h.groups().stream().anyMatch(g -> g.contains(text)))
                || inventory.groupNames().stream().anyMatch(g -> g.contains(text));
    }

    private static Arbitrary<String> hostPatterns() {
        return Arbitraries.frequencyOf(
                weighted(4, Inputs.names()),
                weighted(3, Arbitraries.of("web[01:20]", "db-[a:f]", "n[1:10:2]", "x[:3]", "y[5:1]", "z[01:5]",
                        "w[a:Z]", "q[1:]", "r[1:2:0]", "s[0:99999999]", "t[1:3][a:c]", "host:2222", "h:99999",
                        "u@h", "a]b", "[", "10.0.0.1", "::1", "h[01:03]:22")),
                weighted(1, Inputs.noise()));
    }

    private static Arbitrary<String> vars() {
        Arbitrary<String> key = Arbitraries.of("ansible_host", "ansible_port", "ansible_user",
                "ansible_ssh_private_key_file", "ansible_password", "ansible_ssh_pass", "ansible_connection",
                "ansible_group_priority", "http_port", "x", "");
        Arbitrary<String> value = Arbitraries.of("10.0.0.1", "22", "0", "abc", "deploy", "~/k", "~root/k",
                "\"{{ lookup('env', 'PW') }}\"", "\"{{ lookup('env', 'NOPE') }}\"", "{{ x }}", "local", "ssh",
                "'quoted value'", "\"unterminated", "$ANSIBLE_VAULT;1.1;AES256", "", "5", "-1");
        // The secret is only ever a password's value: no message may show it.
        Arbitrary<String> password = Arbitraries.of("ansible_password=", "ansible_ssh_pass=", "ansible_password: ")
                .map(k -> k + SECRET);
        return Arbitraries.frequencyOf(weighted(5, Combinators.combine(key, value).as((k, v) -> k + "=" + v)),
                weighted(1, password));
    }

    @Provide
    Arbitrary<String> ansibleIni() {
        Arbitrary<String> group = Arbitraries.frequencyOf(weighted(4, Inputs.names()),
                weighted(1, Arbitraries.of("all", "ungrouped", "a:b", "", "a b")));
        Arbitrary<String> header = Combinators.combine(group, Arbitraries.of("", ":vars", ":children", ":nope"))
                .as((g, t) -> "[" + g + t + "]");
        Arbitrary<String> hostLine = Combinators.combine(hostPatterns(), vars().list().ofMaxSize(3))
                .as((h, v) -> h + (v.isEmpty() ? "" : " " + String.join(" ", v)));
        Arbitrary<String> line = Arbitraries.frequencyOf(
                weighted(5, hostLine),
                weighted(3, header),
                weighted(2, vars()),
                weighted(2, group),
                weighted(1, Arbitraries.of("# comment", "; comment", "", "   ")),
                weighted(1, Inputs.noise()));
        return Inputs.joined(line, 30);
    }

    @Provide
    Arbitrary<String> yaml() {
        Arbitrary<String> indent = Arbitraries.of("", "  ", "    ", "      ", "        ");
        Arbitrary<String> key = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.of("all:", "hosts:", "children:", "vars:", "roles:", "racks:", "web:",
                        "host:")),
                weighted(3, hostPatterns().map(h -> h + ":")),
                weighted(3, vars().map(v -> v.replaceFirst("=", ": "))),
                weighted(2, Arbitraries.of("adm: 'n[1-3]'", "io: '@racks:rack2,n2'", "x: '@x'", "y: '@rack[1-2]'",
                        "z: 'a!b&c^d'", "l:\n  - 'n1'\n  - 'n[2-3]'", "p: !vault |\n  $ANSIBLE_VAULT;1.1",
                        "a: &x [1]", "b: *x", "c: {", "d: [", "---", "- item", "? complex")),
                weighted(1, Inputs.noise()));
        return Inputs.joined(Combinators.combine(indent, key).as(String::concat), 30);
    }

    @Provide
    Arbitrary<String> pssh() {
        Arbitrary<String> line = Arbitraries.frequencyOf(
                weighted(5, Combinators.combine(Arbitraries.of("", "root@", "@", "a@b@"), Inputs.names(),
                        Arbitraries.of("", ":22", ":0", ":x", ":", ":99999"), Arbitraries.of("", " deploy", " a b"))
                        .as((u, h, p, w) -> u + h + p + w)),
                weighted(1, Arbitraries.of("# comment", "", "  ")),
                weighted(1, Inputs.noise()));
        return Inputs.joined(line, 30);
    }

    @Provide
    Arbitrary<String> noise() {
        return Inputs.joined(Inputs.noise(), 10);
    }
}
