package dev.fanout.core.inventory;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One host of the inventory, with everything needed to reach it: the inventory's own values, completed from the
 * user's ssh_config where the inventory sets none. Immutable; its text form never shows a password.
 *
 * @param name           the inventory name, unique, e.g. {@code web01}
 * @param address        the DNS name or IP address to connect to (defaults to the name)
 * @param port           the SSH port, 1-65535
 * @param user           the login user, never null (defaults to the local user)
 * @param password       the password, or null for key authentication only
 * @param identityFiles  private key files to offer, in order; empty for the defaults (~/.ssh/id_*)
 * @param identitiesOnly offer only {@code identityFiles} (each must be usable), not the ssh-agent's keys
 * @param knownHosts     the known_hosts file to verify the host key against, or null for ~/.ssh/known_hosts
 * @param groups         the groups the host belongs to directly, in the order they were declared
 * @param route          how the host is reached: directly, through a jump host (ssh_config's ProxyJump), or in a way
 *                       fanout does not take (a ProxyCommand), which connecting then reports
 * @param become         whether and how commands gain privileges through sudo ({@link Become#NONE} for none)
 */
public record Host(String name, String address, int port, String user, Secret password, List<Path> identityFiles,
                   boolean identitiesOnly, Path knownHosts, List<String> groups, Route route, Become become) {

    public Host {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(become, "become");
        Objects.requireNonNull(route, "route");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(user, "user");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port out of range 1-65535: " + port);
        }
        identityFiles = List.copyOf(identityFiles);
        groups = List.copyOf(groups);
    }

    /** A host whose commands run as its login user. */
    public Host(String name, String address, int port, String user, Secret password, List<Path> identityFiles,
                boolean identitiesOnly, Path knownHosts, List<String> groups, Route route) {
        this(name, address, port, user, password, identityFiles, identitiesOnly, knownHosts, groups, route,
                Become.NONE);
    }

    /** The host this one is reached through, or null when it is reached directly or not at all. */
    public Host jump() {
        return route instanceof Route.Jump j ? j.via() : null;
    }

    /** A host reached at {@code address:port} as {@code user} with default keys and known_hosts. */
    public static Host of(String name, String address, int port, String user) {
        return new Host(name, address, port, user, null, List.of(), false, null, List.of(), Route.DIRECT);
    }

    public Host withPassword(Secret newPassword) {
        return new Host(name, address, port, user, newPassword, identityFiles, identitiesOnly, knownHosts, groups,
                route, become);
    }

    public Host withUser(String newUser) {
        return new Host(name, address, port, newUser, password, identityFiles, identitiesOnly, knownHosts, groups,
                route, become);
    }

    public Host withKnownHosts(Path file) {
        return new Host(name, address, port, user, password, identityFiles, identitiesOnly, file, groups, route,
                become);
    }

    /** This host with {@code file} as its only key (as the inventory's {@code identity_file} gives it). */
    public Host withIdentityFile(Path file) {
        return new Host(name, address, port, user, password, List.of(file), true, knownHosts, groups, route,
                become);
    }

    public Host withBecome(Become newBecome) {
        return new Host(name, address, port, user, password, identityFiles, identitiesOnly, knownHosts, groups,
                route, newBecome);
    }

    public Host withGroups(List<String> newGroups) {
        return new Host(name, address, port, user, password, identityFiles, identitiesOnly, knownHosts, newGroups,
                route, become);
    }
}
