package dev.fanout.core.inventory;

import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;
import dev.fanout.core.sshconfig.SshConfig;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads ClusterShell's node groups: a {@code groups.d/*.yaml} file, a directory of them, or a {@code groups.conf}
 * with its {@code autodir} YAML files and the sources whose {@code map} looks a group up in a file (as the
 * {@code local} source of ClusterShell's own groups.conf does). Not thread-safe; used by one load.
 *
 * <p>The hosts are every node of every group. A group of the default source (groups.conf's {@code default}, else the
 * first source read) is named as ClusterShell names it without {@code -s}: {@code compute}; the others with their
 * source: {@code racks:rack1}, as {@code nodeset -L} lists them. A group's nodes are a node set as ClusterShell
 * writes it: names and ranges, {@code @group} and {@code @source:group} references (ranges too: {@code @rack[1-2]}),
 * and the operators {@code ,} (union), {@code !} (difference), {@code &} (intersection) and {@code ^} (symmetric
 * difference), applied left to right. No command is ever run: a {@code map} that is not a file lookup is an error.
 */
final class ClusterShellGroups {
    /** How deep group references may chain. */
    static final int MAX_DEPTH = 1000;
    /** ClusterShell's file lookup: {@code sed -n 's/^$GROUP:\(.*\)/\1/p' FILE}. */
    private static final Pattern SED_LOOKUP = Pattern.compile(
            "sed -n 's/\\^\\$GROUP:\\\\\\(\\.\\*\\\\\\)/\\\\1/p' (\\S+)");
    /** The {@code [ -f A ] && f=A || f=B;} that picks the file in ClusterShell's own groups.conf. */
    private static final Pattern PICK_FILE = Pattern.compile(
            "\\[ -f (\\S+) ] && f=\\1 \\|\\| f=(\\S+); *");

    /** One group's nodes as a file writes them. */
    private record Definition(List<String> values, String file, int line) {
    }

    private final Map<String, Map<String, Definition>> sources = new LinkedHashMap<>();
    private final Map<String, Set<String>> resolved = new HashMap<>();
    private final Set<String> resolving = new LinkedHashSet<>();
    private String defaultSource;

    private ClusterShellGroups() {
    }

    /**
     * The inventory of the groups of {@code path}: a YAML file, a directory of {@code *.yaml} files, or a
     * groups.conf ({@code text} is its content, null for a directory).
     */
    static Inventory read(Path path, String text, Function<String, String> env, String localUser,
                          SshConfig sshConfig) throws InventoryException {
        ClusterShellGroups groups = new ClusterShellGroups();
        String source = path.toString();
        if (text == null) {
            groups.readDirectory(path);
        } else if (InventoryFormat.looksLikeYaml(text)) {
            groups.readYaml(text, source);
        } else {
            groups.readConf(path, text);
        }
        return groups.toInventory(source, env, localUser, sshConfig);
    }

    private void readDirectory(Path dir) throws InventoryException {
        List<Path> files;
        try (Stream<Path> list = Files.list(dir)) {
            files = list.filter(f -> f.getFileName().toString().endsWith(".yaml")).sorted().toList();
        } catch (IOException e) {
            throw new InventoryException(dir.toString(), 0, "cannot read the directory: " + e.getMessage(), e);
        }
        for (Path file : files) {
            readYaml(Inventory.readText(file), file.toString());
        }
    }

    private void readYaml(String text, String file) throws InventoryException {
        Optional<Node> root = YamlText.compose(text, file);
        if (root.isEmpty()) {
            return;
        }
        for (NodeTuple pair : YamlText.pairs(root.get(), file, "the top level")) {
            String name = YamlText.scalar(pair.getKeyNode(), file, "a group source name");
            Map<String, Definition> groups = source(name, file, YamlText.line(pair.getKeyNode()));
            for (NodeTuple group : YamlText.pairs(pair.getValueNode(), file, "group source '" + name + "'")) {
                String groupName = YamlText.scalar(group.getKeyNode(), file, "a group name");
                int line = YamlText.line(group.getKeyNode());
                checkName(groupName, file, line);
                List<String> values = YamlText.isNull(group.getValueNode()) ? List.of()
                        : YamlText.scalars(group.getValueNode(), file, "the nodes of group '" + groupName + "'");
                groups.put(groupName, new Definition(values, file, line));
            }
        }
    }

    private Map<String, Definition> source(String name, String file, int line) throws InventoryException {
        checkName(name, file, line);
        if (sources.containsKey(name)) {
            throw new InventoryException(file, line, "group source '" + name + "' is defined twice");
        }
        if (defaultSource == null) {
            defaultSource = name;
        }
        Map<String, Definition> groups = new LinkedHashMap<>();
        sources.put(name, groups);
        return groups;
    }

    private void readConf(Path conf, String text) throws InventoryException {
        String file = conf.toString();
        IniFile ini = IniFile.parse(text, file);
        Path dir = conf.toAbsolutePath().getParent();
        String chosen = null;
        List<Path> autodirs = new ArrayList<>();
        List<Path> confdirs = new ArrayList<>();
        if (ini.hasSection("Main")) {
            for (IniFile.Option o : ini.ownOptions("Main")) {
                String value = ini.get("Main", o.name());
                switch (o.name()) {
                    case "default" -> chosen = value.strip();
                    case "autodir", "groupsdir" -> autodirs.addAll(paths(value, dir));
                    case "confdir" -> confdirs.addAll(paths(value, dir));
                    default -> {
                        // cache_time and the like tune ClusterShell's upcalls; fanout runs none.
                    }
                }
            }
        }
        sourcesOf(ini, dir);
        for (Path confdir : confdirs) {
            for (Path more : filesIn(confdir, ".conf")) {
                sourcesOf(IniFile.parse(Inventory.readText(more), more.toString()), dir);
            }
        }
        for (Path autodir : autodirs) {
            for (Path yaml : filesIn(autodir, ".yaml")) {
                readYaml(Inventory.readText(yaml), yaml.toString());
            }
        }
        if (chosen != null && !chosen.isEmpty()) {
            if (!sources.containsKey(chosen)) {
                throw new InventoryException(file, ini.option("Main", "default").map(IniFile.Option::line)
                        .orElse(0), "the default group source '" + chosen + "' is not defined");
            }
            defaultSource = chosen;
        }
    }

    /** The sources of a groups.conf-style file: each section but [Main], read through its map's file. */
    private void sourcesOf(IniFile ini, Path dir) throws InventoryException {
        for (String section : ini.sections()) {
            if (section.equals("Main")) {
                continue;
            }
            int line = ini.sectionLine(section);
            Optional<IniFile.Option> map = ini.option(section, "map");
            if (map.isEmpty()) {
                throw new InventoryException(ini.source(), line, "group source [" + section + "] has no map");
            }
            Path lookup = lookupFile(ini.get(section, "map"), dir, ini.source(), map.get().line(), section);
            for (String name : section.split(",")) {
                Map<String, Definition> groups = source(name.strip(), ini.source(), line);
                readMapFile(lookup, groups);
            }
        }
    }

    /** The file a map command looks groups up in, or an error: fanout runs no command. */
    private static Path lookupFile(String map, Path dir, String file, int line, String section)
            throws InventoryException {
        String command = map.strip().replace("$CFGDIR", dir.toString()).replace("${CFGDIR}", dir.toString());
        String picked = null;
        Matcher pick = PICK_FILE.matcher(command);
        if (pick.lookingAt()) {
            picked = Files.exists(Path.of(pick.group(1))) ? pick.group(1) : pick.group(2);
            command = command.substring(pick.end());
        }
        Matcher sed = SED_LOOKUP.matcher(command);
        if (!sed.matches()) {
            throw new InventoryException(file, line, "the map of group source [" + section + "] is a command, "
                    + "which fanout does not run: only the file lookup sed -n 's/^$GROUP:\\(.*\\)/\\1/p' FILE is "
                    + "read (or give fanout the groups.d YAML files)");
        }
        String target = sed.group(1);
        if (target.equals("$f")) {
            if (picked == null) {
                throw new InventoryException(file, line, "the map of group source [" + section + "] reads $f, "
                        + "which it does not set");
            }
            target = picked;
        }
        return Path.of(target);
    }

    /** A {@code group: nodes} file, as the sed lookup reads it: each line starting {@code GROUP:} adds nodes. */
    private static void readMapFile(Path lookup, Map<String, Definition> groups) throws InventoryException {
        String text = Inventory.readText(lookup);
        String[] lines = text.split("\r\n|\r|\n", -1);
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, Integer> first = new HashMap<>();
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int colon = l.indexOf(':');
            if (l.isBlank() || l.startsWith("#") || colon <= 0) {
                continue;
            }
            String name = l.substring(0, colon);
            if (!name.matches("[0-9A-Za-z_.-]+")) {
                continue;
            }
            first.putIfAbsent(name, i + 1);
            values.computeIfAbsent(name, n -> new ArrayList<>()).add(l.substring(colon + 1));
        }
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            groups.put(e.getKey(), new Definition(e.getValue(), lookup.toString(), first.get(e.getKey())));
        }
    }

    private static List<Path> paths(String value, Path dir) {
        List<Path> paths = new ArrayList<>();
        for (String word : value.strip().split("\\s+")) {
            if (!word.isEmpty()) {
                paths.add(Path.of(word.replace("$CFGDIR", dir.toString()).replace("${CFGDIR}", dir.toString())));
            }
        }
        return paths;
    }

    /** The files of a directory that end with {@code suffix}, in name order; none when it does not exist. */
    private static List<Path> filesIn(Path dir, String suffix) throws InventoryException {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> list = Files.list(dir)) {
            return list.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new InventoryException(dir.toString(), 0, "cannot read the directory: " + e.getMessage(), e);
        }
    }

    private static void checkName(String name, String file, int line) throws InventoryException {
        String bad = Inventory.badName(name);
        if (bad != null) {
            throw new InventoryException(file, line, "bad group name '" + name + "': " + bad);
        }
    }

    private Inventory toInventory(String source, Function<String, String> env, String localUser,
                                  SshConfig sshConfig) throws InventoryException {
        Map<String, Set<String>> members = new TreeMap<>(NodeSet.naturalOrder());
        Set<String> names = new TreeSet<>(NodeSet.naturalOrder());
        for (Map.Entry<String, Map<String, Definition>> s : sources.entrySet()) {
            for (String group : s.getValue().keySet()) {
                Set<String> nodes = resolve(s.getKey(), group, 0);
                members.put(s.getKey().equals(defaultSource) ? group : s.getKey() + ":" + group, nodes);
                names.addAll(nodes);
                if (names.size() > Inventory.MAX_HOSTS) {
                    Definition d = s.getValue().get(group);
                    throw new InventoryException(d.file(), d.line(), "the groups hold more than "
                            + Inventory.MAX_HOSTS + " nodes");
                }
            }
        }
        HostBuilder builder = new HostBuilder(source, env, localUser, sshConfig);
        List<Host> hosts = new ArrayList<>();
        for (String name : names) {
            List<String> groups = new ArrayList<>();
            members.forEach((group, nodes) -> {
                if (nodes.contains(name)) {
                    groups.add(group);
                }
            });
            hosts.add(builder.build(name, Map.of(), groups));
        }
        return Inventory.assemble(source, hosts, List.of(), members.keySet(), builder.unusable(), Set.of());
    }

    /** The nodes of a group, its references resolved; a cycle or a chain too deep is an error. */
    private Set<String> resolve(String source, String group, int depth) throws InventoryException {
        String key = source + ":" + group;
        Set<String> done = resolved.get(key);
        if (done != null) {
            return done;
        }
        Definition d = sources.get(source).get(group);
        if (!resolving.add(key)) {
            throw new InventoryException(d.file(), d.line(), "group cycle: @" + String.join(" -> @",
                    resolving.stream().dropWhile(k -> !k.equals(key)).toList()) + " -> @" + key);
        }
        if (depth > MAX_DEPTH) {
            throw new InventoryException(d.file(), d.line(), "groups reference each other more than " + MAX_DEPTH
                    + " deep");
        }
        Set<String> nodes = new TreeSet<>(NodeSet.naturalOrder());
        for (String value : d.values()) {
            nodes.addAll(evaluate(value, source, d, depth));
        }
        resolving.remove(key);
        Set<String> result = java.util.Collections.unmodifiableSet(nodes);
        resolved.put(key, result);
        return result;
    }

    /** A node set expression, left to right. */
    private Set<String> evaluate(String expression, String source, Definition d, int depth)
            throws InventoryException {
        Set<String> result = new TreeSet<>(NodeSet.naturalOrder());
        char op = ',';
        StringBuilder operand = new StringBuilder();
        int brackets = 0;
        for (int i = 0; i <= expression.length(); i++) {
            char c = i < expression.length() ? expression.charAt(i) : ',';
            if (c == '[') {
                brackets++;
            } else if (c == ']') {
                brackets--;
            }
            boolean end = i == expression.length();
            if (brackets == 0 && (c == ',' || c == '!' || c == '&' || c == '^' || Character.isWhitespace(c))
                    || end) {
                String text = operand.toString().strip();
                operand.setLength(0);
                if (!text.isEmpty()) {
                    Set<String> nodes = operand(text, expression, source, d, depth);
                    switch (op) {
                        case '!' -> result.removeAll(nodes);
                        case '&' -> result.retainAll(nodes);
                        case '^' -> {
                            Set<String> both = new TreeSet<>(result);
                            both.retainAll(nodes);
                            result.addAll(nodes);
                            result.removeAll(both);
                        }
                        default -> result.addAll(nodes);
                    }
                    op = ',';
                }
                if (!Character.isWhitespace(c)) {
                    op = c;
                }
                continue;
            }
            operand.append(c);
        }
        return result;
    }

    private Set<String> operand(String text, String expression, String source, Definition d, int depth)
            throws InventoryException {
        try {
            if (!text.startsWith("@")) {
                List<String> names = NodeSet.expand(text);
                for (String name : names) {
                    String bad = Inventory.badName(name);
                    if (bad != null) {
                        throw new InventoryException(d.file(), d.line(), "bad node name '" + name + "' in '"
                                + expression + "': " + bad);
                    }
                }
                return new LinkedHashSet<>(names);
            }
            String ref = text.substring(1);
            String refSource = source;
            int colon = ref.indexOf(':');
            if (colon >= 0) {
                refSource = ref.substring(0, colon);
                ref = ref.substring(colon + 1);
            }
            Map<String, Definition> groups = sources.get(refSource);
            if (groups == null) {
                throw new InventoryException(d.file(), d.line(), "unknown group source '" + refSource + "' in '"
                        + expression + "'");
            }
            Set<String> nodes = new LinkedHashSet<>();
            for (String group : NodeSet.expand(ref)) {
                if (!groups.containsKey(group)) {
                    throw new InventoryException(d.file(), d.line(), "unknown group '@" + (colon >= 0 ? refSource
                            + ":" : "") + group + "' in '" + expression + "'");
                }
                nodes.addAll(resolve(refSource, group, depth + 1));
            }
            return nodes;
        } catch (SelectionException e) {
            throw new InventoryException(d.file(), d.line(), e.getMessage(), e);
        }
    }
}
