package dev.fanout.core.exec;

import dev.fanout.core.exec.FakeTransport.Script;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.TransportException;
import dev.fanout.core.result.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class EngineTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);

    private static List<Host> hosts(Map<String, Script> scripts) {
        return scripts.keySet().stream().map(n -> Host.of(n, "127.0.0.1", 22, "u")).toList();
    }

    @Test
    void everyHostGetsExactlyOneResultInSelectionOrder() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        scripts.put("b", Script.exits(0, "hello\n"));
        scripts.put("a", Script.exits(3, ""));
        scripts.put("c", Script.refuses("connection refused"));
        RecordingListener listener = new RecordingListener();

        RunReport report = new Engine(new FakeTransport(scripts), ExecOptions.defaults())
                .run(hosts(scripts), new CommandJob("x"), listener);

        assertThat(report.results()).extracting(r -> r.host().name()).containsExactly("b", "a", "c");
        assertThat(report.results()).extracting(HostResult::outcome).containsExactly(
                new Outcome.Exited(0), new Outcome.Exited(3), new Outcome.Unreachable(TransportException.Kind.CONNECT, "connection refused", ""));
        assertThat(listener.violations).isEmpty();
        assertThat(listener.events).first().isEqualTo("run-started 3");
        assertThat(listener.events).last().isEqualTo("run-finished");
        assertThat(listener.events).containsSubsequence("b connected", "b STDOUT hello\n", "b finished Exited[code=0]");
        assertThat(report.interrupted()).isFalse();
    }

    @Test
    void aJobThatThrowsOnOneHostIsAnInternalFailureOfThatHostAndTheOthersGoOn() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        scripts.put("a", Script.exits(0, "fine\n"));
        scripts.put("bug", Script.exits(0, ""));
        scripts.put("deep", Script.exits(0, ""));
        Job job = new Job() {
            @Override
            public String description() {
                return "throws";
            }

            @Override
            public Outcome execute(dev.fanout.core.transport.Connection connection, HostContext context)
                    throws InterruptedException, dev.fanout.core.transport.TransportException {
                return switch (context.host().name()) {
                    case "bug" -> throw new IllegalStateException("no such state");
                    case "deep" -> throw new StackOverflowError();
                    default -> new CommandJob("x").execute(connection, context);
                };
            }
        };
        RecordingListener listener = new RecordingListener();

        RunReport report = new Engine(new FakeTransport(scripts), ExecOptions.defaults())
                .run(hosts(scripts), job, listener);

        assertThat(report.results()).extracting(HostResult::outcome).containsExactly(new Outcome.Exited(0),
                new Outcome.InternalFailure("internal error: illegal state: no such state"),
                new Outcome.InternalFailure("internal error: stack overflow"));
        assertThat(report.internalFailures()).isEqualTo(2);
        assertThat(report.count(Outcome.Status.FAILED)).isEqualTo(2);
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void neverMoreHostsInFlightThanTheFanout() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 0; i < 40; i++) {
            scripts.put("h" + i, Script.runs(Duration.ofMillis(20), "x\n"));
        }
        FakeTransport transport = new FakeTransport(scripts);

        RunReport report = new Engine(transport, new ExecOptions(7, CONNECT, null))
                .run(hosts(scripts), new CommandJob("x"), RunListener.NONE);

        assertThat(report.allOk()).isTrue();
        assertThat(transport.maxInFlight.get()).isEqualTo(7);
        assertThat(transport.closedConnections.get()).isEqualTo(40);
    }

    /**
     * Twenty handshakes of 50 ms of processor time each, all started at once on one processor, would take up to a
     * second each, past the 400 ms connect timeout, although no host is slow: the engine lets four connect at a time,
     * and a host's timeout counts from its own attempt.
     */
    @Test
    void hostsWaitingForTheirTurnToConnectNeverTimeOutForIt() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) {
            scripts.put("h" + i, Script.runs(Duration.ofMillis(300), ""));
        }
        Duration connectTimeout = Duration.ofMillis(400);
        FakeTransport starved = new FakeTransport(scripts, Duration.ofMillis(50));

        RunReport allAtOnce = new Engine(starved, new ExecOptions(20, connectTimeout, null, 20))
                .run(hosts(scripts), new CommandJob("x"), RunListener.NONE);
        assertThat(allAtOnce.withStatus(Outcome.Status.UNREACHABLE)).as("the model: all at once starves").isNotEmpty();

        FakeTransport transport = new FakeTransport(scripts, Duration.ofMillis(50));
        RunReport report = new Engine(transport, new ExecOptions(20, connectTimeout, null, 4))
                .run(hosts(scripts), new CommandJob("x"), RunListener.NONE);

        assertThat(report.allOk()).isTrue();
        assertThat(transport.maxConnecting.get()).isEqualTo(4);
        assertThat(transport.maxInFlight.get()).isGreaterThan(4);
    }

    @Test
    void byDefaultAsManyHostsConnectAtOnceAsTheDefaultFanoutAllows() {
        assertThat(ExecOptions.defaults().connecting()).isGreaterThanOrEqualTo(ExecOptions.DEFAULT_FANOUT);
        assertThat(new ExecOptions(10, CONNECT, null).connecting()).isEqualTo(ExecOptions.DEFAULT_CONNECTING);
    }

    @Test
    void oneHostTimingOutDoesNotDelayTheOthers() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        scripts.put("slow", Script.runs(Duration.ofMinutes(10), "started\n"));
        for (int i = 0; i < 5; i++) {
            scripts.put("fast" + i, Script.runs(Duration.ofMillis(50), "done\n"));
        }
        FakeTransport transport = new FakeTransport(scripts);
        RecordingListener listener = new RecordingListener();
        long t0 = System.nanoTime();

        RunReport report = new Engine(transport, new ExecOptions(10, CONNECT, Duration.ofMillis(700)))
                .run(hosts(scripts), new CommandJob("x"), listener);

        Duration took = Duration.ofNanos(System.nanoTime() - t0);
        assertThat(report.results().getFirst().outcome()).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(700)));
        assertThat(report.withStatus(Outcome.Status.OK)).hasSize(5)
                .allSatisfy(r -> assertThat(r.total()).isLessThan(Duration.ofMillis(600)));
        assertThat(took).isLessThan(Duration.ofSeconds(5));
        assertThat(transport.killed.get()).isEqualTo(1);
        assertThat(listener.events).containsSubsequence("slow STDOUT started\n", "slow finished TimedOut[limit=PT0.7S]");
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void aJobThatTurnsTheTimeLimitsInterruptIntoAFailureStillCountsAsTimedOut() throws Exception {
        Map<String, Script> scripts = Map.of("h", Script.exits(0, ""));
        Job swallowing = new Job() {
            @Override
            public String description() {
                return "a job that reports an interrupted transfer as a failure";
            }

            @Override
            public Outcome execute(dev.fanout.core.transport.Connection c, HostContext context) {
                try {
                    Thread.sleep(Duration.ofMinutes(1));
                    return new Outcome.Transferred(1, 1);
                } catch (InterruptedException e) {
                    return new Outcome.Failed("transfer broken");
                }
            }
        };

        RunReport report = new Engine(new FakeTransport(scripts), new ExecOptions(1, CONNECT, Duration.ofMillis(200)))
                .run(hosts(scripts), swallowing, RunListener.NONE);

        assertThat(report.results().getFirst().outcome()).isEqualTo(new Outcome.TimedOut(Duration.ofMillis(200)));
    }

    @Test
    void cancellingStopsRunningHostsAndSkipsTheRestWithEveryStartEnded() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 0; i < 10; i++) {
            scripts.put("h" + i, Script.runs(Duration.ofMinutes(10), "partial output\n"));
        }
        FakeTransport transport = new FakeTransport(scripts);
        RecordingListener listener = new RecordingListener();
        Execution execution = new Engine(transport, new ExecOptions(4, CONNECT, null))
                .start(hosts(scripts), new CommandJob("x"), listener);
        while (listener.events.stream().filter(e -> e.endsWith("partial output\n")).count() < 4) {
            Thread.sleep(10);
        }

        execution.cancel();
        RunReport report = execution.await();

        assertThat(report.interrupted()).isTrue();
        assertThat(report.results()).hasSize(10).allSatisfy(r ->
                assertThat(r.outcome()).isEqualTo(new Outcome.Cancelled()));
        assertThat(transport.killed.get()).isEqualTo(4);
        assertThat(transport.inFlight.get()).isZero();
        long started = listener.events.stream().filter(e -> e.endsWith(" started")).count();
        long finished = listener.events.stream().filter(e -> e.contains(" finished ")).count();
        assertThat(started).isEqualTo(4).isEqualTo(finished);
        assertThat(listener.violations).isEmpty();
    }

    @Test
    void aRunWithManyHostsFinishesWithAllResults() throws Exception {
        Map<String, Script> scripts = new LinkedHashMap<>();
        for (int i = 0; i < 2000; i++) {
            scripts.put("n" + i, Script.exits(i % 3, "line\n"));
        }
        List<String> finished = new ArrayList<>();
        RunListener collect = new RunListener() {
            @Override
            public synchronized void hostFinished(HostResult result) {
                finished.add(result.host().name());
            }
        };

        RunReport report = new Engine(new FakeTransport(scripts), new ExecOptions(300, CONNECT, null))
                .run(hosts(scripts), new CommandJob("x"), collect);

        assertThat(finished).hasSize(2000).doesNotHaveDuplicates();
        assertThat(report.count(Outcome.Status.FAILED)).isEqualTo(1333);
        assertThat(report.maxExitCode()).hasValue(2);
    }
}
