package dev.fanout.ssh;

/**
 * What {@link MinaTransport} does with a host key that is not in the host's known_hosts file. A key that differs
 * from a known one always fails the host: there is no policy that accepts a changed key.
 */
public enum HostKeyPolicy {

    /** An unknown key fails the host (OpenSSH's {@code StrictHostKeyChecking yes}). */
    STRICT,

    /**
     * An unknown key is trusted and appended to the known_hosts file, so that the next connection checks it
     * (OpenSSH's {@code StrictHostKeyChecking accept-new}).
     */
    ACCEPT_NEW
}
