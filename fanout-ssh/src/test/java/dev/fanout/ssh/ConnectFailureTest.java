package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Connections that cannot be made: refused, silent, not SSH, interrupted. */
class ConnectFailureTest {

    @TempDir
    Path home;

    private MinaTransport transport;

    @BeforeEach
    void start() {
        transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
    }

    @AfterEach
    void stop() {
        transport.close();
    }

    private static Host host(int port) {
        return Host.of("web01", "127.0.0.1", port, "alice").withPassword(Secret.of("secret"));
    }

    private static ServerSocket listen() throws Exception {
        var socket = new ServerSocket();
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        return socket;
    }

    @Test
    void aRefusedPortFailsWithConnect() throws Exception {
        int port;
        try (ServerSocket probe = listen()) {
            port = probe.getLocalPort();
        }
        int closedPort = port;
        assertThatThrownBy(() -> transport.connect(host(closedPort), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECTION_REFUSED);
                    assertThat(e.getMessage()).isEqualTo("connection refused (127.0.0.1:" + closedPort + ")");
                    assertThat(e.reason()).isEqualTo("connection refused");
                    assertThat(e.detail()).isEqualTo("127.0.0.1:" + closedPort);
                });
    }

    @Test
    void aServerThatNeverSpeaksSshTimesOutWithinTheTimeout() throws Exception {
        try (ServerSocket silent = listen()) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> transport.connect(host(silent.getLocalPort()), Duration.ofMillis(700)))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TransportException.Kind.HANDSHAKE_TIMEOUT);
                        assertThat(e.getMessage()).isEqualTo("no SSH banner after 700 ms (127.0.0.1:"
                                + silent.getLocalPort() + ")");
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(650),
                    Duration.ofMillis(2000));
        }
    }

    @Test
    void aServerThatIsNotSshFailsWithConnect() throws Exception {
        try (ServerSocket web = listen()) {
            Thread.ofVirtual().start(() -> {
                try (Socket client = web.accept(); OutputStream out = client.getOutputStream()) {
                    out.write("HTTP/1.1 400 Bad Request\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                } catch (Exception e) {
                    // The test fails on its own assertions if this server could not answer.
                }
            });
            assertThatThrownBy(() -> transport.connect(host(web.getLocalPort()), Duration.ofSeconds(5)))
                    .isInstanceOfSatisfying(TransportException.class, e -> {
                        assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT);
                        assertThat(e.reason()).startsWith("the server closed the connection before sending an SSH banner");
                        assertThat(e.detail()).isEqualTo("127.0.0.1:" + web.getLocalPort());
                    });
        }
    }

    /** When the server closes before MINA attached its session, MINA's words (with its class names) stay inside. */
    @Test
    void aCloseBeforeTheSessionIsAttachedIsTheSameMissingBanner() {
        TransportException e = Failures.connecting(new IllegalStateException(
                "No session attached to Nio2Session[local=/127.0.0.1:40726, remote=/127.0.0.1:32879]"), "127.0.0.1:22");
        assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT);
        assertThat(e.reason()).isEqualTo("the server closed the connection before sending an SSH banner");
        assertThat(e.getMessage()).doesNotContain("Nio2Session");
    }

    @Test
    void interruptingAConnectThrowsInterruptedExceptionPromptlyAndClosesTheSocket() throws Exception {
        try (ServerSocket silent = listen()) {
            var outcome = new CompletableFuture<Throwable>();
            Thread connecting = Thread.ofVirtual().start(() -> {
                try {
                    transport.connect(host(silent.getLocalPort()), Duration.ofSeconds(60)).close();
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            try (Socket accepted = silent.accept()) {
                long start = System.nanoTime();
                connecting.interrupt();
                assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
                assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
                assertThat(readsEndOfStream(accepted, Duration.ofSeconds(5)))
                        .as("the half-open connection is closed").isTrue();
            }
        }
    }

    /** Whether the peer closes {@code socket} within {@code patience}, skipping the bytes it sends first. */
    private static boolean readsEndOfStream(Socket socket, Duration patience) throws Exception {
        socket.setSoTimeout((int) patience.toMillis());
        InputStream in = socket.getInputStream();
        byte[] buffer = new byte[4096];
        try {
            while (true) {
                if (in.read(buffer) < 0) {
                    return true;
                }
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true; // reset by the peer: closed as well
        }
    }

    private MinaTransport resolvingWith(HostResolver resolver) {
        transport.close();
        transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home).withResolver(resolver));
        return transport;
    }

    private static Host named(String name, int port) {
        return Host.of("web01", name, port, "alice").withPassword(Secret.of("secret"));
    }

    @Test
    void aResolverThatNeverAnswersCostsTheConnectTimeoutAndSaysSo() {
        var asked = new CompletableFuture<String>();
        MinaTransport silent = resolvingWith(name -> {
            asked.complete(name);
            try {
                Thread.sleep(Duration.ofMinutes(10));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new java.net.UnknownHostException(name);
        });
        long start = System.nanoTime();

        assertThatThrownBy(() -> silent.connect(named("web01.example", 22), Duration.ofMillis(700)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.CONNECT_TIMEOUT);
                    assertThat(e.getMessage()).isEqualTo("name resolution timed out after 700 ms (web01.example)");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isBetween(Duration.ofMillis(650),
                Duration.ofMillis(1500));
        assertThat(asked).isCompletedWithValue("web01.example");
    }

    @Test
    void aNameWithoutAddressIsNoSuchHost() {
        MinaTransport unknown = resolvingWith(name -> {
            throw new java.net.UnknownHostException(name + ": Name or service not known");
        });

        assertThatThrownBy(() -> unknown.connect(named("nosuch.example", 22), Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(TransportException.class, e -> {
                    assertThat(e.kind()).isEqualTo(TransportException.Kind.UNKNOWN_HOST);
                    assertThat(e.getMessage()).isEqualTo("no such host (nosuch.example)");
                });
    }

    @Test
    void aResolversAnswerIsWhereTheTransportConnects() throws Exception {
        MinaTransport loopback = resolvingWith(name -> InetAddress.getLoopbackAddress());
        try (ServerSocket listening = listen()) {
            var accepted = CompletableFuture.supplyAsync(() -> {
                try (Socket client = listening.accept()) {
                    return client.getInetAddress();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });

            assertThatThrownBy(() -> loopback.connect(named("web01.example", listening.getLocalPort()),
                    Duration.ofSeconds(5))).isInstanceOf(TransportException.class);
            assertThat(accepted.get(5, TimeUnit.SECONDS).isLoopbackAddress()).isTrue();
        }
    }

    @Test
    void aClosedTransportRefusesToConnect() {
        transport.close();
        assertThatThrownBy(() -> transport.connect(host(22), Duration.ofSeconds(1)))
                .isInstanceOf(IllegalStateException.class).hasMessage("the transport is closed");
    }
}
