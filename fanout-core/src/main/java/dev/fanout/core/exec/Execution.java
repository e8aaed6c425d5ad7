package dev.fanout.core.exec;

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

/**
 * One run in progress: {@link #cancel()} it from any thread, {@link #await()} its report. Thread-safe.
 *
 * <p>A dispatcher thread starts one virtual thread per host, in selection order, each after taking one of
 * {@code fanout} slots. A host thread connects (after taking one of {@code connecting} turns), runs the job and
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
            throw new IllegalStateException("the run failed: " + Outcome.InternalFailure.describe(e.getCause()),
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
            List<Thread> threads = new ArrayList<>(hosts.size());
            for (int i = 0; i < hosts.size(); i++) {
                if (!takeSlot()) {
                    Instant now = Instant.now();
                    for (int j = i; j < hosts.size(); j++) {
                        results[j] = HostResult.notStarted(hosts.get(j), now);
                    }
                    break;
                }
                HostRun run = new HostRun();
                int index = i;
                Thread thread = Thread.ofVirtual().name("fanout-" + hosts.get(i).name())
                        .unstarted(() -> runHost(index, run));
                run.attach(thread);
                active.add(run);
                if (cancelled) {
                    run.stop(HostRun.State.CANCELLED);
                }
                thread.start();
                threads.add(thread);
            }
            for (Thread thread : threads) {
                joinUninterruptibly(thread);
            }
            RunReport done = new RunReport(Arrays.asList(results), started,
                    Duration.ofNanos(System.nanoTime() - t0), cancelled);
            listener.runFinished(done);
            report.complete(done);
        } catch (Throwable t) {
            report.completeExceptionally(t);
        }
    }

    /** Takes a fan-out slot; false when the run was cancelled instead. */
    private boolean takeSlot() {
        while (!cancelled) {
            try {
                slots.acquire();
                if (cancelled) {
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

    private void runHost(int index, HostRun run) {
        Host host = hosts.get(index);
        Instant started = Instant.now();
        long t0 = System.nanoTime();
        Duration connectTime = null;
        Outcome outcome;
        Connection connection = null;
        try {
            listener.hostStarted(host);
            try {
                if (run.state() != HostRun.State.RUNNING) {
                    throw new InterruptedException("cancelled before start");
                }
                connection = connect(host);
                connectTime = Duration.ofNanos(System.nanoTime() - t0);
                listener.hostConnected(host, connectTime);
                run.armTimer(options.jobTimeout());
                outcome = job.execute(connection, new Context(host));
            } catch (TransportException e) {
                outcome = Outcome.Unreachable.of(e);
            } catch (InterruptedException e) {
                outcome = new Outcome.Cancelled();
            } catch (RuntimeException | Error e) {
                outcome = Outcome.InternalFailure.of(e);
            } finally {
                if (connection != null) {
                    connection.close();
                }
            }
            outcome = attributeToStop(outcome, run.finish());
            HostResult result = new HostResult(host, outcome, started, connectTime,
                    Duration.ofNanos(System.nanoTime() - t0));
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
            case CANCELLED -> new Outcome.Cancelled();
            default -> outcome;
        };
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
