package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Running commands over an exec channel of an in-process server. */
class ExecTest {

    @TempDir
    Path home;
    @TempDir
    Path files;

    private InProcessServer server;
    private MinaTransport transport;
    private Connection connection;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start(files);
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
        transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
        connection = transport.connect(Host.of("web01", server.address(), server.port(), InProcessServer.USER)
                .withPassword(Secret.of(InProcessServer.PASSWORD)), Duration.ofSeconds(10));
    }

    @AfterEach
    void stop() throws Exception {
        connection.close();
        transport.close();
        server.close();
    }

    @Test
    void stdoutStderrAndTheExitCodeAreReportedSeparately() throws Exception {
        Runs run = Runs.run(connection, "echo out; echo err >&2; exit 3");
        assertThat(run).isEqualTo(new Runs("out\n", "err\n", 3));
    }

    @Test
    void stdinIsAtEndOfFile() throws Exception {
        assertThat(Runs.run(connection, "cat; echo done").stdout()).isEqualTo("done\n");
    }

    @Test
    void inputReachesTheCommandWholeAndACommandThatStopsReadingStillEnds() throws Exception {
        Runs.checkInputReachesTheCommand(connection);
    }

    @Test
    void anInteractiveCommandReadsWhatIsWrittenAfterItsOutputWasSeenAndEndsAtEndOfFile() throws Exception {
        try (var process = connection.startInteractive("echo ready; read answer; echo \"got $answer\"; cat")) {
            var out = new java.io.BufferedReader(new java.io.InputStreamReader(process.stdout(),
                    java.nio.charset.StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("ready");
            process.stdin().write("yes\nrest\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            process.stdin().flush();
            assertThat(out.readLine()).isEqualTo("got yes");
            assertThat(out.readLine()).isEqualTo("rest");
            process.stdin().close();
            assertThat(out.readLine()).isNull();
            assertThat(process.waitFor(Duration.ofSeconds(10))).hasValue(0);
        }
    }

    @Test
    void severalCommandsRunOnOneConnection() throws Exception {
        for (int i = 0; i < 3; i++) {
            assertThat(Runs.run(connection, "echo " + i).stdout()).isEqualTo(i + "\n");
        }
    }

    @Test
    void waitForReturnsEmptyWhileTheCommandRuns() throws Exception {
        try (RemoteProcess process = connection.start("sleep 5")) {
            long start = System.nanoTime();
            assertThat(process.waitFor(Duration.ofMillis(200))).isEmpty();
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
        }
    }

    @Test
    void killSignalsTheCommandAndEndsItsOutput() throws Exception {
        RemoteProcess process = connection.start("sleep 30");
        CompletableFuture<String> out = Runs.readAll(process.stdout());
        long start = System.nanoTime();
        process.kill();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(3));
        assertThat(out.get(5, TimeUnit.SECONDS)).isEmpty();
    }

    @Test
    void closingTheConnectionEndsABlockedReadAndTheWait() throws Exception {
        RemoteProcess process = connection.start("sleep 30");
        InputStream stdout = process.stdout();
        var read = new CompletableFuture<Object>();
        Thread.ofVirtual().start(() -> {
            try {
                read.complete(stdout.read());
            } catch (Exception e) {
                read.complete(e);
            }
        });
        Thread.sleep(200);
        connection.close();
        assertThat(read.get(5, TimeUnit.SECONDS)).satisfiesAnyOf(
                r -> assertThat(r).isEqualTo(-1),
                r -> assertThat(r).isInstanceOf(java.io.IOException.class));
        assertThatThrownBy(() -> process.waitFor(Duration.ofSeconds(5)))
                .isInstanceOfSatisfying(TransportException.class,
                        e -> assertThat(e.kind()).isEqualTo(TransportException.Kind.SESSION));
    }

    @Test
    void anInterruptedWaitThrowsInterruptedException() throws Exception {
        try (RemoteProcess process = connection.start("sleep 30")) {
            var outcome = new CompletableFuture<Throwable>();
            Thread waiting = Thread.ofVirtual().start(() -> {
                try {
                    process.waitFor(Duration.ofSeconds(30));
                    outcome.complete(null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });
            Thread.sleep(100);
            waiting.interrupt();
            assertThat(outcome.get(2, TimeUnit.SECONDS)).isInstanceOf(InterruptedException.class);
        }
    }

    @Test
    void largeOutputWaitsInTheWindowUntilItIsRead() throws Exception {
        long size = 20L * 1024 * 1024;
        try (RemoteProcess process = connection.start("head -c " + size + " /dev/zero")) {
            CompletableFuture<String> err = Runs.readAll(process.stderr());
            Thread.sleep(500);
            assertThat((long) process.stdout().available()).isLessThanOrEqualTo(MinaConnection.EXEC_WINDOW);
            long total = 0;
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = process.stdout().read(buffer)) >= 0; ) {
                total += n;
            }
            assertThat(total).isEqualTo(size);
            assertThat(process.waitFor(Duration.ofSeconds(10))).hasValue(0);
            assertThat(err.get()).isEmpty();
        }
    }
}
