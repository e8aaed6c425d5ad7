package dev.fanout.core.inventory;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The formats an inventory file may be written in, and how a file's format is told from its content. Immutable and
 * thread-safe.
 *
 * <p>Detection is conservative and explainable: a directory is ClusterShell's {@code groups.d}; a file whose first
 * line that is not blank or a comment is {@code ---} or {@code NAME:} (a YAML mapping) is YAML, Ansible's when its
 * groups have {@code hosts}, {@code children} or {@code vars}, ClusterShell's when its keys map to node sets;
 * a file with {@code [Main]} or a section with a {@code map} is ClusterShell's groups.conf; a file with
 * {@code [NAME:vars]} or {@code [NAME:children]} sections, bare host lines, {@code host:port} lines, host ranges
 * {@code web[01:20]} or {@code host key=value} lines is
 * Ansible's INI; a file with {@code [DEFAULT]}, {@code [group:NAME]} or {@code key = value} lines of fanout's keys
 * is fanout's INI; a file without any section, of {@code [user@]host[:port]} lines, is a pssh host file (a plain
 * list of names is one). A file that shows the marks of two formats is an error that asks for
 * {@code --inventory-format}; one that shows none is fanout's INI.
 */
public enum InventoryFormat {
    /** fanout's own INI (Python configparser rules), also with paramiko's key names. */
    INI("ini"),
    /** An Ansible inventory in its INI format. */
    ANSIBLE("ansible"),
    /** An Ansible inventory in its YAML format. */
    ANSIBLE_YAML("ansible-yaml"),
    /** A parallel-ssh host file, or a plain list of host names. */
    PSSH("pssh"),
    /** ClusterShell node groups: groups.d YAML files, or a groups.conf. */
    CLUSTERSHELL("clustershell");

    private static final Pattern YAML_KEY = Pattern.compile("[^\\s\\[#;'\"][^=\\[]*:\\s*(#.*)?");
    private static final Pattern ANSIBLE_HEADER = Pattern.compile("\\[[^:\\]\\s]+:(vars|children)]\\s*");
    private static final Pattern HOST_WITH_VARS = Pattern.compile("\\S+\\s+[A-Za-z_][A-Za-z0-9_]*=.*");
    private static final Pattern OPTION = Pattern.compile("([^=:\\s][^=:]*?)\\s*[=:].*");
    private static final Pattern PSSH_LINE = Pattern.compile("([^@\\s]+@)?[^@\\s:\\[\\]=]+(:\\d*)?(\\s+[^\\s=]+)?");
    private static final Pattern ANSIBLE_RANGE = Pattern.compile("[^\\s=\\[]*\\[[^]=\\s]*:[^]=\\s]*][^\\s=]*(\\s.*)?");
    private static final Pattern HOST_PORT = Pattern.compile("[^\\s:=]+:\\d+");
    private static final Set<String> FANOUT_KEYS = Set.of("address", "hostname", "port", "user", "username",
            "password", "password_env", "identity_file", "known_hosts", "groups", "hosts", "children");

    private final String id;

    InventoryFormat(String id) {
        this.id = id;
    }

    /** The name {@code --inventory-format} takes: {@code ini}, {@code ansible}, ... */
    public String id() {
        return id;
    }

    /** The format named {@code id}, if there is one. */
    public static Optional<InventoryFormat> of(String id) {
        String wanted = id.toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(f -> f.id.equals(wanted)).findFirst();
    }

    /** The names of every format, comma-separated, for messages and help. */
    public static String ids() {
        return String.join(", ", Arrays.stream(values()).map(InventoryFormat::id).toList());
    }

    @Override
    public String toString() {
        return id;
    }

