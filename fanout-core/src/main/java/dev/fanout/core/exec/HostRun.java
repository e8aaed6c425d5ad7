package dev.fanout.core.exec;

import java.time.Duration;

/**
 * The stop switch of one host's task: whoever stops it (the job timer, a cancel) moves it out of RUNNING and
 * interrupts the host thread in one step under the lock, so that once the host thread has called
 * {@link #finish()} no stray interrupt can reach it. Thread-safe.
 */
final class HostRun {
    enum State { RUNNING, DONE, TIMED_OUT, CANCELLED }

    private State state = State.RUNNING;
    private Thread thread;
    private Thread timer;

    synchronized void attach(Thread hostThread) {
        this.thread = hostThread;
    }

    synchronized State state() {
        return state;
    }

    /** Stops the task for {@code reason} unless it already ended or was stopped; true when this call stopped it. */
    synchronized boolean stop(State reason) {
        if (state != State.RUNNING) {
            return false;
        }
        state = reason;
        if (thread != null) {
            thread.interrupt();
        }
        return true;
    }

    /** Starts the job's time limit, if any. Called by the host thread. */
    synchronized void armTimer(Duration limit) {
        if (limit == null || state != State.RUNNING) {
            return;
        }
        timer = Thread.ofVirtual().name(thread.getName() + "-timer").start(() -> {
            try {
                Thread.sleep(limit);
                stop(State.TIMED_OUT);
            } catch (InterruptedException e) {
                // the job ended first
            }
        });
    }

    /** Ends the task (called by the host thread): no interrupt reaches the host thread after this returns. */
    synchronized State finish() {
        if (state == State.RUNNING) {
            state = State.DONE;
        }
        if (timer != null) {
            timer.interrupt();
        }
        Thread.interrupted();
        return state;
    }
}
