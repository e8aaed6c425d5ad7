package dev.fanout.core.inventory;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Writes resolved hosts back out as an inventory file: fanout's INI, an Ansible INI inventory, or JSON, so that a
 * user can move from a peer's file to fanout's or back. Stateless and thread-safe.
 *
 * <p>Each host is written with what it resolved to (its address, port, user, its one {@code identity_file},
 * its known_hosts file, for Ansible as {@code ansible_ssh_common_args='-o UserKnownHostsFile=FILE'}) and the groups
 * it is a member of, nested ones included (the nesting itself is not kept;
 * Ansible's implicit {@code all} and {@code ungrouped} are left to the format).
 * A password is never written: such a host gets a comment saying so. A jump host from ssh_config cannot be written
 * in an inventory and gets a comment too.
 */
public final class InventoryWriter {
    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final Pattern SHELL_SAFE = Pattern.compile("[A-Za-z0-9._/@%+=:,~-]+");
    private static final Pattern ANSIBLE_GROUP = Pattern.compile("[A-Za-z0-9_-]+");

    private InventoryWriter() {
    }

    /**
     * The groups each host is a member of, with nested membership: of the groups of {@code inventory}, those that
     * hold the host, in group name order; the format's implicit groups (Ansible's {@code all}, {@code ungrouped})
     * left out.
     */
    private static Map<String, List<String>> memberships(Inventory inventory, List<Host> hosts) {
        Map<String, List<String>> of = new LinkedHashMap<>();
        hosts.forEach(h -> of.put(h.name(), new ArrayList<>()));
        for (String group : inventory.groupNames()) {
            if (inventory.implicitGroups().contains(group)) {
                continue;
            }
            for (Host member : inventory.members(group)) {
                List<String> groups = of.get(member.name());
                if (groups != null) {
                    groups.add(group);
                }
            }
        }
        return of;
    }

    /** The hosts as fanout's own INI inventory: one section per host, its groups in {@code groups}. */
    public static String ini(Inventory inventory, List<Host> hosts) {
        Map<String, List<String>> groups = memberships(inventory, hosts);
        StringBuilder out = new StringBuilder("# fanout's inventory, written by fanout hosts --format ini from "
                + oneLine(inventory.source()) + "\n");
        for (Host h : hosts) {
            out.append('\n').append('[').append(h.name()).append("]\n");
            comments(h, out, "password_env");
            if (!h.address().equals(h.name())) {
                out.append("address = ").append(iniValue(h.address())).append('\n');
            }
            out.append("port = ").append(h.port()).append('\n');
            out.append("user = ").append(iniValue(h.user())).append('\n');
            identityFile(h).ifPresent(p -> out.append("identity_file = ").append(iniValue(p.toString())).append('\n'));
            if (h.knownHosts() != null) {
                out.append("known_hosts = ").append(iniValue(h.knownHosts().toString())).append('\n');
            }
            List<String> of = groups.get(h.name());
            if (!of.isEmpty()) {
                out.append("groups = ").append(String.join(", ", of)).append('\n');
            }
        }
        return out.toString();
    }

    /**
     * The hosts as an Ansible INI inventory: each host on a line with its connection variables, then a section per
     * group listing its members.
     *
     * @throws IllegalArgumentException naming a group whose name Ansible cannot hold (ClusterShell's
     *                                  {@code source:group})
     */
    public static String ansible(Inventory inventory, List<Host> hosts) {
        Map<String, List<String>> groups = memberships(inventory, hosts);
        Map<String, Set<String>> members = new LinkedHashMap<>();
        for (String group : inventory.groupNames()) {
            if (inventory.implicitGroups().contains(group)) {
                continue;
            }
            if (!ANSIBLE_GROUP.matcher(group).matches()) {
                throw new IllegalArgumentException("group '" + group + "' cannot be an Ansible group: use letters, "
                        + "digits, '_' and '-' (write --format ini or json instead)");
            }
            members.put(group, new LinkedHashSet<>());
        }
        StringBuilder out = new StringBuilder("# An Ansible inventory, written by fanout hosts --format ansible from "
                + oneLine(inventory.source()) + "\n");
        for (Host h : hosts) {
            comments(h, out, "ansible_password=\"{{ lookup('env', 'NAME') }}\"");
            StringBuilder line = new StringBuilder(h.name());
            if (!h.address().equals(h.name())) {
                line.append(" ansible_host=").append(shellWord(h.address()));
            }
            line.append(" ansible_port=").append(h.port());
            line.append(" ansible_user=").append(shellWord(h.user()));
            identityFile(h).ifPresent(p -> line.append(" ansible_ssh_private_key_file=").append(shellWord(
                    p.toString())));
            if (h.knownHosts() != null) {
                line.append(" ansible_ssh_common_args=").append(shellWord("-o UserKnownHostsFile="
                        + shellWord(h.knownHosts().toString())));
            }
            out.append(line).append('\n');
            for (String group : groups.get(h.name())) {
                members.get(group).add(h.name());
            }
        }
        for (Map.Entry<String, Set<String>> group : members.entrySet()) {
            if (group.getValue().isEmpty()) {
                continue;
            }
            out.append('\n').append('[').append(group.getKey()).append("]\n");
            group.getValue().forEach(name -> out.append(name).append('\n'));
        }
        return out.toString();
    }

    /**
     * The hosts as one JSON document: {@code {"source":..., "hosts":[{"name", "address", "port", "user",
     * "password", "identity_files", "identities_only", "known_hosts", "via", "groups"}], "groups":{"NAME":[hosts]}}};
     * {@code password} is only {@code true} or {@code false}.
     */
    public static String json(Inventory inventory, List<Host> hosts) {
        Map<String, List<String>> groups = memberships(inventory, hosts);
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("source", inventory.source());
            g.writeArrayFieldStart("hosts");
            for (Host h : hosts) {
                g.writeStartObject();
                g.writeStringField("name", h.name());
                g.writeStringField("address", h.address());
                g.writeNumberField("port", h.port());
                g.writeStringField("user", h.user());
                g.writeBooleanField("password", h.password() != null);
                g.writeArrayFieldStart("identity_files");
                for (Path p : h.identityFiles()) {
                    g.writeString(p.toString());
                }
                g.writeEndArray();
                g.writeBooleanField("identities_only", h.identitiesOnly());
                if (h.knownHosts() != null) {
                    g.writeStringField("known_hosts", h.knownHosts().toString());
                } else {
                    g.writeNullField("known_hosts");
                }
                g.writeArrayFieldStart("via");
                for (String hop : hops(h)) {
                    g.writeString(hop);
                }
                g.writeEndArray();
                g.writeArrayFieldStart("groups");
                for (String group : groups.get(h.name())) {
                    g.writeString(group);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("groups");
            Set<String> selected = groups.keySet();
            for (String group : inventory.groupNames()) {
                if (inventory.implicitGroups().contains(group)) {
                    continue;
                }
                List<String> names = inventory.members(group).stream().map(Host::name).filter(selected::contains)
                        .toList();
                if (names.isEmpty()) {
                    continue;
                }
                g.writeArrayFieldStart(group);
                for (String name : names) {
                    g.writeString(name);
                }
                g.writeEndArray();
            }
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text + "\n";
    }

    /** The one key a host offers alone ({@code identity_file}, {@code IdentitiesOnly} with one file), if so. */
    private static java.util.Optional<Path> identityFile(Host h) {
        return h.identitiesOnly() && h.identityFiles().size() == 1 ? java.util.Optional.of(h.identityFiles()
                .getFirst()) : java.util.Optional.empty();
    }

    private static List<String> hops(Host h) {
        List<String> hops = new ArrayList<>();
        for (Host jump = h.jump(); jump != null; jump = jump.jump()) {
            hops.addFirst(jump.name());
        }
        return hops;
    }

    /** The comments that say what the format cannot hold: a password, jump hosts, a ProxyCommand. */
    private static void comments(Host h, StringBuilder out, String passwordHint) {
        if (h.password() != null) {
            out.append("# ").append(h.name()).append(": its password is not written; set ").append(passwordHint)
                    .append(" or use --ask-pass\n");
        }
        if (h.jump() != null) {
            out.append("# ").append(h.name()).append(": reached through ").append(String.join(",", hops(h)))
                    .append(" (ProxyJump of ssh_config, not written)\n");
        }
        if (h.route() instanceof Route.Unsupported unsupported) {
            out.append("# ").append(h.name()).append(": ssh_config gives it a ").append(unsupported.keyword())
                    .append(", not written\n");
        }
    }

    /** A value as configparser reads it back: {@code %} doubled. */
    private static String iniValue(String value) {
        return value.replace("%", "%%");
    }

    /** A word as Python's shlex reads it back: quoted unless it is plain. */
    private static String shellWord(String value) {
        if (SHELL_SAFE.matcher(value).matches()) {
            return value;
        }
        return "'" + value.replace("'", "'\"'\"'") + "'";
    }

    private static String oneLine(String text) {
        return text.replace('\n', ' ').replace('\r', ' ');
    }
}
