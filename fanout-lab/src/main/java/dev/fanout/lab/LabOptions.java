package dev.fanout.lab;

import java.nio.file.Path;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The settings of a lab: where its files live, how many extra hosts it has, which loopback addresses it uses and which
 * user logs in. Immutable and thread-safe.
 *
 * <p>Labs started at the same time may share an address block (each gets a port of its own), but giving each its own
 * block, e.g. 127.2.0.1 and 127.3.0.1, keeps their hosts apart in logs and in {@code ss} output.
 *
 * @param directory    the lab directory, created if missing and reused if it holds an earlier lab (its keys are kept);
 *                     null for a new temporary directory that {@link Lab#close()} deletes
 * @param nodes        how many extra hosts {@code node0001, node0002, ...} in group {@code nodes}, 0 to 100,000
 * @param firstAddress the address of the first host, a dotted-quad inside 127.0.0.0/8; the others follow it, skipping
 *                     addresses ending in .0 and .255
 * @param user         the user name every host accepts, e.g. {@code fanout}
 * @param port         the port every host listens on, free on all of their addresses; 0 for one the system picks
 */
public record LabOptions(Path directory, int nodes, String firstAddress, String user, int port) {
    /** The most extra hosts a lab accepts; each host holds one listening socket, so the open-file limit comes first. */
    public static final int MAX_NODES = 100_000;

    private static final Pattern USER_NAME = Pattern.compile("[a-z_][a-z0-9_-]{0,31}");

    public LabOptions {
        if (nodes < 0 || nodes > MAX_NODES) {
            throw new IllegalArgumentException("nodes out of range 0-" + MAX_NODES + ": " + nodes);
        }
        Objects.requireNonNull(firstAddress, "firstAddress");
        if (!LoopbackAddresses.isLoopback(firstAddress)) {
            throw new IllegalArgumentException("first address is not an IPv4 address in 127.0.0.0/8: " + firstAddress);
        }
        Objects.requireNonNull(user, "user");
        if (!USER_NAME.matcher(user).matches()) {
            throw new IllegalArgumentException(
                    "user name must be 1-32 characters of a-z, 0-9, _ and -, not starting with a digit or -: " + user);
        }
        if (port < 0 || port > 65_535) {
            throw new IllegalArgumentException("port out of range 0-65535: " + port);
        }
        int hosts = Fleet.STANDARD_HOSTS + nodes;
        if (!LoopbackAddresses.fits(firstAddress, hosts)) {
            throw new IllegalArgumentException(
                    hosts + " hosts starting at " + firstAddress + " do not fit in 127.0.0.0/8");
        }
    }

    /** Options on a port the system picks. */
    public LabOptions(Path directory, int nodes, String firstAddress, String user) {
        this(directory, nodes, firstAddress, user, 0);
    }

    /** A temporary directory, no extra nodes, hosts from 127.1.0.1, user {@code fanout}, a port the system picks. */
    public static LabOptions defaults() {
        return new LabOptions(null, 0, "127.1.0.1", "fanout", 0);
    }

    public LabOptions withDirectory(Path newDirectory) {
        return new LabOptions(newDirectory, nodes, firstAddress, user, port);
    }

    public LabOptions withNodes(int newNodes) {
        return new LabOptions(directory, newNodes, firstAddress, user, port);
    }

    public LabOptions withFirstAddress(String newFirstAddress) {
        return new LabOptions(directory, nodes, newFirstAddress, user, port);
    }

    public LabOptions withPort(int newPort) {
        return new LabOptions(directory, nodes, firstAddress, user, newPort);
    }

    public LabOptions withUser(String newUser) {
        return new LabOptions(directory, nodes, firstAddress, newUser, port);
    }
}
