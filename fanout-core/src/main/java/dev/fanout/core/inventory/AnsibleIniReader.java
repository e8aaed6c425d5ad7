package dev.fanout.core.inventory;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an Ansible inventory in its INI format, as Ansible's {@code ini} inventory plugin does. Stateless and
 * thread-safe.
 *
 * <p>Lines starting with {@code #} or {@code ;} are comments; hosts before the first section are ungrouped;
 * {@code [NAME]} lists hosts, one per line, each a host pattern followed by {@code key=value} variables (split as a
 * shell splits words, so values may be quoted); {@code [NAME:children]} lists child groups; {@code [NAME:vars]}
 * holds {@code key=value} variables of the group. As Ansible, a group named in {@code :children} or {@code :vars}
 * must have a {@code [NAME]} or {@code [NAME:children]} section somewhere in the file.
 */
final class AnsibleIniReader {
    /** A line that may hold a password: no message quotes text from it. */
    private static final Pattern SECRET = Pattern.compile("(?i)pass");
    private static final Pattern HEADER = Pattern.compile("\\[([^:\\]\\s=]+)(?::(\\w+))?]\\s*(?:[#;].*)?");

    private AnsibleIniReader() {
    }

    static AnsibleInventory read(String text, String source) throws InventoryException {
        AnsibleInventory inventory = new AnsibleInventory(source);
        record Pending(String group, int line) {
        }
        List<Pending> varsSections = new ArrayList<>();
        List<Pending> childLines = new ArrayList<>();
        Set<String> declared = new HashSet<>(Set.of(AnsibleInventory.ALL, AnsibleInventory.UNGROUPED));
        String group = AnsibleInventory.UNGROUPED;
        String state = "hosts";
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String l = lines[i].strip();
            if (i == 0 && l.startsWith("\uFEFF")) {
                l = l.substring(1).strip();
            }
            if (l.isEmpty() || l.charAt(0) == '#' || l.charAt(0) == ';') {
                continue;
            }
            try {
                if (l.charAt(0) == '[') {
                    Matcher m = HEADER.matcher(l);
                    if (!m.matches()) {
                        throw new InventoryException(source, line, "bad section header '" + l
                                + "': expected [GROUP], [GROUP:vars] or [GROUP:children]");
                    }
                    group = m.group(1);
                    state = m.group(2) == null ? "hosts" : m.group(2);
                    switch (state) {
                        case "hosts", "children" -> {
                            inventory.group(group, line);
                            declared.add(group);
                        }
                        case "vars" -> varsSections.add(new Pending(group, line));
                        default -> throw new InventoryException(source, line, "section [" + m.group(1) + ":"
                                + state + "] has unknown type '" + state + "': expected vars or children");
                    }
                    continue;
                }
                switch (state) {
                    case "hosts" -> host(inventory, group, l, source, line);
                    case "children" -> {
                        String child = l.split("[\\s#;]", 2)[0];
                        String bad = Inventory.badGroupName(child);
                        if (bad != null) {
                            throw new InventoryException(source, line, "bad group name '" + child + "' in section ["
                                    + group + ":children]: " + bad);
                        }
                        inventory.addChild(group, child, line);
                        childLines.add(new Pending(group + ":" + child, line));
                    }
                    default -> {
                        int eq = l.indexOf('=');
                        if (eq < 0) {
                            throw new InventoryException(source, line, "expected key=value in section [" + group
                                    + ":vars], got " + shown(l));
                        }
                        String key = l.substring(0, eq).strip();
                        String value = unquote(l.substring(eq + 1).strip());
                        inventory.group(group, line).vars.put(key, value(value, line));
                    }
                }
        
            } catch (InventoryException e) {
                throw hidingSecret(e, l, source, line);
            }
        }
        for (Pending p : childLines) {
            String child = p.group().substring(p.group().indexOf(':') + 1);
            if (!declared.contains(child)) {
                throw new InventoryException(source, p.line(), "section [" + p.group().substring(0,
                        p.group().indexOf(':')) + ":children] names group '" + child + "', which has no section "
                        + "of its own (Ansible refuses it too: add [" + child + "])");
            }
        }
        for (Pending p : varsSections) {
            if (!declared.contains(p.group())) {
                throw new InventoryException(source, p.line(), "section [" + p.group() + ":vars] is for group '"
                        + p.group() + "', which the file does not define");
            }
        }
        return inventory;
    }

    private static void host(AnsibleInventory inventory, String group, String text, String source, int line)
            throws InventoryException {
        List<String> words = ShellWords.split(text, source, line);
        if (words.isEmpty()) {
            return;
        }
        if (SECRET.matcher(words.getFirst()).find() && words.getFirst().indexOf('=') >= 0) {
            throw new InventoryException(source, line, "expected a host name first, got a variable (not shown: it "
                    + "may hold a password)");
        }
        Map<String, AnsibleInventory.Value> vars = new LinkedHashMap<>();
        for (String word : words.subList(1, words.size())) {
            int eq = word.indexOf('=');
            if (eq <= 0) {
                throw new InventoryException(source, line, "expected key=value host variable after the host "
                        + "name, got " + (SECRET.matcher(text).find() ? shown(text) : shown(word)));
            }
            vars.put(word.substring(0, eq), value(word.substring(eq + 1), line));
        }
        AnsibleHostPattern.Expanded expanded = AnsibleHostPattern.expand(words.getFirst(), source, line);
        if (expanded.port() != null) {
            vars.putIfAbsent("ansible_port", new AnsibleInventory.Value(expanded.port(), false, line));
        }
        for (String name : expanded.names()) {
            String bad = Inventory.badName(name);
            if (bad != null) {
                throw new InventoryException(source, line, "bad host name '" + name + "': " + bad);
            }
            inventory.addHost(group, name, vars, line);
        }
    }

    /**
     * The error about a line, or, when the line may hold a password and the message quotes what follows the word
     * that says so, a message that quotes nothing of it.
     */
    private static InventoryException hidingSecret(InventoryException e, String l, String source, int line) {
        Matcher m = SECRET.matcher(l);
        if (!m.find()) {
            return e;
        }
        String[] rest = l.substring(m.end()).split("[=:\\s]", 2);
        String tail = rest.length > 1 ? rest[1].strip() : "";
        if (tail.isEmpty() || !e.getMessage().contains(tail)) {
            return e;
        }
        return new InventoryException(source, line, "this line is not a host, a group or a variable (not shown: it "
                + "may hold a password)");
    }

    /** Text of the file for a message: quoted, unless the line may hold a password. */
    private static String shown(String text) {
        return SECRET.matcher(text).find() ? "text not shown (it may hold a password)" : "'" + text + "'";
    }

    private static AnsibleInventory.Value value(String text, int line) {
        return new AnsibleInventory.Value(text, text.startsWith("$ANSIBLE_VAULT;"), line);
    }

    /** A value in quotes without them, as Python's literal_eval reads a quoted string. */
    private static String unquote(String value) {
        if (value.length() >= 2 && (value.charAt(0) == '"' || value.charAt(0) == '\'')
                && value.charAt(value.length() - 1) == value.charAt(0)) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    /**
     * Python's {@code shlex.split(text, comments=True)}, enough for host lines: quotes, backslashes, comments.
     * Stateless and thread-safe.
     */
    static final class ShellWords {
        private ShellWords() {
        }

        static List<String> split(String text, String source, int line) throws InventoryException {
            List<String> words = new ArrayList<>();
            StringBuilder word = new StringBuilder();
            boolean inWord = false;
            char quote = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (quote != 0) {
                    if (c == quote) {
                        quote = 0;
                    } else if (c == '\\' && quote == '"' && i + 1 < text.length()
                            && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
                        word.append(text.charAt(++i));
                    } else {
                        word.append(c);
                    }
                    continue;
                }
                if (c == '#') {
                    break;
                }
                if (Character.isWhitespace(c)) {
                    if (inWord) {
                        words.add(word.toString());
                        word.setLength(0);
                        inWord = false;
                    }
                    continue;
                }
                inWord = true;
                if (c == '"' || c == '\'') {
                    quote = c;
                } else if (c == '\\' && i + 1 < text.length()) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
            }
            if (quote != 0) {
                throw new InventoryException(source, line, "unterminated " + (quote == '"' ? "double" : "single")
                        + " quote");
            }
            if (inWord) {
                words.add(word.toString());
            }
            return words;
        }
    }
}
