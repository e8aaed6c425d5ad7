package dev.fanout.lab;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;

/**
 * The lab's hosts by name and by address, which host a session came in to (the one whose address is the session's
 * local address), and their directory trees, made the first time a host is used. Thread-safe.
 */
final class HostTable {
    private final Map<InetAddress, LabHost> byAddress;
    private final Map<String, LabHost> byName;
    private final String user;
    /** Names of the hosts whose directory tree exists. */
    private final Set<String> prepared = ConcurrentHashMap.newKeySet();
    /** Locks that keep two sessions from making the same tree at once; a host's is picked by its name's hash. */
    private final Object[] treeLocks = new Object[64];

    HostTable(List<LabHost> hosts, String user) {
        this.user = user;
        Map<InetAddress, LabHost> addresses = HashMap.newHashMap(hosts.size());
        Map<String, LabHost> names = HashMap.newHashMap(hosts.size());
        for (LabHost host : hosts) {
            addresses.put(inetAddress(host.address()), host);
            names.put(host.name(), host);
        }
        this.byAddress = Map.copyOf(addresses);
        this.byName = Map.copyOf(names);
        for (int i = 0; i < treeLocks.length; i++) {
            treeLocks[i] = new Object();
        }
    }

    String user() {
        return user;
    }

    /** The host called {@code name}, or null. */
    LabHost byName(String name) {
        return byName.get(name);
    }

    /** The host the session connected to, or null if it came in on an address that is not a lab host's. */
    LabHost of(SessionContext session) {
        if (!(session instanceof Session s) || s.getIoSession() == null) {
            return null;
        }
        SocketAddress local = s.getIoSession().getLocalAddress();
        return local instanceof InetSocketAddress inet ? byAddress.get(inet.getAddress()) : null;
    }

    /** The host's home directory on the local file system, {@code <root>/home/<user>}. */
    Path home(LabHost host) {
        return host.root().resolve("home").resolve(user);
    }

    /**
     * Makes sure the host's tree exists ({@code <root>/home/<user>} and {@code <root>/tmp}) and returns its home.
     * Making it on first use rather than at start keeps a lab of 10,000 hosts from spending most of its start and close
     * on 40,000 directories that a run may never touch.
     */
    Path prepare(LabHost host) throws IOException {
        Path home = home(host);
        if (!prepared.contains(host.name())) {
            synchronized (treeLocks[Math.floorMod(host.name().hashCode(), treeLocks.length)]) {
                if (!prepared.contains(host.name())) {
                    createIfMissing(host.root());
                    createIfMissing(host.root().resolve("home"));
                    createIfMissing(home);
                    createIfMissing(host.root().resolve("tmp"));
                    prepared.add(host.name());
                }
            }
        }
        return home;
    }

    private static void createIfMissing(Path directory) throws IOException {
        try {
            Files.createDirectory(directory);
        } catch (FileAlreadyExistsException e) {
            if (!Files.isDirectory(directory)) {
                throw e;
            }
        }
    }

    /** The home directory as the host's own SFTP file system names it, {@code /home/<user>}. */
    String homeInsideRoot() {
        return "/home/" + user;
    }

    /** The address of a dotted-quad literal, without any name resolution. */
    static InetAddress inetAddress(String dottedQuad) {
        int value = LoopbackAddresses.parse(dottedQuad);
        if (value < 0) {
            throw new IllegalArgumentException("not an IPv4 address in 127.0.0.0/8: " + dottedQuad);
        }
        byte[] bytes = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException e) {
            throw new IllegalStateException("a 4-byte address was refused: " + dottedQuad, e);
        }
    }
}
