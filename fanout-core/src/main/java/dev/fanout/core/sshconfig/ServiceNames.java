package dev.fanout.core.sshconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * TCP service names of {@code /etc/services}, as ssh looks a port name up with getservbyname(3): {@code ssh} is 22.
 * The file is read once, when a name is first looked up. Thread-safe.
 */
final class ServiceNames {
    private static final Pattern FIELDS = Pattern.compile("[ \t]+");

    private ServiceNames() {
    }

    /** The port of a TCP service name or alias, or 0 when the system knows none by that name. */
    static int tcpPort(String name) {
        return name.isEmpty() ? 0 : Holder.TCP.getOrDefault(name, 0);
    }

    /** The TCP services of a services(5) text: {@code name port/protocol [aliases...] [# comment]}. */
    static Map<String, Integer> parse(String text) {
        var ports = new HashMap<String, Integer>();
        for (String line : text.split("\n")) {
            int hash = line.indexOf('#');
            String[] fields = FIELDS.split((hash >= 0 ? line.substring(0, hash) : line).strip());
            if (fields.length < 2) {
                continue;
            }
            int slash = fields[1].indexOf('/');
            if (slash < 1 || !fields[1].substring(slash + 1).equals("tcp")) {
                continue;
            }
            String number = fields[1].substring(0, slash);
            if (number.length() > 5 || !number.chars().allMatch(c -> c >= '0' && c <= '9')) {
                continue;
            }
            int port = Integer.parseInt(number);
            if (port < 1 || port > 65535) {
                continue;
            }
            for (int i = 0; i < fields.length; i++) {
                if (i != 1) {
                    ports.putIfAbsent(fields[i], port);
                }
            }
        }
        return Map.copyOf(ports);
    }

    /** Loaded on first use: most configurations give ports as numbers. */
    private static final class Holder {
        static final Map<String, Integer> TCP = load();

        private static Map<String, Integer> load() {
            try {
                return parse(Files.readString(Path.of("/etc/services"), StandardCharsets.ISO_8859_1));
            } catch (IOException e) {
                return Map.of();
            }
        }
    }
}
