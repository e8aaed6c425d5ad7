package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.Transport;

import java.util.List;
import java.util.Objects;

/**
 * Runs a {@link Job} on many hosts at once: a virtual thread per host, at most {@code fanout} hosts in flight, a
 * connect timeout and an optional job timeout per host, rolling batches and a failure threshold
 * ({@link FailurePolicy}), cancellation of the whole run. Thread-safe; one engine
 * can start many runs. See CONCURRENCY.md for the threads and the order of events.
 */
public final class Engine {
    private final Transport transport;
    private final ExecOptions options;

    public Engine(Transport transport, ExecOptions options) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.options = Objects.requireNonNull(options, "options");
    }

    /**
     * Starts {@code job} on {@code hosts} and returns at once; the run reports to {@code listener}. On the hosts whose
     * {@link Host#become()} is enabled the job's commands run through sudo ({@link BecomeJob}).
     */
    public Execution start(List<Host> hosts, Job job, RunListener listener) {
        Execution execution = new Execution(transport, options, List.copyOf(hosts), BecomeJob.wrapIfNeeded(job, hosts),
                listener);
        execution.start();
        return execution;
    }

    /** Runs {@code job} on {@code hosts} to the end. */
    public RunReport run(List<Host> hosts, Job job, RunListener listener) throws InterruptedException {
        return start(hosts, job, listener).await();
    }
}
