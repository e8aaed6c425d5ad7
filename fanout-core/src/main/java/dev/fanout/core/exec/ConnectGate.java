package dev.fanout.core.exec;

import java.time.Duration;

/**
 * How many hosts may be connecting at once: a limit that adapts to how long handshakes take, between a floor and
 * {@link ExecOptions#connecting()}. When the servers answer, a handshake within a quarter of the connect timeout
 * raises the limit by one (so it doubles in one round of fast handshakes), and a slower one lowers it by a quarter,
 * at most once per such quarter. Handshakes compete for processors: against OpenSSH servers sharing this machine's 2
 * cores (120 ms of sshd CPU each), 256 at once took 15 s each and 392 of 500 hosts timed out after 10 s, while
 * against remote hosts hundreds at once are fine. Attempts where no server answered (refused, unreachable, TCP
 * timeout) say nothing about load and leave the limit alone, so dead hosts do not throttle the live ones.
 * Thread-safe.
 */
final class ConnectGate {
    /** The limit at the start: small enough that a first wave does not swamp a saturated machine. */
    static final int INITIAL = 32;
    /** The lowest the limit goes. */
    static final int FLOOR = 8;

    private final int max;
    private final int floor;
    private final long slowNanos;
    private int limit;
    private int inFlight;
    private long lastDecrease;

    ConnectGate(int max, Duration connectTimeout) {
        this.max = max;
        this.floor = Math.min(max, FLOOR);
        this.limit = Math.min(max, INITIAL);
        this.slowNanos = connectTimeout.toNanos() / 4;
        this.lastDecrease = System.nanoTime() - slowNanos;
    }

    /** Waits for a turn to connect. */
    synchronized void enter() throws InterruptedException {
        while (inFlight >= limit) {
            wait();
        }
        inFlight++;
    }

    /**
     * Gives the turn back.
     *
     * @param answered whether the server took part (logged in, refused the login or the key, or was too slow to)
     * @param nanos    how long the attempt took
     */
    synchronized void leave(boolean answered, long nanos) {
        inFlight--;
        if (answered) {
            long now = System.nanoTime();
            if (nanos <= slowNanos) {
                limit = Math.min(max, limit + 1);
            } else if (now - lastDecrease >= slowNanos) {
                limit = Math.max(floor, limit - Math.max(1, limit / 4));
                lastDecrease = now;
            }
        }
        // Wake only as many waiters as there are free turns: with hundreds of hosts waiting, notifyAll on every
        // handshake woke them all to find the gate still full.
        for (int free = limit - inFlight; free > 0; free--) {
            notify();
        }
    }

    synchronized int limit() {
        return limit;
    }
}
