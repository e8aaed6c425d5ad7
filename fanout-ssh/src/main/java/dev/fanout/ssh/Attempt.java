package dev.fanout.ssh;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.AttributeRepository;
import org.apache.sshd.common.AttributeRepository.AttributeKey;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One connection attempt, shared between the connecting thread and MINA's callbacks on I/O threads through the
 * session's connection context (MINA clears a session's own attributes when it closes, so a verdict stored there
 * could vanish before the connecting thread reads it). Thread-safe.
 */
final class Attempt {

    private static final AttributeKey<Attempt> KEY = new AttributeKey<>();

    private final HostKeyCheck hostKeyCheck;
    private final AgentKeys.Offered agentKeys;
    private final Set<String> triedMethods = ConcurrentHashMap.newKeySet();
    private volatile HostKeyCheck.Verdict verdict;

    /**
     * @param hostKeyCheck what is known of the host's keys
     * @param agentKeys    the agent keys to offer, or null
     */
    Attempt(HostKeyCheck hostKeyCheck, AgentKeys.Offered agentKeys) {
        this.hostKeyCheck = hostKeyCheck;
        this.agentKeys = agentKeys;
    }

    /** The attempt a session belongs to, or null for a session this transport did not start. */
    static Attempt of(ClientSession session) {
        AttributeRepository context = session.getConnectionContext();
        return context == null ? null : context.getAttribute(KEY);
    }

    /** The connection context that carries this attempt to its session. */
    AttributeRepository context() {
        return AttributeRepository.ofKeyValuePair(KEY, this);
    }

    HostKeyCheck hostKeyCheck() {
        return hostKeyCheck;
    }

    AgentKeys.Offered agentKeys() {
        return agentKeys;
    }

    /** The user-auth methods MINA started for this attempt. */
    Set<String> triedMethods() {
        return triedMethods;
    }

    /** The judgement of the server's host key, or null before the key exchange got that far. */
    HostKeyCheck.Verdict verdict() {
        return verdict;
    }

    void verdict(HostKeyCheck.Verdict judged) {
        verdict = judged;
    }
}
