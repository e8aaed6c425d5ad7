package dev.fanout.core.inventory;

import dev.fanout.core.sshconfig.SshConfig;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Reads a parallel-ssh host file ({@code pssh -h FILE}), which is also a plain list of names (pdsh's
 * {@code -w ^FILE}, a {@code WCOLL} file). Stateless and thread-safe.
 *
 * <p>As pssh reads it: one host per line, {@code [user@]host[:port]}, optionally followed by the user as a second
 * word ({@code host user}, pssh's older form); blank lines and lines starting with {@code #} are skipped. Where pssh
 * prints a bad line and skips it, this reader stops with an error naming the line. The hosts have no groups.
 */
final class PsshHostFile {
    private PsshHostFile() {
    }

    static Inventory read(String text, String source, Function<String, String> env, String localUser,
                          SshConfig sshConfig) throws InventoryException {
        HostBuilder builder = new HostBuilder(source, env, localUser, sshConfig);
        List<Host> hosts = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        String[] lines = text.split("\r\n|\r|\n", -1);
        for (int i = 0; i < lines.length; i++) {
            int line = i + 1;
            String l = lines[i];
            if (i == 0 && l.startsWith("\uFEFF")) {
                l = l.substring(1);
            }
            int comment = l.indexOf('#');
            l = (comment >= 0 ? l.substring(0, comment) : l).strip();
            if (l.isEmpty()) {
                continue;
            }
            String[] fields = l.split("\\s+");
            if (fields.length > 2) {
                throw new InventoryException(source, line, "bad line '" + l + "': expected [user@]host[:port]");
            }
            String host = fields[0];
            Map<String, HostBuilder.Setting> settings = new LinkedHashMap<>();
            int at = host.indexOf('@');
            if (at >= 0) {
                settings.put(HostBuilder.USER, new HostBuilder.Setting("user", host.substring(0, at), line));
                host = host.substring(at + 1);
            }
            int colon = host.lastIndexOf(':');
            if (colon >= 0) {
                settings.put(HostBuilder.PORT, new HostBuilder.Setting("port", host.substring(colon + 1), line));
                host = host.substring(0, colon);
            }
            if (fields.length == 2) {
                if (settings.containsKey(HostBuilder.USER)) {
                    throw new InventoryException(source, line, "user given twice in line '" + l + "'");
                }
                settings.put(HostBuilder.USER, new HostBuilder.Setting("user", fields[1], line));
            }
            HostBuilder.Setting user = settings.get(HostBuilder.USER);
            if (user != null && user.value().isEmpty()) {
                throw new InventoryException(source, line, "bad line '" + l + "': the user before '@' is empty");
            }
            String bad = Inventory.badName(host);
            if (bad != null) {
                throw new InventoryException(source, line, "bad host name '" + host + "': " + bad);
            }
            Integer earlier = seen.putIfAbsent(host, line);
            if (earlier != null) {
                throw new InventoryException(source, line, "duplicate host '" + host + "' (already at line "
                        + earlier + ")");
            }
            if (hosts.size() >= Inventory.MAX_HOSTS) {
                throw new InventoryException(source, line, "the file lists more than " + Inventory.MAX_HOSTS
                        + " hosts");
            }
            hosts.add(builder.build(host, settings, List.of()));
        }
        return Inventory.assemble(source, hosts, List.of(), Set.of(), builder.unusable(), Set.of());
    }
}
