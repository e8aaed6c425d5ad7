package dev.fanout.core.inventory;

import dev.fanout.core.text.Suggestions;

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
            Map.entry("child", "children"), Map.entry("subgroups", "children"),
            Map.entry("sudo", "become"), Map.entry("ansible_become", "become"), Map.entry("sudo_user", "become_user"),
            Map.entry("ansible_become_user", "become_user"), Map.entry("become_password", "become_password_env"),
            Map.entry("ansible_become_password", "become_password_env"),
            Map.entry("sudo_password", "become_password_env"), Map.entry("become_pass", "become_password_env"));

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
        return Suggestions.closest(key, known);
    }
}
