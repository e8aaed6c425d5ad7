package dev.fanout.ssh;

import dev.fanout.core.transport.CommandInput;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.InteractiveProcess;
import dev.fanout.core.transport.LaunchOptions;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.client.future.OpenFuture;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.session.ConnectionService;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;

/**
 * One authenticated MINA session to one host. {@link #close()} may be called from any thread: it closes the session as
 * soon as its goodbye is written (at once when the connection is already failing), which ends every blocked read or
 * wait on its channels. Thread-safe.
 */
final class MinaConnection implements Connection {
    /** Set by {@link #close()}, on any thread. */
    private volatile boolean closed;

    /**
     * The receive window of an exec channel: the server may send this much before the caller has read it, so it
     * bounds the memory one running command can take (both outputs share it). 128 KiB: 100 hosts printing as fast
     * as they can held 54 MB of unread output with 512 KiB and about 13 MB with this, at the same speed on loopback;
     * over a 50 ms round trip it still lets one host send about 2.5 MB/s.
     */
    static final long EXEC_WINDOW = 128 * 1024;

    /** How much of a command's input is written at once: an SSH packet's worth. */

    private final ClientSession session;

    MinaConnection(ClientSession session) {
        this.session = session;
    }

    /** The MINA session, for the tests of this package. */
    ClientSession session() {
        return session;
    }

    @Override
    public RemoteProcess start(String command, ByteBuffer input) throws TransportException, InterruptedException {
        return start(command, input, LaunchOptions.PLAIN);
    }

    /**
     * Starts {@code command} as {@code launch} says: with a terminal when asked, and with its variables set where the
     * server accepts them, which it is asked first, on a channel of its own ({@link LaunchedExec}). A terminal does
     * not end its input at the channel's end-of-file, so its input is followed by the end-of-file character.
     */
    @Override
    public RemoteProcess start(String command, ByteBuffer input, LaunchOptions launch)
            throws TransportException, InterruptedException {
        if (launch.terminal()) {
            input = LaunchedExec.withEndOfInput(input);
        }
        MinaRemoteProcess process = open(command, launch);
        OutputStream stdin = process.stdin();
        if (input.hasRemaining()) {
            ByteBuffer rest = input.asReadOnlyBuffer();
            Thread.ofVirtual().name("fanout-stdin").start(() -> CommandInput.send(rest, stdin));
        } else {
            try {
                stdin.close(); // the command's stdin is at end-of-file
            } catch (IOException e) {
                process.close();
                throw new TransportException(TransportException.Kind.SESSION,
                        "cannot start the command: " + Display.oneLine(e), e);
            }
        }
        return process;
    }

    @Override
    public InteractiveProcess startInteractive(String command) throws TransportException, InterruptedException {
        return open(command, LaunchOptions.PLAIN);
    }

    /** Opens the command's channel, as {@code launch} says; its stdin is left open. */
    private MinaRemoteProcess open(String command, LaunchOptions launch)
            throws TransportException, InterruptedException {
        var channel = LaunchedExec.of(session, command, launch);
        CoreModuleProperties.WINDOW_SIZE.set(channel, EXEC_WINDOW);
        var process = new MinaRemoteProcess(session, channel);
        try {
            session.getService(ConnectionService.class).registerChannel(channel);
            OpenFuture opened = Waits.await(channel.open());
            if (!opened.isOpened()) {
                channel.close(true);
                throw new TransportException(TransportException.Kind.SESSION, "cannot start the command: "
                        + (opened.getException() == null ? "channel closed" : Display.oneLine(opened.getException())),
                        opened.getException());
            }
        } catch (IOException e) {
            channel.close(true);
            throw new TransportException(TransportException.Kind.SESSION,
                    "cannot start the command: " + Display.oneLine(e), e);
        } catch (IllegalStateException e) {
            // MINA refuses a channel on a session that is being closed (the server went away): a lost connection
            channel.close(true);
            throw new TransportException(TransportException.Kind.SESSION,
                    "cannot start the command: the connection is closing", e);
        } catch (InterruptedException e) {
            channel.close(true);
            throw e;
        }
        return process;
    }


    @Override
    public RemoteFiles files() throws TransportException, InterruptedException {
        try {
            SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
            return new SftpRemoteFiles(sftp);
        } catch (InterruptedIOException e) {
            throw (InterruptedException) new InterruptedException("interrupted while opening SFTP").initCause(e);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.SESSION,
                    "cannot open an SFTP session: " + Display.oneLine(e), e);
        }
    }

    /**
     * Says goodbye with SSH_MSG_DISCONNECT, as OpenSSH's {@code ssh} does, instead of dropping the TCP connection:
     * OpenSSH's sshd then ends its session processes at once, while after a bare end-of-file they exit through
     * OpenSSL's and libc's exit handlers, which copy hundreds of shared pages. Measured here: 60-70 ms of sshd CPU
     * per connection instead of 110-120 ms. MINA closes the session once the packet is written, or after its
     * disconnect timeout; nothing waits for that.
     */
    /** Whether {@link #close()} was called: the session's own state follows only once the disconnect is sent. */
    boolean closed() {
        return closed;
    }

    @Override
    public void close() {
        closed = true;
        if (session.isOpen() && !session.isClosing()) {
            try {
                session.disconnect(SshConstants.SSH2_DISCONNECT_BY_APPLICATION, "disconnected by user");
                return;
            } catch (IOException | RuntimeException e) {
                // the session is already failing: close it at once below
            }
        }
        session.close(true);
    }
}
