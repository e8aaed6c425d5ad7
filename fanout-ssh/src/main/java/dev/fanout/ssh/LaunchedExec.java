package dev.fanout.ssh;

import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.LaunchOptions;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.PtyChannelConfiguration;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SequencedMap;
import java.util.Set;

/**
 * An exec channel started as {@link LaunchOptions} say: with a pseudo-terminal when asked (its echo off, so that
 * input given to the command is not repeated in its output), and with the variables the server accepts sent as
 * {@code env} requests ahead of the command, which itself sets the refused ones ({@link LaunchOptions#prefixed}).
 * The requests, and the exec request, are written here rather than by MINA's {@code setEnv} and {@link ChannelExec},
 * whose debug logs show the values and the command line (which may hold a refused variable's value). Used like a
 * {@link ChannelExec}; thread-safe as MINA's channels are.
 */
final class LaunchedExec extends PtyCapableChannelSession {
    /** The terminal's size: the usual 80 by 24 (ssh uses the local terminal's, which a batch run does not have). */
    private static final int COLUMNS = 80;
    private static final int LINES = 24;
    /** A terminal's end-of-file character, {@code VEOF}: {@code ^D}. */
    private static final byte END_OF_FILE = 4;

    private final byte[] command;
    private final SequencedMap<String, Secret> sent;

    private LaunchedExec(String command, PtyChannelConfiguration terminal, SequencedMap<String, Secret> sent) {
        super(terminal != null, terminal, Map.of());
        this.command = command.getBytes(StandardCharsets.UTF_8);
        this.sent = sent;
    }

    /**
     * The channel for {@code command} on {@code session} as {@code launch} says: when there are variables, first asks
     * the server which it accepts ({@link EnvironmentProbe}).
     */
    static PtyCapableChannelSession of(ClientSession session, String command, LaunchOptions launch)
            throws TransportException, InterruptedException {
        if (launch.isPlain()) {
            return new ChannelExec(command, StandardCharsets.UTF_8, null, Map.of());
        }
        Set<String> accepted;
        try {
            accepted = launch.environment().isEmpty() ? Set.of()
                    : EnvironmentProbe.accepted(session, launch.environment());
        } catch (InterruptedIOException e) {
            throw (InterruptedException) new InterruptedException("interrupted while setting variables").initCause(e);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.SESSION,
                    "cannot start the command: asking which variables the server accepts failed: "
                            + Display.oneLine(e), e);
        }
        var sent = new LinkedHashMap<String, Secret>();
        launch.environment().forEach((name, value) -> {
            if (accepted.contains(name)) {
                sent.put(name, value);
            }
        });
        var refused = launch.environment().keySet().stream().filter(name -> !accepted.contains(name)).toList();
        return new LaunchedExec(launch.prefixed(command, refused), launch.terminal() ? terminal(launch) : null, sent);
    }

    /**
     * {@code input} followed by what makes a terminal's reader see its end: the end-of-file character ({@code ^D},
     * which OpenSSH's terminals keep, as any Linux terminal), twice when the input's last line is unfinished (the
     * first only ends that line). A terminal does not pass the channel's end-of-file on: without it, a command that
     * reads its input ({@code cat}) would wait for ever.
     */
    static ByteBuffer withEndOfInput(ByteBuffer input) {
        ByteBuffer rest = input.asReadOnlyBuffer();
        boolean unfinished = rest.hasRemaining() && rest.get(rest.limit() - 1) != '\n';
        ByteBuffer whole = ByteBuffer.allocate(rest.remaining() + (unfinished ? 2 : 1));
        whole.put(rest);
        whole.put(END_OF_FILE);
        if (unfinished) {
            whole.put(END_OF_FILE);
        }
        return whole.flip();
    }

    private static PtyChannelConfiguration terminal(LaunchOptions launch) {
        var terminal = new PtyChannelConfiguration();
        terminal.setPtyType(launch.terminalType());
        terminal.setPtyColumns(COLUMNS);
        terminal.setPtyLines(LINES);
        terminal.setPtyModes(Map.of(PtyMode.ECHO, 0));
        return terminal;
    }

    /** As {@link ChannelExec}'s: the terminal and the variables, the exec request, then the streams. */
    @Override
    protected void doOpen() throws IOException {
        doOpenPty();
        for (var variable : sent.entrySet()) {
            byte[] name = variable.getKey().getBytes(StandardCharsets.UTF_8);
            byte[] value = variable.getValue().revealString().getBytes(StandardCharsets.UTF_8);
            Buffer request = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST,
                    name.length + value.length + 32);
            request.putUInt(getRecipient());
            request.putString("env");
            request.putBoolean(false);
            request.putBytes(name);
            request.putBytes(value);
            writePacket(request);
        }
        Buffer exec = getSession().createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, command.length + 32);
        exec.putUInt(getRecipient());
        exec.putString(CHANNEL_EXEC);
        exec.putBoolean(false);
        exec.putBytes(command);
        writePacket(exec);
        super.doOpen();
    }
}
