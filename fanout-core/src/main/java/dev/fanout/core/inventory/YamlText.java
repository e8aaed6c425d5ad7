package dev.fanout.core.inventory;

import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.composer.Composer;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.parser.ParserImpl;
import org.snakeyaml.engine.v2.scanner.StreamReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A YAML document read into nodes that keep their line (snakeyaml-engine's composer), for the YAML inventories;
 * only the readers of YAML files load this class and the library. Stateless and thread-safe.
 */
final class YamlText {
    /** How deep mappings and lists may nest: deeper is refused, and so is a structure that holds itself. */
    static final int MAX_DEPTH = 200;
    private static final int MAX_ALIASES = 50;

    private YamlText() {
    }

    /** The document's root node, or empty for an empty document. */
    static Optional<Node> compose(String text, String source) throws InventoryException {
        LoadSettings settings = LoadSettings.builder().setLabel(source).setMaxAliasesForCollections(MAX_ALIASES)
                .setCodePointLimit(Math.max(text.length() + 1, 3 * 1024 * 1024)).setAllowDuplicateKeys(false)
                .build();
        try {
            // the Composer itself, as Compose does: Compose's package is not exported by snakeyaml-engine's module
            return new Composer(settings, new ParserImpl(settings, new StreamReader(settings, text))).getSingleNode();
        } catch (MarkedYamlEngineException e) {
            int line = e.getProblemMark().or(e::getContextMark).map(m -> m.getLine() + 1).orElse(0);
            String problem = e.getProblem() == null ? "not YAML" : e.getProblem();
            throw new InventoryException(source, line, "not valid YAML: " + problem, e);
        } catch (YamlEngineException e) {
            throw new InventoryException(source, 0, "not valid YAML: " + e.getMessage(), e);
        }
    }

    /** The 1-based line a node starts on. */
    static int line(Node node) {
        return node.getStartMark().map(m -> m.getLine() + 1).orElse(0);
    }

    /** Whether a node is null: {@code ~}, {@code null} or nothing. */
    static boolean isNull(Node node) {
        return node == null || node.getTag().equals(Tag.NULL);
    }

    /** The pairs of a mapping; a null node is an empty mapping. */
    static List<NodeTuple> pairs(Node node, String source, String what) throws InventoryException {
        if (isNull(node)) {
            return List.of();
        }
        if (!(node instanceof MappingNode mapping)) {
            throw new InventoryException(source, line(node), what + " must be a mapping (key: value), not "
                    + kind(node));
        }
        return mapping.getValue();
    }

    /** The text of a scalar. */
    static String scalar(Node node, String source, String what) throws InventoryException {
        if (!(node instanceof ScalarNode scalar)) {
            throw new InventoryException(source, line(node), what + " must be a single value, not " + kind(node));
        }
        return scalar.getValue();
    }

    /** The scalars of a list, or the one scalar itself. */
    static List<String> scalars(Node node, String source, String what) throws InventoryException {
        if (node instanceof SequenceNode sequence) {
            List<String> values = new ArrayList<>();
            for (Node item : sequence.getValue()) {
                values.add(scalar(item, source, what));
            }
            return values;
        }
        return List.of(scalar(node, source, what));
    }

    static String kind(Node node) {
        return node instanceof MappingNode ? "a mapping" : node instanceof SequenceNode ? "a list" : "a value";
    }
}
