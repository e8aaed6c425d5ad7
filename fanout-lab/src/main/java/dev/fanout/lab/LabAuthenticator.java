package dev.fanout.lab;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PublicKey;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.server.auth.password.PasswordAuthenticator;
import org.apache.sshd.server.auth.pubkey.PublickeyAuthenticator;
import org.apache.sshd.server.session.ServerSession;

/**
 * Lets in the lab user with the lab's client key on every host, or with the password of the host the session came in
 * to; nobody else. Immutable and thread-safe.
 */
final class LabAuthenticator implements PasswordAuthenticator, PublickeyAuthenticator {
    private final HostTable hosts;
    private final PublicKey clientKey;

    LabAuthenticator(HostTable hosts, PublicKey clientKey) {
        this.hosts = hosts;
        this.clientKey = clientKey;
    }

    @Override
    public boolean authenticate(String username, String password, ServerSession session) {
        LabHost host = hosts.of(session);
        if (host == null || host.password() == null || password == null || !hosts.user().equals(username)) {
            return false;
        }
        return MessageDigest.isEqual(host.password().getBytes(StandardCharsets.UTF_8),
                password.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public boolean authenticate(String username, PublicKey key, ServerSession session) {
        return hosts.of(session) != null && hosts.user().equals(username) && KeyUtils.compareKeys(clientKey, key);
    }
}
