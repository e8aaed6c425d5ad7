package dev.fanout.core.render;

import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.text.Units;

import dev.fanout.core.select.NodeSet;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import dev.fanout.core.text.SafeText;

/**
 * A one-line live status at the bottom of the terminal: hosts done out of total, failed, unreachable, running (or,
 * when few remain, the names of the hosts still awaited, folded), elapsed time, and for transfers the bytes moved
 * and the rate. Redrawn a few times a second by its own thread; shown only where
 * {@link ConsoleOutput} allows it (stderr is a terminal), removed when the run ends. Thread-safe.
 */
public final class StatusLine implements RunListener {
    private static final Duration TICK = Duration.ofMillis(250);
    /** The awaited hosts are named when at most this many remain... */
    static final int NAMED_HOSTS = 20;
    /** ... in at most this many characters, cut beyond. */
    static final int NAMES_WIDTH = 60;

    private final ConsoleOutput console;
    private final LongSupplier nanoTime;
    private final AtomicInteger running = new AtomicInteger();
    private final AtomicInteger done = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicInteger unreachable = new AtomicInteger();
    private final Set<String> awaited = ConcurrentHashMap.newKeySet();
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
        hosts.forEach(h -> awaited.add(h.name()));
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
        awaited.remove(result.host().name());
        switch (result.status()) {
            case OK -> {
            }
            case UNREACHABLE -> unreachable.incrementAndGet();
            default -> failed.incrementAndGet();
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

    /**
     * The status as it reads now, e.g. {@code [12/100 done, 1 failed, 2 unreachable, 87 running, 3.2 s, 120.5 MiB at
     * 85.2 MiB/s]}, or near the end {@code [97/100 done, waiting: web[07,19],db02, 12.4 s]}.
     */
    String text() {
        Duration elapsed = Duration.ofNanos(nanoTime.getAsLong() - startNanos);
        StringBuilder sb = new StringBuilder("[").append(done.get()).append('/').append(total).append(" done");
        if (failed.get() > 0) {
            sb.append(", ").append(failed.get()).append(" failed");
        }
        if (unreachable.get() > 0) {
            sb.append(", ").append(unreachable.get()).append(" unreachable");
        }
        String waiting = waiting();
        sb.append(", ").append(waiting.isEmpty() ? running.get() + " running" : "waiting: " + waiting)
                .append(", ").append(Units.duration(elapsed));
        long moved = bytes.get();
        if (moved > 0) {
            double seconds = Math.max(elapsed.toNanos() / 1e9, 1e-3);
            sb.append(", ").append(Units.bytes(moved)).append(" at ").append(Units.bytes((long) (moved / seconds)))
                    .append("/s");
        }
        return sb.append(']').toString();
    }

    /**
     * The hosts not finished yet, folded and cut to {@link #NAMES_WIDTH}, once a host is done and at most
     * {@link #NAMED_HOSTS} remain; else "".
     */
    private String waiting() {
        List<String> names = List.copyOf(awaited);
        if (names.isEmpty() || names.size() > NAMED_HOSTS || done.get() == 0) {
            return "";
        }
        String folded;
        try {
            folded = NodeSet.fold(names);
        } catch (IllegalArgumentException e) {
            folded = String.join(",", names.stream().sorted(NodeSet.naturalOrder()).toList());
        }
        folded = SafeText.of(folded);
        return folded.length() <= NAMES_WIDTH ? folded : folded.substring(0, NAMES_WIDTH - 3) + "...";
    }
}