    /**
     * The format of a file's text, as the class documentation says.
     *
     * @throws InventoryException naming the two lines that show two formats, asking for --inventory-format
     */
    public static InventoryFormat detect(String text, String source) throws InventoryException {
        List<String[]> lines = significant(text);
        if (lines.isEmpty()) {
            return INI;
        }
        if (yamlStart(lines.getFirst()[1])) {
            return yamlKind(text, source);
        }
        Mark ansible = null;
        Mark fanout = null;
        Mark clustershell = null;
        boolean sections = false;
        String section = null;
        for (String[] entry : lines) {
            int line = Integer.parseInt(entry[0]);
            String l = entry[1];
            int close = l.charAt(0) == '[' ? l.indexOf(']') : -1;
            if (close > 0) {
                sections = true;
                section = l.substring(1, close);
                if (section.indexOf(':') > 0 && ANSIBLE_HEADER.matcher(l).matches()) {
                    ansible = ansible != null ? ansible : new Mark(line, "section " + l.strip());
                } else if (section.equals("DEFAULT") || section.startsWith("group:")) {
                    fanout = fanout != null ? fanout : new Mark(line, "section [" + section + "]");
                } else if (section.equals("Main")) {
                    clustershell = clustershell != null ? clustershell : new Mark(line, "section [Main]");
                }
                continue;
            }
            if (section == null) {
                if (PSSH_LINE.matcher(l).matches() || HOST_WITH_VARS.matcher(l).matches()) {
                    ansible = ansible != null ? ansible : new Mark(line, "a host line before the first section");
                }
                continue;
            }
            // The common case first, without a regular expression: a key of fanout's.
            int delimiter = delimiter(l);
            if (delimiter > 0 && FANOUT_KEYS.contains(IniFile.optionxform(l.substring(0, delimiter).strip()))) {
                fanout = fanout != null ? fanout : new Mark(line, "the key '"
                        + IniFile.optionxform(l.substring(0, delimiter).strip()) + "'");
                continue;
            }
            var option = OPTION.matcher(l);
            String key = option.matches() ? IniFile.optionxform(option.group(1).strip()) : null;
            if (ANSIBLE_RANGE.matcher(l).matches()) {
                ansible = ansible != null ? ansible : new Mark(line, "the host range " + l.split("\\s")[0]);
            } else if (key != null && key.equals("map")) {
                clustershell = clustershell != null ? clustershell : new Mark(line, "a map key");
            } else if (HOST_WITH_VARS.matcher(l).matches() && (key == null || key.contains(" "))) {
                ansible = ansible != null ? ansible : new Mark(line, "a host line with variables");
            } else if (HOST_PORT.matcher(l).matches() && !FANOUT_KEYS.contains(key)) {
                ansible = ansible != null ? ansible : new Mark(line, "a host:port line");
            } else if (key != null && FANOUT_KEYS.contains(key)) {
                fanout = fanout != null ? fanout : new Mark(line, "the key '" + key + "'");
            } else if (key == null) {
                ansible = ansible != null ? ansible : new Mark(line, "a host line");
            }
        }
        if (!sections) {
            return lines.stream().allMatch(e -> PSSH_LINE.matcher(e[1].replaceFirst("#.*", "").strip()).matches())
                    ? PSSH
                    : lines.stream().anyMatch(e -> HOST_WITH_VARS.matcher(e[1]).matches()) ? ANSIBLE : INI;
        }
        List<String> marks = new ArrayList<>();
        List<InventoryFormat> formats = new ArrayList<>();
        if (ansible != null) {
            marks.add(ansible.what + " at line " + ansible.line + " is Ansible's");
            formats.add(ANSIBLE);
        }
        if (fanout != null) {
            marks.add(fanout.what + " at line " + fanout.line + " is fanout's");
            formats.add(INI);
        }
        if (clustershell != null) {
            marks.add(clustershell.what + " at line " + clustershell.line + " is ClusterShell's");
            formats.add(CLUSTERSHELL);
        }
        if (formats.size() > 1) {
            throw new InventoryException(source, 0, "cannot tell the inventory format: " + String.join(", ", marks)
                    + "; name it with --inventory-format (" + ids() + ")");
        }
        return formats.isEmpty() ? INI : formats.getFirst();
    }

    /** Whether the first line that is not blank or a comment starts a YAML document or mapping. */
    static boolean looksLikeYaml(String text) {
        List<String[]> lines = significant(text);
        if (lines.isEmpty()) {
            return false;
        }
        return yamlStart(lines.getFirst()[1]);
    }

    /** Whether a file's first significant line starts a YAML document or mapping: {@code ---}, {@code NAME:}. */
    private static boolean yamlStart(String first) {
        return first.equals("---") || first.startsWith("--- ") || YAML_KEY.matcher(first).matches();
    }

    /** Where a line's first {@code =} or {@code :} is, or -1. */
    private static int delimiter(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '=' || c == ':') {
                return i;
            }
        }
        return -1;
    }

    private static InventoryFormat yamlKind(String text, String source) throws InventoryException {
        var root = YamlText.compose(text, source);
        if (root.isEmpty()) {
            return ANSIBLE_YAML;
        }
        for (var pair : YamlText.pairs(root.get(), source, "the top level")) {
            var value = pair.getValueNode();
            if (YamlText.isNull(value)) {
                continue;
            }
            for (var inner : YamlText.pairs(value, source, "'" + YamlText.scalar(pair.getKeyNode(), source,
                    "a key") + "'")) {
                String key = YamlText.scalar(inner.getKeyNode(), source, "a key");
                boolean nodeSet = !(inner.getValueNode() instanceof org.snakeyaml.engine.v2.nodes.MappingNode);
                if (Set.of("hosts", "children", "vars").contains(key) && !nodeSet) {
                    return ANSIBLE_YAML;
                }
                if (nodeSet && !YamlText.isNull(inner.getValueNode())) {
                    return CLUSTERSHELL;
                }
            }
        }
        return ANSIBLE_YAML;
    }

    /** The lines that are not blank and not comments, with their numbers: {@code {"3", "text"}}. */
    private static List<String[]> significant(String text) {
        List<String[]> out = new ArrayList<>();
        int start = 0;
        for (int number = 1; start <= text.length(); number++) {
            int end = start;
            while (end < text.length() && text.charAt(end) != '\n' && text.charAt(end) != '\r') {
                end++;
            }
            String l = text.substring(start, end).strip();
            if (number == 1 && l.startsWith("\uFEFF")) {
                l = l.substring(1).strip();
            }
            if (!l.isEmpty() && l.charAt(0) != '#' && l.charAt(0) != ';') {
                out.add(new String[] {String.valueOf(number), l});
            }
            start = end < text.length() && text.charAt(end) == '\r' && end + 1 < text.length()
                    && text.charAt(end + 1) == '\n' ? end + 2 : end + 1;
        }
        return out;
    }

    private record Mark(int line, String what) {
    }
}
