package dev.fanout.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes the text of a lab's inventory ({@code hosts.ini}, the configparser-style INI that fanout reads) and of its
 * {@code known_hosts}. Stateless and thread-safe.
 */
final class InventoryWriter {
    /** The first characters of every inventory the lab writes; a directory holding such a file is a lab directory. */
    static final String MARK = "; written by fanout lab";

    private InventoryWriter() {
    }

    static String inventory(List<LabHost> hosts, int port, String user, Path identityFile, Path knownHosts) {
        StringBuilder out = new StringBuilder(64 * hosts.size() + 512);
        out.append(MARK).append(": ").append(hosts.size()).append(" hosts on ")
                .append(hosts.getFirst().address()).append('-').append(hosts.getLast().address())
                .append(':').append(port).append('\n');
        out.append("; Every host accepts the key in identity_file; h1-h3 also show their own passwords.\n");
        out.append("; Valid while this lab runs: the next lab gets a new port and new passwords.\n\n");
        out.append("[DEFAULT]\n");
        out.append("user = ").append(user).append('\n');
        out.append("port = ").append(port).append('\n');
        out.append("identity_file = ").append(identityFile.toAbsolutePath()).append('\n');
        out.append("known_hosts = ").append(knownHosts.toAbsolutePath()).append('\n');
        for (LabHost host : hosts) {
            out.append("\n[").append(host.name()).append("]\n");
            out.append("address = ").append(host.address()).append('\n');
            if (!host.groups().isEmpty()) {
                out.append("groups = ").append(String.join(", ", host.groups())).append('\n');
            }
            if (host.password() != null && Fleet.inventoryShowsPassword(host)) {
                out.append("password = ").append(host.password()).append('\n');
            }
        }
        for (Map.Entry<String, List<String>> group : Fleet.GROUP_CHILDREN) {
            out.append("\n[group:").append(group.getKey()).append("]\n");
            out.append("children = ").append(String.join(", ", group.getValue())).append('\n');
        }
        return out.toString();
    }

    /** One line per host, {@code [127.1.0.5]:PORT ssh-ed25519 AAAA...}, as OpenSSH writes for a non-standard port. */
    /**
     * An OpenSSH client configuration for the same hosts, so that {@code ssh -F FILE h1} reaches a lab host as
     * fanout does: by name, with the lab's key and known_hosts, host keys checked.
     */
    static String sshConfig(List<LabHost> hosts, int port, String user, Path identityFile, Path knownHosts) {
        StringBuilder out = new StringBuilder(48 * hosts.size() + 512);
        out.append("# written by fanout lab: ").append(hosts.size()).append(" hosts; use with ssh -F this-file h1\n");
        for (LabHost host : hosts) {
            out.append("Host ").append(host.name()).append("\n    HostName ").append(host.address()).append('\n');
        }
        out.append("Host *\n");
        out.append("    Port ").append(port).append('\n');
        out.append("    User ").append(user).append('\n');
        out.append("    IdentityFile ").append(identityFile.toAbsolutePath()).append('\n');
        out.append("    IdentitiesOnly yes\n");
        out.append("    UserKnownHostsFile ").append(knownHosts.toAbsolutePath()).append('\n');
        out.append("    StrictHostKeyChecking yes\n");
        return out.toString();
    }

    static String knownHosts(List<LabHost> hosts, int port, String hostKeyLine) {
        StringBuilder out = new StringBuilder((hostKeyLine.length() + 32) * hosts.size());
        for (LabHost host : hosts) {
            out.append('[').append(host.address()).append("]:").append(port).append(' ').append(hostKeyLine)
                    .append('\n');
        }
        return out.toString();
    }
}
