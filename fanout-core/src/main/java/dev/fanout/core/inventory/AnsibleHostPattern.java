package dev.fanout.core.inventory;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ansible's host patterns in an inventory: {@code host}, {@code host:port}, and ranges {@code web[01:20]},
 * {@code db-[a:f]}, {@code n[1:10:2]} (start:end[:stride], several ranges multiply). Stateless and thread-safe.
 *
 * <p>As Ansible's {@code expand_hostname_range}: a start with a leading zero pads every number to its width (the
 * end must be as wide), an empty start is 0, letters count through {@code a-zA-Z}.
 */
final class AnsibleHostPattern {
    private static final String LETTERS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final Pattern RANGE = Pattern.compile("([^\\[\\]]*)\\[([^\\[\\]:]*):([^\\[\\]:]*)(?::([^\\[\\]]*))?]"
            + "(.*)");
    private static final Pattern PORT = Pattern.compile("(.*[^:]):(\\d+)");

    /**
     * A pattern and the port it names.
     *
     * @param names the host names, in range order
     * @param port  the port after a {@code :}, or null
     */
    record Expanded(List<String> names, String port) {
    }

    private AnsibleHostPattern() {
    }

    /**
     * The hosts a pattern stands for.
     *
     * @throws InventoryException naming {@code source} and {@code line} for a bad range or too many names
     */
    static Expanded expand(String pattern, String source, int line) throws InventoryException {
        String port = null;
        String names = pattern;
        Matcher m = PORT.matcher(pattern);
        // host:port, but not an IPv6 address (several colons) outside brackets.
        if (m.matches() && m.group(1).indexOf(':') < 0) {
            names = m.group(1);
            port = m.group(2);
        }
        List<String> out = new ArrayList<>();
        expand(names, pattern, source, line, out);
        return new Expanded(List.copyOf(out), port);
    }

    private static void expand(String name, String pattern, String source, int line, List<String> out)
            throws InventoryException {
        Matcher m = RANGE.matcher(name);
        if (!m.matches()) {
            if (name.indexOf('[') >= 0 || name.indexOf(']') >= 0) {
                throw bad(pattern, source, line, "a range is [START:END] or [START:END:STRIDE]");
            }
            add(out, name, pattern, source, line);
            return;
        }
        String head = m.group(1);
        String begin = m.group(2).isEmpty() ? "0" : m.group(2);
        String end = m.group(3);
        String tail = m.group(5);
        if (end.isEmpty()) {
            throw bad(pattern, source, line, "the range has no end");
        }
        int stride = 1;
        if (m.group(4) != null) {
            if (!m.group(4).matches("\\d{1,9}") || Integer.parseInt(m.group(4)) == 0) {
                throw bad(pattern, source, line, "the stride must be a number above 0");
            }
            stride = Integer.parseInt(m.group(4));
        }
        int letterBegin = begin.length() == 1 ? LETTERS.indexOf(begin) : -1;
        int letterEnd = end.length() == 1 ? LETTERS.indexOf(end) : -1;
        if (letterBegin >= 0 && letterEnd >= 0) {
            if (letterBegin > letterEnd) {
                throw bad(pattern, source, line, "the range must have start <= end");
            }
            for (int i = letterBegin; i <= letterEnd; i += stride) {
                expand(head + LETTERS.charAt(i) + tail, pattern, source, line, out);
            }
            return;
        }
        if (!begin.matches("\\d{1,18}") || !end.matches("\\d{1,18}")) {
            throw bad(pattern, source, line, "a range counts numbers or single letters");
        }
        int width = begin.length() > 1 && begin.charAt(0) == '0' ? begin.length() : 0;
        if (width > 0 && end.length() != width) {
            throw bad(pattern, source, line, "a padded range's start and end must be as wide");
        }
        long from = Long.parseLong(begin);
        long to = Long.parseLong(end);
        if (from > to) {
            throw bad(pattern, source, line, "the range must have start <= end");
        }
        for (long i = from; i <= to; i += stride) {
            String number = String.valueOf(i);
            if (width > number.length()) {
                number = "0".repeat(width - number.length()) + number;
            }
            expand(head + number + tail, pattern, source, line, out);
        }
    }

    private static void add(List<String> out, String name, String pattern, String source, int line)
            throws InventoryException {
        if (out.size() >= Inventory.MAX_HOSTS) {
            throw bad(pattern, source, line, "more than " + Inventory.MAX_HOSTS + " names");
        }
        out.add(name);
    }

    private static InventoryException bad(String pattern, String source, int line, String why) {
        return new InventoryException(source, line, "bad host pattern '" + pattern + "': " + why);
    }
}
