package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.exec.Engine;
import dev.fanout.core.exec.ExecOptions;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.Transport;
import dev.fanout.core.transport.TransportException;
import dev.fanout.core.transport.WarmTransport;
import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import dev.fanout.ssh.MinaTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/** WarmTransport over MinaTransport against the embedded lab: connections kept across runs, lost ones made again. */
class WarmTransportAgainstLabTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static Lab lab;
    private static List<Host> hosts;

    @TempDir
    Path home;

    private final AtomicInteger connects = new AtomicInteger();
    private final List<String> reconnected = new CopyOnWriteArrayList<>();
    private WarmTransport warm;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.61.1"));
        Inventory inventory = Inventory.load(lab.inventory(), name -> null, "nobody");
        hosts = inventory.hosts().stream().filter(h -> List.of("h1", "h2", "h3").contains(h.name())).toList();
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    @AfterEach
    void closeTransport() throws Exception {
        if (warm != null) {
            warm.close();
        }
        lab.startHost("h2");
    }

    /** A warm transport over a MinaTransport whose connects are counted. */
    private WarmTransport warm(Predicate<Connection> open) {
        MinaTransport mina = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
        Transport counted = new Transport() {
            @Override
            public Connection connect(Host host, Duration timeout) throws TransportException, InterruptedException {
                connects.incrementAndGet();
                return mina.connect(host, timeout);
            }

            @Override
            public void close() {
                mina.close();
            }
        };
        warm = new WarmTransport(counted, open, (host, cause) -> reconnected.add(host.name() + ": " + cause));
        return warm;
    }

    private static Map<String, Outcome.Status> run(Transport transport) throws InterruptedException {
        RunReport report = new Engine(transport, new ExecOptions(10, TIMEOUT, TIMEOUT))
                .run(hosts, new CommandJob("hostname"), RunListener.NONE);
        Map<String, Outcome.Status> statuses = new ConcurrentHashMap<>();
        for (HostResult result : report.results()) {
            statuses.put(result.host().name(), result.outcome().status());
        }
        return statuses;
    }

    /** Waits until the client has seen the server close {@code host}'s kept connection. */
    private static void awaitClosed(WarmTransport transport, String host) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (transport.connected(host)) {
            assertThat(System.nanoTime()).as("the closed connection is seen within " + TIMEOUT).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static Map<String, Outcome.Status> allOk() {
        return Map.of("h1", Outcome.Status.OK, "h2", Outcome.Status.OK, "h3", Outcome.Status.OK);
    }

    @Test
    void runsAfterTheFirstConnectToNoHostAgain() throws Exception {
        WarmTransport transport = warm(MinaTransport::isOpen);

        for (int i = 0; i < 3; i++) {
            assertThat(run(transport)).isEqualTo(allOk());
        }

        assertThat(connects).hasValue(3);
        assertThat(transport.connected("h1")).isTrue();
        assertThat(reconnected).isEmpty();
    }

    @Test
    void aHostStoppedAndStartedBetweenRunsIsConnectedAgainAtTheNextAndReported() throws Exception {
        WarmTransport transport = warm(MinaTransport::isOpen);
        assertThat(run(transport)).isEqualTo(allOk());

        lab.stopHost("h2");
        lab.startHost("h2");
        awaitClosed(transport, "h2");

        assertThat(run(transport)).isEqualTo(allOk());
        assertThat(connects).hasValue(4);
        assertThat(reconnected).containsExactly("h2: the connection was closed");
    }

    @Test
    void aHostDownDuringOneRunIsUnreachableThenAndReconnectedWhenItAnswersAgain() throws Exception {
        WarmTransport transport = warm(MinaTransport::isOpen);
        assertThat(run(transport)).isEqualTo(allOk());

        lab.stopHost("h2");
        assertThat(run(transport)).containsEntry("h2", Outcome.Status.UNREACHABLE)
                .containsEntry("h1", Outcome.Status.OK);
        assertThat(reconnected).isEmpty();
        assertThat(transport.connected("h2")).isFalse();

        lab.startHost("h2");
        assertThat(run(transport)).isEqualTo(allOk());
        assertThat(reconnected).hasSize(1).first().asString().startsWith("h2: the connection was");
    }

    @Test
    void aKeptConnectionThatFailsOnFirstUseIsReplacedWithinTheRun() throws Exception {
        AtomicBoolean blind = new AtomicBoolean();
        // Once blind, it cannot tell a closed connection (as with a server that went away without a word).
        WarmTransport transport = warm(connection -> blind.get() || MinaTransport.isOpen(connection));
        assertThat(run(transport)).isEqualTo(allOk());

        lab.stopHost("h2");
        lab.startHost("h2");
        awaitClosed(transport, "h2");
        blind.set(true);

        assertThat(run(transport)).isEqualTo(allOk());
        assertThat(connects).hasValue(4);
        assertThat(reconnected).hasSize(1).first().asString().startsWith("h2: the connection was lost (");
    }

    @Test
    void aHostWhoseConnectionIsInUseGetsAnotherThatIsClosedAfterUse() throws Exception {
        WarmTransport transport = warm(MinaTransport::isOpen);
        Host h1 = hosts.getFirst();

        Connection first = transport.connect(h1, TIMEOUT);
        Connection second = transport.connect(h1, TIMEOUT);
        assertThat(second).isNotSameAs(first);
        assertThat(second.start("true").waitFor(TIMEOUT)).hasValue(0);
        second.close();
        assertThat(MinaTransport.isOpen(second)).isFalse();
        first.close();

        Connection third = transport.connect(h1, TIMEOUT);
        assertThat(third.start("hostname").waitFor(TIMEOUT)).hasValue(0);
        third.close();
        assertThat(connects).hasValue(2);
        assertThat(transport.connected("h1")).isTrue();
    }
}
