package dev.fanout.core.inventory;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Suggestions for mistyped inventory keys. Stateless and thread-safe. */
final class Keys {
    /** Names people write for our keys, from ssh_config, Ansible and habit. */
    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("ip", "address"), Map.entry("addr", "address"), Map.entry("host", "address"),
            Map.entry("ansible_host", "address"), Map.entry("ansible_port", "port"),
            Map.entry("username", "user"), Map.entry("login", "user"), Map.entry("ansible_user", "user"),
            Map.entry("pass", "password"), Map.entry("passwd", "password"), Map.entry("pw", "password"),
            Map.entry("key", "identity_file"), Map.entry("key_file", "identity_file"),
            Map.entry("keyfile", "identity_file"), Map.entry("private_key", "identity_file"),
            Map.entry("identityfile", "identity_file"), Map.entry("identity", "identity_file"),
            Map.entry("ssh_key", "identity_file"), Map.entry("knownhosts", "known_hosts"),
            Map.entry("userknownhostsfile", "known_hosts"), Map.entry("known_hosts_file", "known_hosts"),
            Map.entry("group", "groups"), Map.entry("member", "hosts"), Map.entry("members", "hosts"),
            Map.entry("child", "children"), Map.entry("subgroups", "children"));

    private Keys() {
    }

    /** {@code (did you mean 'x'?)} for the closest known key, else {@code (known keys: ...)}. */
    static String hint(String key, List<String> known) {
        return closest(key, known).map(best -> "(did you mean '" + best + "'?)")
                .orElse("(known keys: " + String.join(", ", known) + ")");
    }

    /** The known key that {@code key} is a common other name or a likely misspelling of, if any. */
    static Optional<String> closest(String key, List<String> known) {
        String alias = ALIASES.get(key);
        if (alias != null && known.contains(alias)) {
            return Optional.of(alias);
        }
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int d = distance(key, candidate);
            if (d < bestDistance) {
                best = candidate;
                bestDistance = d;
            }
        }
        if (best != null && bestDistance <= Math.max(1, Math.min(3, key.length() / 3))) {
            return Optional.of(best);
        }
        return Optional.empty();
    }

    /** The edit distance between two strings, counting an insertion, deletion, change or swap of neighbours as 1. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
