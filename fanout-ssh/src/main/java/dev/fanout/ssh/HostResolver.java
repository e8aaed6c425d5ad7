package dev.fanout.ssh;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Turns a host name into an address, as the system does by default ({@link #SYSTEM}: the JDK's
 * {@link InetAddress#getByName}, i.e. /etc/hosts, DNS and the rest of nsswitch). The transport calls it on a thread
 * of its own and stops waiting at the host's connect deadline, so a resolver that never answers costs a host its
 * connect timeout and no more. Implementations must be thread-safe.
 */
@FunctionalInterface
public interface HostResolver {

    /** The system's resolver, through the JDK (with the JDK's cache of answers). */
    HostResolver SYSTEM = InetAddress::getByName;

    /**
     * One address of {@code name}.
     *
     * @throws UnknownHostException when the name has no address (or the resolver failed to find one)
     */
    InetAddress resolve(String name) throws UnknownHostException;
}
