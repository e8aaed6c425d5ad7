package dev.fanout.ssh;

import dev.fanout.core.inventory.Secret;
import org.apache.sshd.client.channel.AbstractClientChannel;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedMap;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Learns which environment variables a server accepts: a session channel that only sends an SSH {@code env} request
 * per variable, each asking for a reply, and is closed once every reply is in. The server's answers come in the order
 * of the requests (RFC 4254, 5.4), so each tells about one variable; OpenSSH grants exactly the names its
 * {@code AcceptEnv} lists. Nothing is logged about the values, which may be secrets. Thread-safe.
 *
 * <p>Asked on a channel of its own because the command's channel cannot wait: its exec request goes out right after
 * its env requests, and by then its command line (which sets the refused variables itself) must be final. It costs
 * one round trip more per host, and only for a command that has variables.
 */
final class EnvironmentProbe extends AbstractClientChannel {
    private final SequencedMap<String, Secret> variables;
    private final List<String> names;
    private final List<Boolean> answers = new ArrayList<>();
    private final CompletableFuture<Set<String>> accepted = new CompletableFuture<>();

    private EnvironmentProbe(SequencedMap<String, Secret> variables) {
        super("session");
        this.variables = variables;
        this.names = List.copyOf(variables.keySet());
        addChannelListener(new ChannelListener() {
            @Override
            public void channelClosed(Channel channel, Throwable reason) {
                // a server that closes the channel instead of answering accepts none of the rest
                settle(true);
            }
        });
    }

    /**
     * The names among {@code variables} that the server of {@code session} accepts, asked on a channel of their own.
     *
     * @throws IOException when the channel cannot be opened or the session breaks
     */
    static Set<String> accepted(ClientSession session, SequencedMap<String, Secret> variables)
            throws IOException, InterruptedException {
        var probe = new EnvironmentProbe(variables);
        try {
            session.getService(ConnectionService.class).registerChannel(probe);
            OpenFuture opened = Waits.await(probe.open());
            if (!opened.isOpened()) {
                throw new IOException(opened.getException() == null ? "channel closed"
                        : Display.oneLine(opened.getException()), opened.getException());
            }
            return probe.accepted.get();
        } catch (ExecutionException e) {
            throw new IOException(Display.oneLine(e.getCause()), e.getCause());
        } finally {
            probe.close(true);
        }
    }

    @Override
    protected void doOpen() throws IOException {
        if (names.isEmpty()) {
            settle(false);
            return;
        }
        for (var variable : variables.entrySet()) {
            byte[] name = variable.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = variable.getValue().revealString().getBytes(StandardCharsets.UTF_8);
            Buffer request = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST,
                    name.length + value.length + 32);
            request.putUInt(getRecipient());
            request.putString("env");
            request.putBoolean(true); // want-reply: the whole point
            request.putBytes(name);
            request.putBytes(value);
            writePacket(request);
        }
    }

    @Override
    public void handleSuccess() {
        answer(true);
    }

    @Override
    public void handleFailure() {
        answer(false);
    }

    private void answer(boolean granted) {
        synchronized (answers) {
            answers.add(granted);
        }
        settle(false);
    }

    /** Completes the answer once every reply is in, or at once when {@code closed} (the rest count as refused). */
    private void settle(boolean closed) {
        Set<String> granted = new LinkedHashSet<>();
        synchronized (answers) {
            if (!closed && answers.size() < names.size()) {
                return;
            }
            for (int i = 0; i < answers.size() && i < names.size(); i++) {
                if (answers.get(i)) {
                    granted.add(names.get(i));
                }
            }
        }
        accepted.complete(Set.copyOf(granted));
    }
}
