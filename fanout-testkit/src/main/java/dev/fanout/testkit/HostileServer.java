package dev.fanout.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A TCP endpoint on 127.0.0.1 (port 0) that misbehaves as an SSH server in one chosen way, for testing how a client
 * bears it. Every connection is served on its own daemon thread; {@link #close()} ends them all. Thread-safe.
 */
public final class HostileServer implements AutoCloseable {
    /** What the server does with a connection. */
    public enum Behaviour {
        /** Accepts and never sends a byte. */
        SILENT,
        /**
         * Never accepts: the listening socket's accept queue is filled by connections of its own, so the kernel drops
         * further SYNs and a client's connect hangs until its own time limit (Linux, tcp_abort_on_overflow 0).
         */
        NEVER_ACCEPTS,
        /** Sends an SSH banner, then nothing more. */
        BANNER_THEN_STALL,
        /** Sends one line that never ends (no newline), until the client leaves or {@link #ENDLESS_LIMIT} bytes. */
        ENDLESS_LINE,
        /** Sends terminal escape sequences, BEL and NUL bytes instead of a banner, then closes. */
        ESCAPES_INSTEAD_OF_BANNER,
        /** Sends lines of terminal escape sequences and NULs, then an SSH banner, then closes. */
        ESCAPES_BEFORE_BANNER,
        /** Sends an SSH banner and the first bytes of a KEXINIT packet, then closes mid-key-exchange. */
        CLOSES_MID_KEX
    }

    /** The most an {@link Behaviour#ENDLESS_LINE} connection sends. */
    public static final long ENDLESS_LIMIT = 256L << 20;

    /** The hostile bytes of the escape behaviours: a window title, clear screen, red, BEL, NUL and a C1 CSI. */
    public static final byte[] ESCAPES = "\u001b]0;PWNED\u0007\u001b[2J\u001b[31mred\u0000\u009b31m\u007f"
            .getBytes(StandardCharsets.UTF_8);

    private static final byte[] BANNER = "SSH-2.0-OpenSSH_9.2p1 Hostile\r\n".getBytes(StandardCharsets.US_ASCII);

    private final Behaviour behaviour;
    private final ServerSocket listener;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    private final List<SocketChannel> fillers = new ArrayList<>();
    private final AtomicLong sent = new AtomicLong();
    private volatile boolean closed;

    private HostileServer(Behaviour behaviour) throws IOException {
        this.behaviour = behaviour;
        this.listener = new ServerSocket();
        listener.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                behaviour == Behaviour.NEVER_ACCEPTS ? 1 : 50);
        if (behaviour == Behaviour.NEVER_ACCEPTS) {
            fillAcceptQueue();
        } else {
            Thread.ofPlatform().daemon().name("hostile-accept-" + behaviour).start(this::acceptLoop);
        }
    }

    /** Starts a server behaving as {@code behaviour} on 127.0.0.1, on a free port. */
    public static HostileServer start(Behaviour behaviour) throws IOException {
        return new HostileServer(behaviour);
    }

    public String address() {
        return listener.getInetAddress().getHostAddress();
    }

    public int port() {
        return listener.getLocalPort();
    }

    /** How many bytes the server has sent, over all its connections. */
    public long bytesSent() {
        return sent.get();
    }

    /** Connects until one connect does not complete within 200 ms: the accept queue is then full. */
    private void fillAcceptQueue() throws IOException {
        for (int i = 0; i < 64; i++) {
            SocketChannel channel = SocketChannel.open();
            channel.configureBlocking(false);
            fillers.add(channel);
            if (!channel.connect(listener.getLocalSocketAddress())) {
                long deadline = System.nanoTime() + 200_000_000L;
                boolean done = false;
                while (!done && System.nanoTime() < deadline) {
                    done = channel.finishConnect();
                    if (!done) {
                        Thread.onSpinWait();
                        sleep(5);
                    }
                }
                if (!done) {
                    return;
                }
            }
        }
        throw new IOException("the accept queue of port " + port() + " never filled after 64 connections");
    }

    private void acceptLoop() {
        while (!closed) {
            try {
                Socket socket = listener.accept();
                open.add(socket);
                Thread.ofPlatform().daemon().name("hostile-" + behaviour).start(() -> serve(socket));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            OutputStream out = socket.getOutputStream();
            switch (behaviour) {
                case SILENT -> drainUntilClosed(socket.getInputStream());
                case BANNER_THEN_STALL -> {
                    send(out, BANNER);
                    drainUntilClosed(socket.getInputStream());
                }
                case ENDLESS_LINE -> {
                    byte[] chunk = new byte[64 * 1024];
                    Arrays.fill(chunk, (byte) 'x');
                    send(out, "SSH-".getBytes(StandardCharsets.US_ASCII));
                    while (!closed && sent.get() < ENDLESS_LIMIT) {
                        send(out, chunk);
                    }
                }
                case ESCAPES_INSTEAD_OF_BANNER -> {
                    send(out, ESCAPES);
                    sleep(100);
                }
                case ESCAPES_BEFORE_BANNER -> {
                    for (int i = 0; i < 3; i++) {
                        send(out, ESCAPES);
                        send(out, "\r\n".getBytes(StandardCharsets.US_ASCII));
                    }
                    send(out, BANNER);
                    sleep(100);
                }
                case CLOSES_MID_KEX -> {
                    send(out, BANNER);
                    byte[] partial = new byte[4 + 1 + 1 + 16 + 20];
                    partial[2] = 0x01;
                    partial[3] = (byte) 0xf4;
                    partial[4] = 4;
                    partial[5] = 20;
                    send(out, partial);
                    sleep(200);
                }
                case NEVER_ACCEPTS -> throw new IllegalStateException("a never-accepting server accepted");
            }
        } catch (IOException e) {
            // the client left: that is how a hostile conversation ends
        } finally {
            open.remove(socket);
        }
    }

    private void send(OutputStream out, byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
        sent.addAndGet(bytes.length);
    }

    private static void drainUntilClosed(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        while (in.read(buffer) >= 0) {
            Thread.onSpinWait();
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        closed = true;
        try {
            listener.close();
        } catch (IOException ignored) {
            // closing is best effort
        }
        for (Socket socket : open) {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
        for (SocketChannel channel : fillers) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // closing is best effort
            }
        }
    }

    @Override
    public String toString() {
        return behaviour + " at " + address() + ":" + port();
    }
}
