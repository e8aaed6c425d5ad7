package dev.fanout.ssh;

import org.apache.sshd.agent.SshAgent;
import org.apache.sshd.agent.SshAgentFactory;
import org.apache.sshd.agent.SshAgentKeyConstraint;
import org.apache.sshd.agent.SshAgentServer;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.FactoryManager;
import org.apache.sshd.common.channel.ChannelFactory;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionContext;

import java.io.IOException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.Map;

/**
 * Lets MINA's public-key authentication use ssh-agent keys: a session whose connection context carries agent keys
 * (listed beforehand, on the connecting thread) gets an {@link SshAgent} that offers those keys and has the agent
 * sign with them. Sessions without agent keys get no agent. No agent forwarding. Thread-safe.
 */
final class AgentKeys implements SshAgentFactory {

    /**
     * The agent keys one connection offers.
     *
     * @param agent the agent that holds them
     * @param keys  the public keys with their comments
     */
    record Offered(AgentClient agent, List<Map.Entry<PublicKey, String>> keys) {
        Offered {
            keys = List.copyOf(keys);
        }
    }

    @Override
    public List<ChannelFactory> getChannelForwardingFactories(FactoryManager manager) {
        return List.of();
    }

    @Override
    public SshAgent createClient(Session session, FactoryManager manager) {
        Attempt attempt = session instanceof ClientSession client ? Attempt.of(client) : null;
        Offered offered = attempt == null ? null : attempt.agentKeys();
        return offered == null || offered.keys().isEmpty() ? null : new SessionAgent(offered);
    }

    @Override
    public SshAgentServer createServer(ConnectionService service) {
        throw new UnsupportedOperationException("agent forwarding is not supported");
    }

    /** The agent as one session sees it: the listed keys, signing through the agent's socket. */
    private static final class SessionAgent implements SshAgent {
        private final Offered offered;

        SessionAgent(Offered offered) {
            this.offered = offered;
        }

        @Override
        public Iterable<? extends Map.Entry<PublicKey, String>> getIdentities() {
            return offered.keys();
        }

        @Override
        public Map.Entry<String, byte[]> sign(SessionContext session, PublicKey key, String algorithm, byte[] data)
                throws IOException {
            return offered.agent().sign(key, algorithm, data);
        }

        @Override
        public void addIdentity(KeyPair key, String comment, SshAgentKeyConstraint... constraints) {
            throw new UnsupportedOperationException("the transport never adds keys to the agent");
        }

        @Override
        public void removeIdentity(PublicKey key) {
            throw new UnsupportedOperationException("the transport never removes keys from the agent");
        }

        @Override
        public void removeAllIdentities() {
            throw new UnsupportedOperationException("the transport never removes keys from the agent");
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
            // Each request uses its own connection to the agent: nothing stays open.
        }
    }
}
