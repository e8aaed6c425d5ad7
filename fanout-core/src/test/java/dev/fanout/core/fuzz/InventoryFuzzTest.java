package dev.fanout.core.fuzz;

import dev.fanout.testkit.Fuzz;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryException;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.SelectionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static dev.fanout.core.fuzz.Inputs.weighted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The INI inventory (IniFile, Inventory, HostReader) and selections over it, fed near-valid and random input: every
 * case ends in an inventory (whose selections end in hosts or a one-line SelectionException) or in a one-line
 * InventoryException naming the file, within the time limit, and an inventory holds a bounded number of hosts.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class InventoryFuzzTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/home/me", "PW", "secret-value");

    @Property(tries = 1000, edgeCases = EdgeCasesMode.MIXIN)
    void nearValidInventoriesParseOrFailOnOneLine(@ForAll("inventories") String text) throws Exception {
        Fuzz.within(() -> {
            check(text);
            return null;
        });
    }

    @Property(tries = 600, edgeCases = EdgeCasesMode.MIXIN)
    void anyTextParsesOrFailsOnOneLine(@ForAll("noise") String text) throws Exception {
        Fuzz.within(() -> {
            check(text);
            return null;
        });
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void anyBytesLoadOrFailOnOneLineNamingTheFile(@ForAll("bytes") byte[] bytes) throws Exception {
        Path file = Files.createTempFile("fuzz", ".ini");
        try {
            Files.write(file, bytes);
            Fuzz.within(() -> {
                try {
                    checkInventory(Inventory.load(file, ENV::get, "me"));
                } catch (InventoryException e) {
                    Fuzz.assertOneLine(e.getMessage());
                    assertThat(e.getMessage()).startsWith(file.toString());
                }
                return null;
            });
        } finally {
            Files.deleteIfExists(file);
        }
    }

    static void check(String text) throws IOException {
        try {
            checkInventory(Inventory.parse(text, "hosts.ini", ENV::get, "me"));
        } catch (InventoryException e) {
            Fuzz.assertOneLine(e.getMessage());
            assertThat(e.getMessage()).startsWith("hosts.ini").doesNotContain("secret-value");
        }
    }

    private static void checkInventory(Inventory inventory) {
        assertThat(inventory.hosts().size()).isLessThanOrEqualTo(Inventory.MAX_HOSTS);
        for (Host host : inventory.hosts()) {
            inventory.unusable(host.name()).ifPresent(Fuzz::assertOneLine);
        }
        for (List<String> groups : List.of(List.<String>of(), List.of("db"), List.of(inventory.groupNames().isEmpty()
                ? "g" : inventory.groupNames().first()))) {
            try {
                Selection selection = Selection.parse(groups.isEmpty() ? null : List.of("web[01-02],@web"), groups,
                        List.of("h"), null, groups.isEmpty());
                assertThat(inventory.select(selection)).isNotEmpty();
            } catch (SelectionException e) {
                Fuzz.assertOneLine(e.getMessage());
            }
        }
    }

    @Provide
    Arbitrary<String> inventories() {
        Arbitrary<String> key = Arbitraries.of("address", "hostname", "port", "user", "password", "password_env",
                "identity_file", "known_hosts", "groups", "hosts", "children", "name", "username", "identityfile",
                "prot", "domain", "PORT", "Address", "", " ", "colour", "ansible_host", "a", "b", "c");
        Arbitrary<String> value = Arbitraries.frequencyOf(
                weighted(5, Arbitraries.of("22", "0", "65536", "abc", "2222", "~/x", "~root/x", "~", "%(name)s",
                        "%(name)s.%(domain)s", "%(nope)s", "%%", "%", "%(", "%(port)s", "%(user)s", "g1, g2", "@web",
                        "web, db", "PW", "NOPE", "deploy", "10.0.0.1 10.0.0.2", "", "a\u0000b", "%(a)s%(b)s",
                        "%(b)s".repeat(30), "%(c)s".repeat(30), "%(a)s".repeat(30), "x".repeat(200))),
                weighted(3, Inputs.patterns()),
                weighted(2, Inputs.noise()));
        Arbitrary<String> option = Combinators.combine(key, Arbitraries.of(" = ", "=", ": ", " : ", "  =  "), value)
                .as((k, separator, v) -> k + separator + v);
        Arbitrary<String> header = Arbitraries.frequencyOf(
                weighted(6, Inputs.patterns().map(p -> "[" + p + "]")),
                weighted(3, Inputs.names().map(n -> "[group:" + n + "]")),
                weighted(2, Arbitraries.just("[DEFAULT]")),
                weighted(1, Arbitraries.of("[", "[]", "[a]]x", "[group:]", "[ web ]", "[a] ; c", "[default]")));
        Arbitrary<String> line = Arbitraries.frequencyOf(
                weighted(5, option),
                weighted(3, header),
                weighted(2, value.map(v -> "  " + v)),
                weighted(1, Arbitraries.of("# comment", "; comment", "", "   ", "\t")),
                weighted(1, Inputs.noise()));
        return Inputs.joined(line, 30);
    }

    @Provide
    Arbitrary<String> noise() {
        return Inputs.joined(Inputs.noise(), 10);
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Inputs.bytes(inventories());
    }
}
