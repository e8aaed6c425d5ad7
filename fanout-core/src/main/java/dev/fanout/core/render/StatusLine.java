package dev.fanout.core.render;

import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.result.Units;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * A one-line live status at the bottom of the terminal: hosts done out of total, failed, running, elapsed time, and
 * for transfers the bytes moved and the rate. Redrawn a few times a second by its own thread; shown only where
 * {@link ConsoleOutput} allows it (stderr is a terminal), removed when the run ends. Thread-safe.
 */
public final class StatusLine implements RunListener {
    private static final Duration TICK = Duration.ofMillis(250);

    private final ConsoleOutput console;
    private final LongSupplier nanoTime;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicLong bytes = new AtomicLong();
    private volatile int total;
    private volatile long startNanos;
    private volatile Thread ticker;

    public StatusLine(ConsoleOutput console) {
        this(console, System::nanoTime);
    }

    /** A status line that reads the time from {@code nanoTime} (as {@link System#nanoTime()}), for tests. */
    StatusLine(ConsoleOutput console, LongSupplier nanoTime) {
        this.console = console;
        this.nanoTime = nanoTime;
    }

    @Override
    public void runStarted(List<Host> hosts, Job job) {
        total = hosts.size();
        startNanos = nanoTime.getAsLong();
        ticker = Thread.ofVirtual().name("fanout-status").start(() -> {
            try {
                while (true) {
                    Thread.sleep(TICK);
                    console.status(text());
                }
            } catch (InterruptedException e) {
                // the run ended
            }
        });
    }

    @Override
    public void hostStarted(Host host) {
        running.incrementAndGet();
    }

    @Override
    public void transferred(Host host, long n) {
        bytes.addAndGet(n);
    }

    @Override
    public void hostFinished(HostResult result) {
        running.decrementAndGet();
        done.incrementAndGet();
        if (result.status() != Outcome.Status.OK) {
            failed.incrementAndGet();
        }
    }

    @Override
    public void runFinished(RunReport report) {
        Thread t = ticker;
        if (t != null) {
            t.interrupt();
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        console.status("");
    }

    /** The status as it reads now, e.g. {@code [12/100 done, 1 failed, 87 running, 3.2 s, 120.5 MiB at 85.2 MiB/s]}. */
    String text() {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
        StringBuilder sb = new StringBuilder("[").append(done.get()).append('/').append(total).append(" done");
        if (failed.get() > 0) {
            sb.append(", ").append(failed.get()).append(" failed");
        }
        sb.append(", ").append(running.get()).append(" running, ").append(Units.duration(elapsed));
        long moved = bytes.get();
        if (moved > 0) {
            double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
            sb.append(", ").append(Units.bytes(moved)).append(" at ").append(Units.bytes((long) (moved / seconds)))
                    .append("/s");
        }
        return sb.append(']').toString();
    }
}
