package dev.fanout.core.fuzz;

import dev.fanout.testkit.Fuzz;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.InventoryException;
import dev.fanout.core.sshconfig.SshConfig;
import dev.fanout.core.sshconfig.SshConfigException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static dev.fanout.core.fuzz.Inputs.weighted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * ssh_config (ConfigFile, SshConfig) fed near-valid files that include one another, and random bytes: loading ends in
 * a configuration whose warnings are one line each, or in a one-line SshConfigException naming a file; resolving a
 * host ends in a value or a one-line SshConfigException; an inventory completed from it has one-line reasons for
 * hosts it cannot use. All within the time limit.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class SshConfigFuzzTest {
    private static final List<String> HOSTS = List.of("web01", "WEB01", "db.lab", "bastion", "10.0.0.1", "h");
    private static final List<String> INCLUDED = List.of("inc1", "inc2", "conf.d/a", "conf.d/b");
    private static Path home;

    @BeforeContainer
    static void createHome() throws IOException {
        home = Files.createTempDirectory("fuzz-home");
        Files.createDirectories(home.resolve(".ssh/conf.d"));
    }

    @AfterContainer
    static void deleteHome() throws IOException {
        try (Stream<Path> files = Files.walk(home)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
    void nearValidFilesLoadAndResolveOrFailOnOneLine(@ForAll("configs") List<String> files) throws Exception {
        Path config = home.resolve(".ssh/config");
        Files.writeString(config, files.getFirst());
        for (int i = 0; i < INCLUDED.size(); i++) {
            Files.writeString(home.resolve(".ssh").resolve(INCLUDED.get(i)), files.get(i + 1));
        }
        Fuzz.within(() -> {
            check(config);
            return null;
        });
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.MIXIN)
    void anyBytesLoadAndResolveOrFailOnOneLine(@ForAll("bytes") byte[] bytes) throws Exception {
        Path config = home.resolve(".ssh/config");
        Files.write(config, bytes);
        for (String included : INCLUDED) {
            Files.deleteIfExists(home.resolve(".ssh").resolve(included));
        }
        Fuzz.within(() -> {
            check(config);
            return null;
        });
    }

    private static void check(Path config) throws Exception {
        SshConfig.Context context = new SshConfig.Context(home, Map.of("HOME", home.toString(), "KEYS", "/k")::get);
        SshConfig ssh;
        try {
            ssh = SshConfig.load(config, context);
        } catch (SshConfigException e) {
            Fuzz.assertOneLine(e.getMessage());
            assertThat(e.getMessage()).startsWith("~/.ssh/");
            return;
        }
        ssh.warnings().forEach(Fuzz::assertOneLine);
        for (String host : HOSTS) {
            try {
                SshConfig.Resolved resolved = ssh.resolve(host, null, 0, "me");
                assertThat(resolved.port()).isBetween(1, 65535);
                assertThat(resolved.proxyJump().size()).isLessThanOrEqualTo(16);
            } catch (SshConfigException e) {
                Fuzz.assertOneLine(e.getMessage());
            }
        }
        try {
            Inventory inventory = Inventory.parse("[web01]\n[db.lab]\naddress = bastion\nport = 2222\n[h]\n",
                    "hosts.ini", Map.of("HOME", home.toString())::get, "me", ssh);
            for (Host host : inventory.hosts()) {
                inventory.unusable(host.name()).ifPresent(Fuzz::assertOneLine);
            }
        } catch (InventoryException e) {
            Fuzz.assertOneLine(e.getMessage());
        }
    }

    @Provide
    Arbitrary<List<String>> configs() {
        return file().list().ofSize(1 + INCLUDED.size());
    }

    @Provide
    Arbitrary<byte[]> bytes() {
        return Inputs.bytes(file());
    }

    private static Arbitrary<String> file() {
        Arbitrary<String> keyword = Arbitraries.of("HostName", "Port", "User", "IdentityFile", "IdentitiesOnly",
                "UserKnownHostsFile", "ProxyJump", "ProxyCommand", "user", "PORT", "Usr", "Frobnicate",
                "ServerAliveInterval", "IgnoreUnknown", "SendEnv", "hostname");
        Arbitrary<String> token = Arbitraries.of("%h", "%n", "%p", "%r", "%u", "%d", "%l", "%L", "%i", "%C", "%j",
                "%k", "%%", "%z", "%", "${HOME}", "${NOPE}", "${", "~", "~/", "~root/");
        Arbitrary<String> word = Arbitraries.frequencyOf(
                weighted(4, Arbitraries.of("22", "ssh", "https", "0", "65536", "nosuch", "yes", "no", "maybe", "none",
                        "deploy", "bastion", "ops@bastion:2222", "a,b,c", "ssh://x:22/", "[::1]:2200", "@x", "x:",
                        "web*", "!web01", "*.lab", "\"quoted arg\"", "'single'", "\"unterminated", "a\\ b", "#c")),
                weighted(3, Combinators.combine(Arbitraries.of("", "~/.ssh/", "/k/", "x"), token, token)
                        .as((a, b, c) -> a + b + c)),
                weighted(1, Arbitraries.of(String.join(",", java.util.Collections.nCopies(20, "hop")))),
                weighted(2, Inputs.noise()));
        Arbitrary<String> arguments = word.list().ofMinSize(0).ofMaxSize(3).map(list -> String.join(" ", list));
        Arbitrary<String> setting = Combinators.combine(Arbitraries.of("  ", "", "\t"), keyword,
                Arbitraries.of(" ", "=", " = ", "\t"), arguments).as((indent, k, separator, a) -> indent + k
                + separator + a);
        Arbitrary<String> host = Inputs.patterns().list().ofMinSize(0).ofMaxSize(3)
                .map(list -> "Host " + String.join(" ", list));
        Arbitrary<String> match = Combinators.combine(Arbitraries.of("", "!"), Arbitraries.of("all", "host",
                "originalhost", "user", "localuser", "canonical", "final", "exec", "tagged", "bogus"),
                Arbitraries.of("", " web*", " !db*,*", " me", " \"true\"")).as((not, what, argument) -> not + what
                + argument).list().ofMinSize(1).ofMaxSize(3).map(list -> "Match " + String.join(" ", list));
        Arbitrary<String> include = Arbitraries.of("inc1", "inc2", "conf.d/*", "config", "~/.ssh/inc1", "missing",
                "conf.d/?", "inc*", "/nonexistent/*", "").map(target -> "Include " + target);
        Arbitrary<String> line = Arbitraries.frequencyOf(
                weighted(6, setting),
                weighted(2, host),
                weighted(1, match),
                weighted(2, include),
                weighted(1, Arbitraries.of("# comment", "", "   ", "Host", "Match", "Include")),
                weighted(1, Inputs.noise()));
        return Inputs.joined(line, 25).map(text -> new String(text.getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8));
    }
}
