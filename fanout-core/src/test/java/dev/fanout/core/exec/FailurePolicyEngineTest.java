package dev.fanout.core.exec;

import dev.fanout.core.exec.FakeTransport.Script;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FailurePolicyEngineTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    /** Nine hosts h1..h9 that exit 0, except those named in {@code failing}, which exit 1. */
    private static Map<String, Script> nine(Set<String> failing) {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 1; i <= 9; i++) {
            scripts.put("h" + i, Script.exits(failing.contains("h" + i) ? 1 : 0, ""));
        }
        return scripts;
    }

    private static List<Host> hosts(Map<String, Script> scripts) {
        return scripts.keySet().stream().map(n -> Host.of(n, "127.0.0.1", 22, "u")).toList();
    }

    private static FailurePolicy policy(HostCount serial, HostCount maxFail, boolean failFast, int canary, int retries) {
        return new FailurePolicy(serial, Duration.ZERO, maxFail, failFast, canary, retries, Duration.ofMillis(10));
    }

    private static RunReport run(FakeTransport transport, Map<String, Script> scripts, int fanout,
                                 FailurePolicy policy, RunListener listener) throws InterruptedException {
        ExecOptions options = new ExecOptions(fanout, CONNECT, null).withPolicy(policy);
        return new Engine(transport, options).run(hosts(scripts), new CommandJob("x"), listener);
    }

    private static List<String> named(RunReport report, Outcome.Status status) {
        return report.withStatus(status).stream().map(r -> r.host().name()).toList();
    }

    @Test
    void aBatchWithMoreFailuresThanAllowedStopsTheRunAndTheRestIsSkipped() throws Exception {
        Map<String, Script> scripts = nine(Set.of("h2", "h3"));
        FakeTransport transport = new FakeTransport(scripts);
        RecordingListener listener = new RecordingListener();

        RunReport report = run(transport, scripts, 256, policy(HostCount.of(3), HostCount.of(1), false, 0, 0),
                listener);

        assertThat(transport.attempts.keySet()).containsExactlyInAnyOrder("h1", "h2", "h3");
        assertThat(named(report, Outcome.Status.OK)).containsExactly("h1");
        assertThat(named(report, Outcome.Status.FAILED)).containsExactly("h2", "h3");
        assertThat(named(report, Outcome.Status.SKIPPED)).containsExactly("h4", "h5", "h6", "h7", "h8", "h9");
        assertThat(report.withStatus(Outcome.Status.SKIPPED)).extracting(HostResult::outcome)
                .containsOnly(new Outcome.Skipped("more than 1 host failed"));
        assertThat(report.stopped()).isTrue();
        assertThat(report.interrupted()).isFalse();
        assertThat(listener.violations).isEmpty();
        assertThat(listener.events).noneMatch(e -> e.startsWith("h4 "));
    }

    @Test
    void theFailureThresholdCountsPerBatchWithSerial() throws Exception {
        Map<String, Script> scripts = nine(Set.of("h2", "h5", "h8"));
        FakeTransport transport = new FakeTransport(scripts);

        RunReport report = run(transport, scripts, 256, policy(HostCount.of(3), HostCount.of(1), false, 0, 0),
                RunListener.NONE);

        assertThat(transport.attempts).hasSize(9);
        assertThat(named(report, Outcome.Status.FAILED)).containsExactly("h2", "h5", "h8");
        assertThat(report.count(Outcome.Status.SKIPPED)).isZero();
        assertThat(report.stopped()).isFalse();
    }

    @Test
    void withoutSerialTheThresholdCountsForTheWholeRun() throws Exception {
        Map<String, Script> scripts = nine(Set.of("h2", "h5", "h8"));
        FakeTransport transport = new FakeTransport(scripts);

        RunReport report = run(transport, scripts, 1, policy(null, HostCount.of(1), false, 0, 0), RunListener.NONE);

        assertThat(transport.attempts.keySet()).containsExactlyInAnyOrder("h1", "h2", "h3", "h4", "h5");
        assertThat(named(report, Outcome.Status.SKIPPED)).containsExactly("h6", "h7", "h8", "h9");
        assertThat(report.stopped()).isTrue();
    }

    @Test
    void batchesRunOneAfterTheOtherInSelectionOrder() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 1; i <= 6; i++) {
            scripts.put("h" + i, Script.runs(Duration.ofMillis(i % 2 == 0 ? 50 : 0), ""));
        }
        RecordingListener listener = new RecordingListener();

        RunReport report = run(new FakeTransport(scripts), scripts, 256,
                policy(HostCount.of(2), null, false, 0, 0), listener);

        assertThat(report.allOk()).isTrue();
        List<String> events = listener.events;
        for (int batch = 0; batch < 2; batch++) {
            for (String earlier : List.of("h" + (2 * batch + 1), "h" + (2 * batch + 2))) {
                for (String later : List.of("h" + (2 * batch + 3), "h" + (2 * batch + 4))) {
                    assertThat(events.indexOf(earlier + " finished Exited[code=0]"))
                            .isLessThan(events.indexOf(later + " started"));
                }
            }
        }
    }

    @Test
    void percentagesAreOfTheSelectionForSerialAndOfTheBatchForMaxFail() throws Exception {
        assertThat(policy(HostCount.percentOf(30), null, false, 0, 0).batches(10))
                .extracting(b -> b[1] - b[0]).containsExactly(3, 3, 3, 1);
        assertThat(policy(HostCount.percentOf(150), null, false, 0, 0).batches(10))
                .extracting(b -> b[1] - b[0]).containsExactly(10);
        assertThat(policy(HostCount.percentOf(1), null, false, 0, 0).batches(3))
                .extracting(b -> b[1] - b[0]).containsExactly(1, 1, 1);

        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 1; i <= 4; i++) {
            scripts.put("h" + i, Script.exits(i <= 2 ? 1 : 0, ""));
        }
        FakeTransport transport = new FakeTransport(scripts);
        RunReport report = run(transport, scripts, 256,
                policy(HostCount.percentOf(50), HostCount.percentOf(50), false, 0, 0), RunListener.NONE);

        assertThat(transport.attempts.keySet()).containsExactlyInAnyOrder("h1", "h2");
        assertThat(named(report, Outcome.Status.SKIPPED)).containsExactly("h3", "h4");
    }

    @Test
    void theRestRunsAfterTheCanaryHostsAllSucceeded() throws Exception {
        Map<String, Script> scripts = nine(Set.of());
        RecordingListener listener = new RecordingListener();

        RunReport report = run(new FakeTransport(scripts), scripts, 256, policy(null, null, false, 2, 0), listener);

        assertThat(report.allOk()).isTrue();
        for (String canary : List.of("h1", "h2")) {
            for (int i = 3; i <= 9; i++) {
                assertThat(listener.events.indexOf(canary + " finished Exited[code=0]"))
                        .isLessThan(listener.events.indexOf("h" + i + " started"));
            }
        }
    }

    @Test
    void aFailedCanarySkipsTheRest() throws Exception {
        Map<String, Script> scripts = nine(Set.of("h2"));
        FakeTransport transport = new FakeTransport(scripts);

        RunReport report = run(transport, scripts, 256, policy(null, null, false, 2, 0), RunListener.NONE);

        assertThat(transport.attempts.keySet()).containsExactlyInAnyOrder("h1", "h2");
        assertThat(named(report, Outcome.Status.SKIPPED)).containsExactly("h3", "h4", "h5", "h6", "h7", "h8", "h9");
        assertThat(report.withStatus(Outcome.Status.SKIPPED)).extracting(HostResult::outcome)
                .containsOnly(new Outcome.Skipped("a canary host failed"));
        assertThat(report.stopped()).isTrue();
    }

    @Test
    void aHostRefusedTwiceThenUpSucceedsOnItsThirdAttempt() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        scripts.put("h1", Script.exits(0, ""));
        FakeTransport transport = new FakeTransport(scripts).failFirst("h1", 2, TransportException.Kind.CONNECT);

        RunReport report = run(transport, scripts, 256, policy(null, null, false, 0, 3), RunListener.NONE);

        assertThat(report.results()).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(new Outcome.Exited(0));
            assertThat(r.attempts()).isEqualTo(3);
        });
    }

    @Test
    void retriesStopAtTheirNumberAndNeverRetryAnAuthenticationOrHostKeyFailure() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        scripts.put("down", Script.exits(0, ""));
        scripts.put("auth", Script.exits(0, ""));
        scripts.put("key", Script.exits(0, ""));
        scripts.put("timeout", Script.exits(0, ""));
        FakeTransport transport = new FakeTransport(scripts)
                .failFirst("down", 5, TransportException.Kind.CONNECT)
                .failFirst("auth", 5, TransportException.Kind.AUTH)
                .failFirst("key", 5, TransportException.Kind.HOST_KEY_CHANGED)
                .failFirst("timeout", 1, TransportException.Kind.CONNECT_TIMEOUT);

        RunReport report = run(transport, scripts, 256, policy(null, null, false, 0, 2), RunListener.NONE);

        assertThat(report.results()).extracting(r -> r.host().name() + " " + r.status() + " " + r.attempts())
                .containsExactly("down UNREACHABLE 3", "auth UNREACHABLE 1", "key UNREACHABLE 1", "timeout OK 2");
        assertThat(transport.attempts.get("down").get()).isEqualTo(3);
        assertThat(transport.attempts.get("auth").get()).isEqualTo(1);
    }

    @Test
    void failFastCancelsTheRunningHostsAndKillsTheirCommands() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        scripts.put("slow1", Script.runs(Duration.ofSeconds(60), ""));
        scripts.put("slow2", Script.runs(Duration.ofSeconds(60), ""));
        scripts.put("bad", new Script(null, "", "", Duration.ofMillis(300), 1));
        scripts.put("later", Script.exits(0, ""));
        FakeTransport transport = new FakeTransport(scripts);
        RecordingListener listener = new RecordingListener();

        RunReport report = run(transport, scripts, 3, policy(null, null, true, 0, 0), listener);

        assertThat(report.results()).extracting(r -> r.host().name() + " " + r.status())
                .containsExactly("slow1 CANCELLED", "slow2 CANCELLED", "bad FAILED", "later SKIPPED");
        assertThat(report.withStatus(Outcome.Status.CANCELLED)).extracting(HostResult::outcome)
                .containsOnly(new Outcome.Cancelled("stopped: a host failed"));
        long connectedSlow = report.results().stream()
                .filter(r -> r.host().name().startsWith("slow") && r.connect() != null).count();
        assertThat(transport.killed.get()).isEqualTo((int) connectedSlow);
        assertThat(report.elapsed()).isLessThan(Duration.ofSeconds(30));
        assertThat(report.stopped()).isTrue();
        assertThat(report.interrupted()).isFalse();
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void invalidValuesAreRefusedNamingTheValue() {
        assertThatThrownBy(() -> policy(HostCount.of(0), null, false, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(": 0");
        assertThatThrownBy(() -> HostCount.of(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> HostCount.parse("abc")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'abc'");
        assertThatThrownBy(() -> policy(null, null, false, 0, 11)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("11");
        assertThatThrownBy(() -> policy(null, HostCount.of(2), true, 0, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2");
        assertThat(HostCount.parse("150%")).isEqualTo(HostCount.percentOf(150));
    }

    @Test
    void retryWaitsDoubleUpToTheirCap() {
        FailurePolicy policy = new FailurePolicy(null, Duration.ZERO, null, false, 0, 10, Duration.ofSeconds(1));
        assertThat(List.of(2, 3, 4, 5, 6, 7, 11)).extracting(policy::retryDelay).containsExactly(
                Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4), Duration.ofSeconds(8),
                Duration.ofSeconds(16), Duration.ofSeconds(30), Duration.ofSeconds(30));
    }
}
