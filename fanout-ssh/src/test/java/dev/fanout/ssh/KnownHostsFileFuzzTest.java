package dev.fanout.ssh;

import dev.fanout.testkit.Fuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * known_hosts files, near-valid and random: parsing never throws (OpenSSH skips lines it cannot read), a look-up
 * never throws, both within the time limit; and a line written for a new key is found again by its name.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class KnownHostsFileFuzzTest {
    private static final List<String> NAMES = List.of("web01", "WEB01", "[web01]:2222", "10.0.0.1", "db.lab", "");
    private static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
    void anyLinesParseAndLookUpWithoutThrowing(@ForAll("files") List<String> lines) throws Exception {
        Fuzz.within(() -> {
            KnownHostsFile file = KnownHostsFile.parse(lines);
            for (String name : NAMES) {
                assertThat(file.keysOf(name).size() + file.revokedFor(name).size()).isLessThanOrEqualTo(lines.size());
            }
            return null;
        });
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.MIXIN)
    void aLineWrittenForANewKeyIsFoundByItsName(@ForAll("hostNames") String name,
                                                 @ForAll("files") List<String> before) throws Exception {
        Fuzz.within(() -> {
            byte[] blob = Base64.getDecoder().decode(KEY);
            KnownHostsFile file = KnownHostsFile.parse(before)
                    .plus(KnownHostsFile.Entry.parse(before.size() + 1,
                            KnownHostsFile.Entry.format(name, "ssh-ed25519", blob)));
            assertThat(file.keysOf(name)).anyMatch(e -> e.line() == before.size() + 1);
            return null;
        });
    }

    @Provide
    Arbitrary<String> hostNames() {
        return Arbitraries.of("web01", "Web01.Example.COM", "[web01]:2222", "10.0.0.1", "[::1]:22", "h-1_2");
    }

    @Provide
    Arbitrary<List<String>> files() {
        Arbitrary<String> base64 = Arbitraries.frequencyOf(
                weighted(3, Arbitraries.just(KEY)),
                weighted(1, Arbitraries.bytes().array(byte[].class).ofMaxSize(40)
                        .map(b -> Base64.getEncoder().encodeToString(b))),
                weighted(1, Arbitraries.of("", "=", "AAAA=", "!!!", "AAA", "A===")));
        Arbitrary<String> salted = Combinators.combine(base64, base64).as((salt, hash) -> "|1|" + salt + "|" + hash);
        Arbitrary<String> hosts = Arbitraries.frequencyOf(
                weighted(3, Arbitraries.of("web01", "WEB01,10.0.0.1", "[web01]:2222", "*.lab", "web*,!web02", "?",
                        "!*", "*", ",", "", "[web01]:*", "a,,b", "*a*a*a*a*a*a*a*a*a*b")),
                weighted(2, salted),
                weighted(1, Arbitraries.of("|1|", "|1|x", "|1||", "|2|a|b", "|1|a|b|c")),
                weighted(1, Arbitraries.strings().ofMaxLength(30)));
        Arbitrary<String> line = Arbitraries.frequencyOf(
                weighted(6, Combinators.combine(Arbitraries.of("", "", "@revoked ", "@cert-authority ", "@bogus ",
                        "@revoked"), hosts, Arbitraries.of("ssh-ed25519", "ssh-rsa", "", "x"), base64,
                        Arbitraries.of("", " comment", " a b c")).as((marker, h, type, key, comment) ->
                        marker + h + " " + type + " " + key + comment)),
                weighted(1, Arbitraries.of("", "# comment", "   ", "\t#", "web01", "web01 ssh-ed25519")),
                weighted(2, Arbitraries.strings().ofMaxLength(60)));
        return line.list().ofMaxSize(20);
    }

    private static net.jqwik.api.Tuple.Tuple2<Integer, Arbitrary<? extends String>> weighted(int weight,
                                                                                            Arbitrary<String> a) {
        return net.jqwik.api.Tuple.of(weight, a);
    }
}
