package dev.fanout.ssh;

import dev.fanout.core.sshconfig.SshPatterns;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The content of one known_hosts file in OpenSSH's format, read at one moment: plain host patterns with
 * {@code *}, {@code ?} and {@code !} negation, {@code [host]:port} names, hashed {@code |1|salt|hash} names and the
 * {@code @revoked} marker ({@code @cert-authority} lines are kept but never match: host certificates are not
 * supported). Lines that cannot be parsed are ignored, as OpenSSH does. Immutable and thread-safe.
 */
final class KnownHostsFile {

    static final KnownHostsFile EMPTY = new KnownHostsFile(List.of());

    private final List<Entry> entries;
    /**
     * The entries whose host field is a list of plain names (no wildcard, no negation, not hashed), by each of those
     * names in lower case, in file order: a look-up costs the same with one line or with 100,000.
     */
    private final Map<String, List<Entry>> byName;
    /** The other entries (patterns, negations, hashed names), matched one by one, in file order. */
    private final List<Entry> patterns;

    private KnownHostsFile(List<Entry> entries) {
        this.entries = List.copyOf(entries);
        Map<String, List<Entry>> names = new HashMap<>();
        List<Entry> others = new ArrayList<>();
        for (Entry entry : this.entries) {
            String[] hostNames = entry.hosts().startsWith("|") ? null : entry.hosts().split(",");
            if (hostNames == null || Arrays.stream(hostNames).anyMatch(KnownHostsFile::isPattern)) {
                others.add(entry);
                continue;
            }
            for (String name : new LinkedHashSet<>(Arrays.asList(hostNames))) {
                names.computeIfAbsent(name.toLowerCase(Locale.ROOT), n -> new ArrayList<>(1)).add(entry);
            }
        }
        this.byName = names;
        this.patterns = others;
    }

    private static boolean isPattern(String name) {
        return name.isEmpty() || name.startsWith("!") || name.indexOf('*') >= 0 || name.indexOf('?') >= 0;
    }

    /** Parses the lines of a known_hosts file; line numbers count from 1. */
    static KnownHostsFile parse(List<String> lines) {
        var entries = new ArrayList<Entry>();
        for (int i = 0; i < lines.size(); i++) {
            Entry entry = Entry.parse(i + 1, lines.get(i));
            if (entry != null) {
                entries.add(entry);
            }
        }
        return new KnownHostsFile(entries);
    }

    /** This content with {@code entry} added at the end. */
    KnownHostsFile plus(Entry entry) {
        var more = new ArrayList<>(entries);
        more.add(entry);
        return new KnownHostsFile(more);
    }

    /** The plain (unmarked) entries whose host patterns match {@code hostName}, in file order. */
    List<Entry> keysOf(String hostName) {
        return matching(hostName, Marker.NONE);
    }

    /** The {@code @revoked} entries whose host patterns match {@code hostName}. */
    List<Entry> revokedFor(String hostName) {
        return matching(hostName, Marker.REVOKED);
    }

    private List<Entry> matching(String hostName, Marker marker) {
        List<Entry> found = new ArrayList<>();
        for (Entry entry : byName.getOrDefault(hostName.toLowerCase(Locale.ROOT), List.of())) {
            if (entry.marker() == marker) {
                found.add(entry);
            }
        }
        int named = found.size();
        for (Entry entry : patterns) {
            if (entry.marker() == marker && entry.matches(hostName)) {
                found.add(entry);
            }
        }
        if (named > 0 && found.size() > named) {
            found.sort(Comparator.comparingInt(Entry::line));
        }
        return List.copyOf(found);
    }

    /** A line's marker. */
    enum Marker { NONE, REVOKED, CERT_AUTHORITY }

    /**
     * One parsed line.
     *
     * @param line    the line number, from 1
     * @param marker  the line's marker
     * @param hosts   the host field as written (patterns, or one hashed name)
     * @param keyType the key type field, e.g. {@code ssh-ed25519}
     * @param keyBlob the decoded public key blob
     */
    record Entry(int line, Marker marker, String hosts, String keyType, byte[] keyBlob) {

        static Entry parse(int line, String text) {
            String trimmed = text.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                return null;
            }
            String[] fields = trimmed.split("\\s+");
            int next = 0;
            Marker marker = Marker.NONE;
            if (fields[0].startsWith("@")) {
                marker = switch (fields[0]) {
                    case "@revoked" -> Marker.REVOKED;
                    case "@cert-authority" -> Marker.CERT_AUTHORITY;
                    default -> null;
                };
                next = 1;
            }
            if (marker == null || fields.length < next + 3) {
                return null;
            }
            try {
                byte[] blob = Base64.getDecoder().decode(fields[next + 2]);
                return new Entry(line, marker, fields[next], fields[next + 1], blob);
            } catch (IllegalArgumentException e) {
                return null;
            }
        }

        /** Whether this entry's host field names {@code hostName} ({@code host} or {@code [host]:port}). */
        boolean matches(String hostName) {
            String name = hostName.toLowerCase(Locale.ROOT);
            if (hosts.startsWith("|1|")) {
                return hashedNameMatches(hosts, name);
            }
            boolean matched = false;
            for (String pattern : hosts.split(",")) {
                boolean negated = pattern.startsWith("!");
                String glob = (negated ? pattern.substring(1) : pattern).toLowerCase(Locale.ROOT);
                if (SshPatterns.glob(glob, name)) {
                    if (negated) {
                        return false;
                    }
                    matched = true;
                }
            }
            return matched;
        }

        /** The line OpenSSH would write for a new key: {@code name type base64}. */
        static String format(String hostName, String keyType, byte[] keyBlob) {
            return hostName + " " + keyType + " " + Base64.getEncoder().encodeToString(keyBlob);
        }
    }

    static boolean hashedNameMatches(String hashed, String name) {
        String[] parts = hashed.split("\\|");
        if (parts.length != 4) {
            return false;
        }
        try {
            byte[] salt = Base64.getDecoder().decode(parts[2]);
            byte[] expected = Base64.getDecoder().decode(parts[3]);
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(salt, "HmacSHA1"));
            return MessageDigest.isEqual(expected, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
        } catch (IllegalArgumentException | GeneralSecurityException e) {
            return false;
        }
    }
}
