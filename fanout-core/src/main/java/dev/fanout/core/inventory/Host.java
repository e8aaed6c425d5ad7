package dev.fanout.core.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One host of the inventory, with everything needed to reach it. Immutable; its text form never shows a password.
 *
 * @param name         the inventory name, unique, e.g. {@code web01}
 * @param address      the DNS name or IP address to connect to (defaults to the name)
 * @param port         the SSH port, 1-65535
 * @param user         the login user, never null (defaults to the local user)
 * @param password     the password, or null for key authentication only
 * @param identityFile a private key file, or null for the defaults (~/.ssh/id_*, the agent)
 * @param knownHosts   the known_hosts file to verify the host key against, or null for ~/.ssh/known_hosts
 * @param groups       the groups the host belongs to directly, in the order they were declared
 */
public record Host(String name, String address, int port, String user, Secret password, Path identityFile,
                   Path knownHosts, List<String> groups) {

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        groups = List.copyOf(groups);
    }

    /** A host reached at {@code address:port} as {@code user} with default keys and known_hosts. */
    public static Host of(String name, String address, int port, String user) {
        return new Host(name, address, port, user, null, null, null, List.of());
    }

    public Host withPassword(Secret newPassword) {
        return new Host(name, address, port, user, newPassword, identityFile, knownHosts, groups);
    }

    public Host withUser(String newUser) {
        return new Host(name, address, port, newUser, password, identityFile, knownHosts, groups);
    }

    public Host withKnownHosts(Path file) {
        return new Host(name, address, port, user, password, identityFile, file, groups);
    }

    public Host withIdentityFile(Path file) {
        return new Host(name, address, port, user, password, file, knownHosts, groups);
    }
}
