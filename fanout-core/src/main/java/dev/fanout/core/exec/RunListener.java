package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.RunReport;

import java.time.Duration;
import java.util.List;

/**
 * Observes a run as it happens: renderers, recorders and progress lines are listeners. Implementations must be
 * thread-safe: host events arrive concurrently from the hosts' own (virtual) threads, never from an SSH I/O
 * thread, so a listener may block to push back on a fast host. Per host, events arrive in order:
 * {@code hostStarted}, at most one {@code hostConnected}, any number of {@code output} and {@code transferred}, then exactly one
 * {@code hostFinished}. {@code runStarted} comes before and {@code runFinished} after every host event.
 */
public interface RunListener {

    /** A listener that ignores everything. */
    RunListener NONE = new RunListener() {
    };

    default void runStarted(List<Host> hosts, Job job) {
    }

    default void hostStarted(Host host) {
    }

    /** The host is connected, trusted and authenticated, after {@code elapsed}. */
    default void hostConnected(Host host, Duration elapsed) {
    }

    default void output(Host host, OutputLines lines) {
    }

    /** A file transfer to or from {@code host} moved {@code bytes} more bytes. */
    default void transferred(Host host, long bytes) {
    }

    default void hostFinished(HostResult result) {
    }

    default void runFinished(RunReport report) {
    }

    /** A listener that forwards every event to each of {@code listeners}, in order. */
    static RunListener all(List<? extends RunListener> listeners) {
        List<RunListener> copy = List.copyOf(listeners);
        return new RunListener() {
            @Override
            public void runStarted(List<Host> hosts, Job job) {
                copy.forEach(l -> l.runStarted(hosts, job));
            }

            @Override
            public void hostStarted(Host host) {
                copy.forEach(l -> l.hostStarted(host));
            }

            @Override
            public void hostConnected(Host host, Duration elapsed) {
                copy.forEach(l -> l.hostConnected(host, elapsed));
            }

            @Override
            public void output(Host host, OutputLines lines) {
                copy.forEach(l -> l.output(host, lines));
            }

            @Override
            public void transferred(Host host, long bytes) {
                copy.forEach(l -> l.transferred(host, bytes));
            }

            @Override
            public void hostFinished(HostResult result) {
                copy.forEach(l -> l.hostFinished(result));
            }

            @Override
            public void runFinished(RunReport report) {
                copy.forEach(l -> l.runFinished(report));
            }
        };
    }
}
