package dev.fanout.core.exec;

import dev.fanout.core.text.Problems;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.Transport;
import dev.fanout.core.transport.TransportException;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One run in progress: {@link #cancel()} it from any thread, {@link #await()} its report. Thread-safe.
 *
 * <p>A dispatcher thread starts one virtual thread per host, in selection order and in the batches of the run's
 * {@link FailurePolicy} (one batch without one), each after taking one of {@code fanout} slots; a batch starts once
 * the previous one has ended, and none once the policy's failure threshold is passed (the rest are skipped). A host thread connects (after taking one of {@code connecting} turns), runs the job and
 * reports; a job time limit is enforced by a timer thread that interrupts the host thread (see {@link HostRun}).
 */
public final class Execution {
    private final Transport transport;
    private final ExecOptions options;
    private final List<Host> hosts;
    private final Job job;
    private final RunListener listener;
    private final HostResult[] results;
    private final Semaphore slots;
    /** Turns to connect: a host's connect timeout starts when it gets one. */
    private final ConnectGate connecting;
    private final Set<HostRun> active = ConcurrentHashMap.newKeySet();
    private final CompletableFuture<RunReport> report = new CompletableFuture<>();
    private volatile boolean cancelled;
    /** Why the failure policy stopped the run, or null while it has not. */
    private volatile String stopReason;
    private Thread dispatcher;

    Execution(Transport transport, ExecOptions options, List<Host> hosts, Job job, RunListener listener) {
        this.transport = transport;
        this.options = options;
        this.hosts = hosts;
        this.job = job;
        this.listener = listener;
        this.results = new HostResult[hosts.size()];
        this.slots = new Semaphore(options.fanout());
        this.connecting = new ConnectGate(Math.min(options.connecting(), options.fanout()), options.connectTimeout());
    }

    synchronized void start() {
        dispatcher = Thread.ofVirtual().name("fanout-dispatcher").start(this::dispatch);
    }

    /** Waits for the run to end and returns its report. */
    public RunReport await() throws InterruptedException {
        try {
            return report.get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("the run failed: " + Problems.describe(e.getCause()),
                    e.getCause());
        }
    }

    /**
     * Interrupts the run: hosts not yet started are not started, running jobs are stopped (remote commands
     * killed) and end as cancelled, after delivering the output they had. Idempotent; never blocks.
     */
    public void cancel() {
        cancelled = true;
        synchronized (this) {
            if (dispatcher != null) {
                dispatcher.interrupt();
            }
        }
        for (HostRun run : active) {
            run.stop(HostRun.State.CANCELLED);
        }
    }

    private void dispatch() {
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        try {
            listener.runStarted(hosts, job);
            FailurePolicy policy = options.policy();
            List<int[]> batches = policy.batches(hosts.size());
            for (int b = 0; b < batches.size(); b++) {
                int from = batches.get(b)[0];
                int to = batches.get(b)[1];
                if (b > 0 && !stopping() && !policy.batchPause().isZero()) {
                    pause(policy.batchPause());
                }
                boolean canaryBatch = b == 0 && policy.canary() > 0;
                runBatch(from, to, new Batch(policy.failuresAllowed(to - from, canaryBatch), canaryBatch));
            }
            if (!cancelled) {
                Thread.interrupted();
            }
            RunReport done = new RunReport(Arrays.asList(results), started,
                    Duration.ofNanos(System.nanoTime() - t0), cancelled, stopReason != null && !cancelled);
            listener.runFinished(done);
            report.complete(done);
        } catch (Throwable t) {
            report.completeExceptionally(t);
        }
    }

    /**
     * Starts the hosts {@code [from, to)} as slots free up and waits for them all; once the run is cancelled or
     * stopped, the hosts not started end as cancelled or skipped (without events).
     */
    private void runBatch(int from, int to, Batch batch) {
        List<Thread> threads = new ArrayList<>(to - from);
        for (int i = from; i < to; i++) {
            if (!takeSlot()) {
                Instant now = Instant.now();
                for (int j = i; j < to; j++) {
                    results[j] = cancelled ? HostResult.notStarted(hosts.get(j), now)
                            : HostResult.skipped(hosts.get(j), now, stopReason);
                }
                break;
            }
            HostRun run = new HostRun();
            int index = i;
            Thread thread = Thread.ofVirtual().name("fanout-" + hosts.get(i).name())
                    .unstarted(() -> runHost(index, run, batch));
            run.attach(thread);
            active.add(run);
            if (cancelled || (stopping() && options.policy().failFast())) {
                run.stop(HostRun.State.CANCELLED);
            }
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            joinUninterruptibly(thread);
        }
    }

    /** Whether no new host may start: the run was cancelled or its failure policy stopped it. */
    private boolean stopping() {
        return cancelled || stopReason != null;
    }

    /** Waits between two batches; a cancel or a stop cuts the wait short. */
    private void pause(Duration pause) {
        long deadline = System.nanoTime() + pause.toNanos();
        while (!stopping()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return;
            }
            try {
                Thread.sleep(Duration.ofNanos(left));
            } catch (InterruptedException e) {
                // cancel() or a stop interrupts the dispatcher: the loop condition decides
            }
        }
    }

    /**
     * Counts a host's failure against its batch; past the batch's threshold, stops the run: no new host starts, and
     * with fail fast the running ones are stopped and end as cancelled.
     */
    private void countFailure(Batch batch) {
        if (batch.failures.incrementAndGet() <= batch.allowed) {
            return;
        }
        synchronized (this) {
            if (stopReason != null || cancelled) {
                return;
            }
            stopReason = batch.canary ? "a canary host failed" : batch.allowed == 0 ? "a host failed"
                    : "more than " + batch.allowed + (batch.allowed == 1 ? " host" : " hosts") + " failed";
            if (dispatcher != null) {
                dispatcher.interrupt();
            }
        }
        if (options.policy().failFast()) {
            for (HostRun run : active) {
                run.stop(HostRun.State.CANCELLED);
            }
        }
    }

    /** Takes a fan-out slot; false when the run was cancelled or stopped instead. */
    private boolean takeSlot() {
        while (!stopping()) {
            try {
                slots.acquire();
                if (stopping()) {
                    slots.release();
                    return false;
                }
                return true;
            } catch (InterruptedException e) {
                // cancel() interrupts the dispatcher: the loop condition decides
            }
        }
        return false;
    }

    private void runHost(int index, HostRun run, Batch batch) {
        Host host = hosts.get(index);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Duration connectTime = null;
        Outcome outcome;
        Connection connection = null;
        int[] attempts = {1};
        try {
            listener.hostStarted(host);
            try {
                if (run.state() != HostRun.State.RUNNING) {
                    throw new InterruptedException("cancelled before start");
                }
                connection = connectWithRetries(host, attempts);
                connectTime = Duration.ofNanos(System.nanoTime() - t0);
                listener.hostConnected(host, connectTime);
                run.armTimer(options.jobTimeout());
                outcome = job.execute(connection, new Context(host));
            } catch (TransportException e) {
                outcome = Outcome.Unreachable.of(e);
            } catch (InterruptedException e) {
                outcome = cancelledOutcome();
            } catch (RuntimeException | Error e) {
                outcome = Outcome.InternalFailure.of(e);
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
            HostRun.State state = run.finish();
            outcome = attributeToStop(outcome, state);
            HostResult result = new HostResult(host, outcome, started, connectTime,
                    Duration.ofNanos(System.nanoTime() - t0), attempts[0]);
            if (outcome.status() != Outcome.Status.OK && outcome.status() != Outcome.Status.CANCELLED) {
                countFailure(batch);
            }
            results[index] = result;
            listener.hostFinished(result);
        } finally {
            if (results[index] == null) {
                results[index] = new HostResult(host, new Outcome.InternalFailure("internal error: in a listener"), started,
                        connectTime, Duration.ofNanos(System.nanoTime() - t0));
            }
            active.remove(run);
            slots.release();
        }
    }

    /**
     * Connects, trying again as the failure policy allows when no server answered (refused, unreachable, timed out
     * connecting): never after an authentication, credential or host-key failure, nor a broken session, which
     * another try would not mend (or would make worse). {@code attempts[0]} counts the tries made.
     */
    private Connection connectWithRetries(Host host, int[] attempts) throws TransportException, InterruptedException {
        FailurePolicy policy = options.policy();
        while (true) {
            try {
                return connect(host);
            } catch (TransportException e) {
                if (attempts[0] > policy.retries() || !retryable(e.kind())) {
                    throw e;
                }
            }
            attempts[0]++;
            Thread.sleep(policy.retryDelay(attempts[0]));
        }
    }

    /**
     * Whether a connect failure may go away: a host that did not answer (refused, no route, timed out, reset before
     * login) may answer later; a name without an address will not, nor anything after the server answered.
     */
    private static boolean retryable(TransportException.Kind kind) {
        return kind.beforeServerAnswered() && kind != TransportException.Kind.UNKNOWN_HOST;
    }

    /**
     * Connects to the host once it has a turn among the attempts allowed at once (see {@link ConnectGate}), so that
     * its connect timeout counts from the moment its attempt starts: a host never times out for waiting behind other
     * hosts' handshakes, which compete for this machine's processors (and, against the lab or servers sharing this
     * machine, for those of the servers too).
     */
    private Connection connect(Host host) throws TransportException, InterruptedException {
        connecting.enter();
        long start = System.nanoTime();
        boolean answered = false;
        try {
            Connection connection = transport.connect(host, options.connectTimeout());
            answered = true;
            return connection;
        } catch (TransportException e) {
            answered = !e.kind().beforeServerAnswered();
            throw e;
        } finally {
            connecting.leave(answered, System.nanoTime() - start);
        }
    }

    /**
     * A host stopped by its time limit or a cancel ends as timed out or cancelled, whatever failure the stop caused
     * in the job (an interrupted read may surface as an I/O error); a success that made it in time stands.
     */
    private Outcome attributeToStop(Outcome outcome, HostRun.State state) {
        if (outcome.status() == Outcome.Status.OK) {
            return outcome;
        }
        return switch (state) {
            case TIMED_OUT -> new Outcome.TimedOut(options.jobTimeout());
            case CANCELLED -> cancelledOutcome();
            default -> outcome;
        };
    }

    /** A stopped host's outcome: interrupted by a cancel, or stopped by fail fast. */
    private Outcome cancelledOutcome() {
        String reason = stopReason;
        return cancelled || reason == null ? new Outcome.Cancelled() : new Outcome.Cancelled("stopped: " + reason);
    }

    private static void joinUninterruptibly(Thread thread) {
        boolean interrupted = false;
        while (true) {
            try {
                thread.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The hosts of one batch: how many failed so far, and how many failures it tolerates. */
    private static final class Batch {
        final AtomicInteger failures = new AtomicInteger();
        final int allowed;
        final boolean canary;

        Batch(int allowed, boolean canary) {
            this.allowed = allowed;
            this.canary = canary;
        }
    }

    private final class Context implements HostContext {
        private final Host host;

        Context(Host host) {
            this.host = host;
        }

        @Override
        public Host host() {
            return host;
        }

        @Override
        public void output(OutputLines lines) {
            listener.output(host, lines);
        }

        @Override
        public void transferred(long bytes) {
            listener.transferred(host, bytes);
        }
    }
}
