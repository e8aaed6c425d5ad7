package dev.fanout.lab;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The shape of a lab's fleet: host names, groups and addresses. The standard hosts match the examples of the seed
 * command lines ({@code h1-h3}, {@code web01-04}, {@code db01-02}); {@code node0001...} are added on request. Stateless
 * and thread-safe.
 */
final class Fleet {
    /** How many hosts a lab has without extra nodes. */
    static final int STANDARD_HOSTS = 9;

    /** Groups defined by their child groups rather than by the hosts' {@code groups} lines, in inventory order. */
    static final List<Map.Entry<String, List<String>>> GROUP_CHILDREN =
            List.of(Map.entry("prod", List.of("web_clusters", "db_servers")));

    private static final Set<String> PASSWORD_SHOWN = Set.of("h1", "h2", "h3");

    private Fleet() {
    }

    /**
     * The hosts of a lab, in inventory order, each with a fresh password from {@code passwords} and a root directory
     * under {@code hostsDirectory}.
     */
    static List<LabHost> hosts(LabOptions options, Path hostsDirectory, Supplier<String> passwords) {
        List<String> names = new ArrayList<>(STANDARD_HOSTS + options.nodes());
        List<List<String>> groups = new ArrayList<>(STANDARD_HOSTS + options.nodes());
        for (int i = 1; i <= 3; i++) {
            names.add("h" + i);
            groups.add(List.of());
        }
        for (int i = 1; i <= 4; i++) {
            names.add("web0" + i);
            groups.add(List.of("web_clusters"));
        }
        for (int i = 1; i <= 2; i++) {
            names.add("db0" + i);
            groups.add(List.of("db_servers"));
        }
        int width = Math.max(4, Integer.toString(options.nodes()).length());
        List<String> nodeGroups = List.of("nodes");
        for (int i = 1; i <= options.nodes(); i++) {
            String number = Integer.toString(i);
            names.add("node" + "0".repeat(width - number.length()) + number);
            groups.add(nodeGroups);
        }
        List<String> addresses = LoopbackAddresses.allocate(options.firstAddress(), names.size());
        List<LabHost> hosts = new ArrayList<>(names.size());
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            hosts.add(new LabHost(name, addresses.get(i), groups.get(i), passwords.get(), hostsDirectory.resolve(name)));
        }
        return List.copyOf(hosts);
    }

    /** Whether the inventory shows the host's password, to demonstrate per-host passwords; the others use the key. */
    static boolean inventoryShowsPassword(LabHost host) {
        return PASSWORD_SHOWN.contains(host.name());
    }
}
