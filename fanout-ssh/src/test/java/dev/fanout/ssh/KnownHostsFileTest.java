package dev.fanout.ssh;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Parsing and matching known_hosts lines, without a server. */
class KnownHostsFileTest {

    private static final String KEY = "AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl";

    @Test
    void namesMatchCaseInsensitivelyAndNegationWins() {
        var file = KnownHostsFile.parse(List.of(
                "Web1.Example.COM,10.0.0.1 ssh-ed25519 " + KEY,
                "*.example.com,!db.example.com ssh-ed25519 " + KEY));
        assertThat(file.keysOf("web1.example.com")).extracting(KnownHostsFile.Entry::line).containsExactly(1, 2);
        assertThat(file.keysOf("10.0.0.1")).extracting(KnownHostsFile.Entry::line).containsExactly(1);
        assertThat(file.keysOf("db.example.com")).isEmpty();
    }

    @Test
    void plainNamesAndPatternsMatchingOneHostComeInFileOrder() {
        var file = KnownHostsFile.parse(List.of(
                "*.example.com ssh-ed25519 " + KEY,
                "other.example.com ssh-ed25519 " + KEY,
                "web1.example.com,web1 ssh-rsa " + KEY,
                "web?.example.com,!web2.example.com ecdsa-sha2-nistp256 " + KEY,
                "@revoked WEB1.example.com ssh-ed25519 " + KEY,
                "web1.example.com ssh-ed25519 " + KEY));
        assertThat(file.keysOf("web1.example.com")).extracting(KnownHostsFile.Entry::line).containsExactly(1, 3, 4, 6);
        assertThat(file.keysOf("WEB1")).extracting(KnownHostsFile.Entry::line).containsExactly(3);
        assertThat(file.keysOf("web2.example.com")).extracting(KnownHostsFile.Entry::line).containsExactly(1);
        assertThat(file.revokedFor("web1.example.com")).extracting(KnownHostsFile.Entry::line).containsExactly(5);
    }

    /** A fleet's known_hosts has a line per host; looking each host up must not scan them all (10,000 x 10,000). */
    @Test
    void eachOfTenThousandHostsIsFoundAmongTenThousandLinesQuickly() {
        var lines = new ArrayList<String>();
        for (int i = 0; i < 10_000; i++) {
            lines.add("[127.1." + i / 250 + "." + (i % 250 + 1) + "]:2222 ssh-ed25519 " + KEY);
        }
        var file = KnownHostsFile.parse(lines);
        long start = System.nanoTime();
        for (int i = 0; i < 10_000; i++) {
            assertThat(file.keysOf("[127.1." + i / 250 + "." + (i % 250 + 1) + "]:2222"))
                    .extracting(KnownHostsFile.Entry::line).containsExactly(i + 1);
        }
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void commentsBlankLinesAndBrokenLinesAreSkippedButCountedForLineNumbers() {
        var file = KnownHostsFile.parse(List.of(
                "# comment",
                "",
                "host-without-key ssh-ed25519",
                "bad ssh-ed25519 !!!not-base64!!!",
                "@unknown-marker host ssh-ed25519 " + KEY,
                "  host ssh-ed25519 " + KEY + " trailing comment"));
        assertThat(file.keysOf("host")).singleElement().satisfies(e -> {
            assertThat(e.line()).isEqualTo(6);
            assertThat(e.keyType()).isEqualTo("ssh-ed25519");
        });
    }

    @Test
    void markedLinesAreNotPlainKeys() {
        var file = KnownHostsFile.parse(List.of(
                "@revoked * ssh-ed25519 " + KEY,
                "@cert-authority *.example.com ssh-ed25519 " + KEY));
        assertThat(file.keysOf("web.example.com")).isEmpty();
        assertThat(file.revokedFor("web.example.com")).extracting(KnownHostsFile.Entry::line).containsExactly(1);
    }

    @Test
    void aHashedNameMatchesOnlyItsHost() {
        // Written by: echo "[127.0.0.1]:2222 ssh-ed25519 KEY" > f; ssh-keygen -H -f f
        String hashed = "|1|8m5H13dkUmiqWLDbwjpMgYiJDyY=|LTtzQ47v7c1GlkwG0CaQWRPLuQQ=";
        assertThat(KnownHostsFile.hashedNameMatches(hashed, "[127.0.0.1]:2222")).isTrue();
        assertThat(KnownHostsFile.hashedNameMatches(hashed, "[127.0.0.1]:2223")).isFalse();
        assertThat(KnownHostsFile.hashedNameMatches("|1|broken", "[127.0.0.1]:2222")).isFalse();
    }

    @Test
    void theNameOffPort22IsBracketedWithThePort() {
        assertThat(HostKeyCheck.hostName("web1", 22)).isEqualTo("web1");
        assertThat(HostKeyCheck.hostName("10.0.0.1", 2222)).isEqualTo("[10.0.0.1]:2222");
    }
}
