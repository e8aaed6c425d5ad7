package dev.fanout.lab;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * One host of a lab: the name it answers to, the loopback address it listens on and its own directory tree. Immutable;
 * its text form never shows the password.
 *
 * @param name     the host name, e.g. {@code web01}; {@code hostname} run on the host prints it
 * @param address  the loopback address the host listens on, e.g. {@code 127.1.0.4}
 * @param groups   the groups the host belongs to directly, e.g. {@code [web_clusters]}
 * @param password the password this host, and no other, accepts for the lab user; null if it accepts the key only
 * @param root     the host's root directory: SFTP's {@code /}, holding {@code home/<user>} and {@code tmp}; made when
 *                 a session first uses the host, or by {@link Lab#home(String)}
 */
public record LabHost(String name, String address, List<String> groups, String password, Path root) {
    public LabHost {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(address, "address");
        groups = List.copyOf(groups);
        Objects.requireNonNull(root, "root");
    }

    @Override
    public String toString() {
        return "LabHost[name=" + name + ", address=" + address + ", groups=" + groups
                + ", password=" + (password == null ? "none" : "******") + ", root=" + root + "]";
    }
}
