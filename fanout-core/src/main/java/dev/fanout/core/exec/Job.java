package dev.fanout.core.exec;

import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.TransportException;

/**
 * The work a run does on each host once connected: run a command, put files, get files. One job instance serves
 * every host of a run concurrently, so implementations must be thread-safe (usually immutable).
 */
public interface Job {
    /**
     * Connects and does nothing on the host (exit status 0): a reachability check, and the first round of a warm
     * transport's connections ({@code fanout shell}).
     */
    Job CONNECT_ONLY = new Job() {
        @Override
        public String description() {
            return "connect";
        }

        @Override
        public Outcome execute(Connection connection, HostContext context) {
            return new Outcome.Exited(0);
        }
    };

    /** What the job does, for people and records, e.g. {@code run: df -h}. */
    String description();

    /**
     * Does the work on one host, on that host's own thread.
     *
     * <p>On interruption (the run's time limit or a cancel), the job stops its remote work (kills the command,
     * abandons the transfer), makes sure its output has been delivered, and throws InterruptedException.
     *
     * @return the host's outcome; a failure of the remote work is an outcome, not an exception
     * @throws TransportException when the connection breaks
     */
    Outcome execute(Connection connection, HostContext context) throws TransportException, InterruptedException;
}
