package dev.fanout.core.exec;

import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.TransportException;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A job that does, on each host, that host's own job: what a command or paths with {@link HostTemplate}s become once
 * expanded for every selected host, all before any host is contacted. Immutable and thread-safe when its jobs are;
 * {@link #close()} closes each of them that is {@link AutoCloseable}, once.
 */
public final class PerHostJob implements Job, AutoCloseable {
    private final String description;
    private final Map<String, Job> jobs;

    /**
     * @param description what the job does, for people and records, templates unexpanded (e.g. {@code run: echo %h})
     * @param jobs        each host's job, by the host's inventory name
     */
    public PerHostJob(String description, Map<String, ? extends Job> jobs) {
        this.description = Objects.requireNonNull(description, "description");
        this.jobs = Map.copyOf(jobs);
    }

    @Override
    public String description() {
        return description;
    }

    /** The job of the host named {@code hostName}, or null when it has none. */
    public Job jobOf(String hostName) {
        return jobs.get(hostName);
    }

    @Override
    public Outcome execute(Connection connection, HostContext context)
            throws TransportException, InterruptedException {
        Job job = jobs.get(context.host().name());
        if (job == null) {
            throw new IllegalStateException("no job for host " + context.host().name());
        }
        return job.execute(connection, context);
    }

    @Override
    public void close() {
        Set<Job> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(jobs.values());
        RuntimeException failure = null;
        for (Job job : distinct) {
            if (job instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (RuntimeException e) {
                    failure = failure == null ? e : failure;
                } catch (Exception e) {
                    failure = failure == null ? new IllegalStateException("closing a job failed", e) : failure;
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
