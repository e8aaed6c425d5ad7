package dev.fanout.ssh;

import dev.fanout.core.transport.InteractiveProcess;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.client.channel.PtyCapableChannelSession;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.channel.Channel;
import org.apache.sshd.common.channel.ChannelListener;
import org.apache.sshd.common.util.buffer.Buffer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A command running in an SSH exec channel. Its outputs are MINA's piped streams over the channel's window, so the
 * server sends no more than the window ahead of the caller's reads. The exit is learnt from a channel listener (not
 * from MINA's {@code waitFor}, which swallows interrupts). Thread-safe.
 */
final class MinaRemoteProcess implements InteractiveProcess {

    /** How long {@link #kill()} waits for the command to end after SIGTERM, then after SIGKILL. */
    private static final Duration KILL_GRACE = Duration.ofMillis(1000);

    /** Signal numbers as on Linux, for the signal names of RFC 4254 (and a few more that OpenSSH sends). */
    private static final Map<String, Integer> SIGNALS = Map.ofEntries(
            Map.entry("HUP", 1), Map.entry("INT", 2), Map.entry("QUIT", 3), Map.entry("ILL", 4),
            Map.entry("TRAP", 5), Map.entry("ABRT", 6), Map.entry("BUS", 7), Map.entry("FPE", 8),
            Map.entry("KILL", 9), Map.entry("USR1", 10), Map.entry("SEGV", 11), Map.entry("USR2", 12),
            Map.entry("PIPE", 13), Map.entry("ALRM", 14), Map.entry("TERM", 15));

    private final ClientSession session;
    private final PtyCapableChannelSession channel;
    private final CompletableFuture<Integer> exit = new CompletableFuture<>();
    private volatile boolean killed;

    /** Wraps {@code channel} before it is opened, so that no exit report can be missed. */
    MinaRemoteProcess(ClientSession session, PtyCapableChannelSession channel) {
        this.session = session;
        this.channel = channel;
        channel.addChannelListener(new ChannelListener() {
            @Override
            public void channelStateChanged(Channel changed, String hint) {
                noteExit();
            }

            @Override
            public void channelClosed(Channel closed, Throwable reason) {
                noteExit();
                if (exit.isDone()) {
                    return; // the usual case: no need to build an exception (and its stack trace) per command
                }
                exit.completeExceptionally(new TransportException(TransportException.Kind.SESSION, killed
                        ? "the command was killed before it reported an exit status"
                        : "the connection closed before the command reported an exit status"));
            }
        });
    }

    private void noteExit() {
        Integer status = channel.getExitStatus();
        if (status != null) {
            exit.complete(status);
            return;
        }
        String signal = channel.getExitSignal();
        if (signal != null) {
            exit.complete(exitCodeOf(signal));
        }
    }

    /** The exit code a shell reports for a command killed by {@code signal}: 128 + its number, or 255. */
    static int exitCodeOf(String signal) {
        String name = signal.startsWith("SIG") ? signal.substring(3) : signal;
        Integer number = SIGNALS.get(name);
        return number == null ? 255 : 128 + number;
    }

    @Override
    public InputStream stdout() {
        return channel.getInvertedOut();
    }

    @Override
    public InputStream stderr() {
        return channel.getInvertedErr();
    }

    /** The command's stdin; only a command started with {@code startInteractive} has it still open. */
    @Override
    public OutputStream stdin() {
        return channel.getInvertedIn();
    }

    @Override
    public OptionalInt waitFor(Duration timeout) throws TransportException, InterruptedException {
        try {
            return OptionalInt.of(exit.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (ExecutionException e) {
            TransportException cause = (TransportException) e.getCause();
            throw new TransportException(cause.kind(), cause.reason(), cause.detail(), null);
        }
    }

    @Override
    public void kill() {
        if (!exit.isDone() && channel.isOpen()) {
            killed = true;
            if (!signalAndWait("TERM")) {
                signalAndWait("KILL");
            }
        }
        close();
    }

    /** Asks the server to deliver {@code signal}; true when the command then ended within the grace period. */
    private boolean signalAndWait(String signal) {
        try {
            Buffer request = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, 32);
            request.putUInt(channel.getRecipient());
            request.putString("signal");
            request.putBoolean(false);
            request.putString(signal);
            channel.writePacket(request);
        } catch (IOException | RuntimeException e) {
            return exit.isDone();
        }
        try {
            exit.get(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (ExecutionException e) {
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    @Override
    public void close() {
        channel.close(true);
    }
}
