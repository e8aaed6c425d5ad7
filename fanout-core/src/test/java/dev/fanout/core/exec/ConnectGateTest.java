package dev.fanout.core.exec;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import dev.fanout.core.exec.FakeTransport.Script;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.RunReport;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectGateTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(4);
    private static final long FAST = Duration.ofMillis(100).toNanos();
    private static final long SLOW = Duration.ofSeconds(2).toNanos();

    @Test
    void fastHandshakesRaiseTheLimitByOneEachUpToTheMaximum() throws Exception {
        var gate = new ConnectGate(40, TIMEOUT);
        assertThat(gate.limit()).isEqualTo(ConnectGate.INITIAL);
        for (int i = 0; i < 5; i++) {
            gate.enter();
            gate.leave(true, FAST);
        }
        assertThat(gate.limit()).isEqualTo(ConnectGate.INITIAL + 5);
        for (int i = 0; i < 100; i++) {
            gate.enter();
            gate.leave(true, FAST);
        }
        assertThat(gate.limit()).isEqualTo(40);
    }

    @Test
    void slowHandshakesLowerItByAQuarterOncePerQuarterOfTheTimeoutDownToTheFloor() throws Exception {
        var gate = new ConnectGate(256, TIMEOUT);
        gate.enter();
        gate.leave(true, SLOW);
        assertThat(gate.limit()).isEqualTo(ConnectGate.INITIAL * 3 / 4);
        for (int i = 0; i < 10; i++) {
            gate.enter();
            gate.leave(true, SLOW);
        }
        assertThat(gate.limit()).as("the same round of slow handshakes counts once").isEqualTo(ConnectGate.INITIAL * 3 / 4);

        var quick = new ConnectGate(256, Duration.ofMillis(40));
        for (int i = 0; i < 40; i++) {
            quick.enter();
            Thread.sleep(11);
            quick.leave(true, Duration.ofMillis(11).toNanos());
        }
        assertThat(quick.limit()).isEqualTo(ConnectGate.FLOOR);
    }

    @Test
    void attemptsNoServerAnsweredLeaveTheLimitAlone() throws Exception {
        var gate = new ConnectGate(256, TIMEOUT);
        for (int i = 0; i < 10; i++) {
            gate.enter();
            gate.leave(false, SLOW);
            gate.enter();
            gate.leave(false, FAST);
        }
        assertThat(gate.limit()).isEqualTo(ConnectGate.INITIAL);
    }

    @Test
    void aTurnGivenBackWhileTheLimitRisesLetsExactlyTwoWaitingHostsIn() throws Exception {
        var gate = new ConnectGate(256, TIMEOUT);
        for (int i = 0; i < ConnectGate.INITIAL; i++) {
            gate.enter();
        }
        var entered = new AtomicInteger();
        for (int i = 0; i < 3; i++) {
            Thread.ofVirtual().start(() -> {
                try {
                    gate.enter();
                    entered.incrementAndGet();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        }
        Thread.sleep(200);
        assertThat(entered.get()).as("the gate is full").isZero();

        gate.leave(true, FAST); // one turn back and the limit one higher: two free turns

        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (entered.get() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        Thread.sleep(200);
        assertThat(entered.get()).isEqualTo(2);
        assertThat(gate.limit()).isEqualTo(ConnectGate.INITIAL + 1);
    }

    @Test
    void aSmallMaximumIsTheLimitFromTheStart() {
        assertThat(new ConnectGate(4, TIMEOUT).limit()).isEqualTo(4);
    }

    /**
     * 200 handshakes of 10 ms of processor time each on one shared processor: all at once, the last would end after
     * 2 s, past the 1 s timeout. With the maximum at 200, the gate lets no more start at once than end in time.
     */
    @Test
    void onASaturatedMachineEveryHostConnectsWithinItsTimeout() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 0; i < 200; i++) {
            scripts.put("h" + i, Script.exits(0, ""));
        }
        var transport = new FakeTransport(scripts, Duration.ofMillis(10));
        RunReport report = new Engine(transport, new ExecOptions(200, Duration.ofSeconds(1), null, 200))
                .run(scripts.keySet().stream().map(name -> Host.of(name, "127.0.0.1", 22, "u")).toList(),
                        new CommandJob("x"), RunListener.NONE);

        assertThat(report.allOk()).isTrue();
        assertThat(transport.maxConnecting.get()).isLessThan(100);
    }
}
