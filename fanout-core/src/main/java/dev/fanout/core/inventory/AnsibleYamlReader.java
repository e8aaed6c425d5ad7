package dev.fanout.core.inventory;

import dev.fanout.core.text.Suggestions;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an Ansible inventory in its YAML format, as Ansible's {@code yaml} inventory plugin does. Stateless and
 * thread-safe.
 *
 * <p>The top level maps group names (usually just {@code all}) to groups; a group has {@code hosts} (host patterns
 * mapped to their variables), {@code vars} and {@code children} (group names mapped to groups). A value tagged
 * {@code !vault} is an Ansible Vault.
 */
final class AnsibleYamlReader {
    private static final List<String> GROUP_KEYS = List.of("hosts", "vars", "children");

    private AnsibleYamlReader() {
    }

    static AnsibleInventory read(String text, String source) throws InventoryException {
        AnsibleInventory inventory = new AnsibleInventory(source);
        Optional<Node> root = YamlText.compose(text, source);
        if (root.isEmpty()) {
            return inventory;
        }
        for (NodeTuple pair : YamlText.pairs(root.get(), source, "the top level")) {
            String name = YamlText.scalar(pair.getKeyNode(), source, "a group name");
            group(inventory, name, pair.getKeyNode(), pair.getValueNode(), source, 0);
        }
        return inventory;
    }

    private static void group(AnsibleInventory inventory, String name, Node key, Node value, String source,
                              int depth) throws InventoryException {
        if (depth > YamlText.MAX_DEPTH) {
            throw new InventoryException(source, YamlText.line(key), "groups nest more than " + YamlText.MAX_DEPTH
                    + " deep under group '" + name + "'");
        }
        AnsibleInventory.Group group = inventory.group(name, YamlText.line(key));
        for (NodeTuple pair : YamlText.pairs(value, source, "group '" + name + "'")) {
            String field = YamlText.scalar(pair.getKeyNode(), source, "a key of group '" + name + "'");
            int line = YamlText.line(pair.getKeyNode());
            switch (field) {
                case "hosts" -> {
                    for (NodeTuple host : YamlText.pairs(pair.getValueNode(), source, "the hosts of group '" + name
                            + "'")) {
                        String pattern = YamlText.scalar(host.getKeyNode(), source, "a host name");
                        int hostLine = YamlText.line(host.getKeyNode());
                        Map<String, AnsibleInventory.Value> vars = vars(host.getValueNode(), source,
                                "the variables of host '" + pattern + "'");
                        AnsibleHostPattern.Expanded expanded = AnsibleHostPattern.expand(pattern, source, hostLine);
                        if (expanded.port() != null) {
                            vars.putIfAbsent("ansible_port", new AnsibleInventory.Value(expanded.port(), false,
                                    hostLine));
                        }
                        for (String host1 : expanded.names()) {
                            inventory.addHost(name, host1, vars, hostLine);
                        }
                    }
                }
                case "vars" -> group.vars.putAll(vars(pair.getValueNode(), source, "the vars of group '" + name
                        + "'"));
                case "children" -> {
                    for (NodeTuple child : YamlText.pairs(pair.getValueNode(), source, "the children of group '"
                            + name + "'")) {
                        String childName = YamlText.scalar(child.getKeyNode(), source, "a group name");
                        inventory.addChild(name, childName, YamlText.line(child.getKeyNode()));
                        group(inventory, childName, child.getKeyNode(), child.getValueNode(), source, depth + 1);
                    }
                }
                default -> throw new InventoryException(source, line, "unknown key '" + field + "' in group '"
                        + name + "' " + Suggestions.closest(field, GROUP_KEYS).map(k -> "(did you mean '" + k
                        + "'?)").orElse("(a group has hosts, vars and children)"));
            }
        }
    }

    private static Map<String, AnsibleInventory.Value> vars(Node node, String source, String what)
            throws InventoryException {
        Map<String, AnsibleInventory.Value> vars = new LinkedHashMap<>();
        for (NodeTuple pair : YamlText.pairs(node, source, what)) {
            String key = YamlText.scalar(pair.getKeyNode(), source, "a variable name");
            Node value = pair.getValueNode();
            int line = YamlText.line(pair.getKeyNode());
            if (value instanceof ScalarNode scalar) {
                boolean vault = scalar.getTag().getValue().equals("!vault")
                        || scalar.getValue().startsWith("$ANSIBLE_VAULT;");
                vars.put(key, new AnsibleInventory.Value(YamlText.isNull(value) ? "" : scalar.getValue(), vault,
                        line));
            } else {
                // A list or mapping is a playbook's business; a connection variable cannot be one.
                vars.put(key, new AnsibleInventory.Value(null, false, line));
            }
        }
        return vars;
    }
}
