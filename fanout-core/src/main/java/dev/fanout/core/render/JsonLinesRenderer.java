package dev.fanout.core.render;

import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.event.EventJson;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.RunReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * The {@code --json} view: every event of the run as one JSON object per line (JSON Lines), written as it happens,
 * with nothing else mixed in; the schema is {@link EventJson}'s, documented in {@code docs/json-lines.md}. Output
 * is one {@code output} event per line of a host's output. Hosts the run never started (it was interrupted) get a
 * {@code host_finished} event with {@code "not_started":true} just before {@code run_finished}. Thread-safe: each
 * event is encoded on its host's thread and written whole, under one lock, so lines never interleave; a slow reader
 * pushes back on the hosts. A closed pipe stops the writing quietly.
 */
public final class JsonLinesRenderer implements RunListener {
    private final Consumer<byte[]> sink;
    private final Clock clock;
    private final Set<String> finished = ConcurrentHashMap.newKeySet();

    /** Writes to {@code out}, flushing after every event. */
    public JsonLinesRenderer(OutputStream out) {
        this(new StreamSink(out), Clock.systemUTC());
    }

    /** Writes to {@code console}'s stdout, so that its status line on stderr stays out of the way. */
    public JsonLinesRenderer(ConsoleOutput console) {
        this(console::stdout, Clock.systemUTC());
    }

    /**
     * Writes each block of whole lines to {@code sink}, with event times from {@code clock}; {@code sink} is called
     * from the hosts' threads and must write each block whole (e.g. under a lock).
     */
    public JsonLinesRenderer(Consumer<byte[]> sink, Clock clock) {
        this.sink = sink;
        this.clock = clock;
    }

    @Override
    public void runStarted(List<Host> hosts, Job job) {
        sink.accept(EventJson.runStarted(clock.instant(), job.description(),
                hosts.stream().map(Host::name).toList()));
    }

    @Override
    public void hostStarted(Host host) {
        sink.accept(EventJson.hostStarted(clock.instant(), host.name(), null));
    }

    @Override
    public void hostConnected(Host host, Duration elapsed) {
        sink.accept(EventJson.hostConnected(clock.instant(), host.name(), elapsed));
    }

    @Override
    public void output(Host host, OutputLines lines) {
        sink.accept(EventJson.output(clock.instant(), host.name(), lines));
    }

    @Override
    public void transferred(Host host, long bytes) {
        sink.accept(EventJson.transferred(clock.instant(), host.name(), bytes));
    }

    @Override
    public void hostFinished(HostResult result) {
        finished.add(result.host().name());
        sink.accept(EventJson.hostFinished(clock.instant(), result, false));
    }

    @Override
    public void runFinished(RunReport report) {
        ByteArrayOutputStream lines = new ByteArrayOutputStream();
        for (HostResult result : report.results()) {
            if (!finished.contains(result.host().name())) {
                lines.writeBytes(EventJson.hostFinished(clock.instant(), result, true));
            }
        }
        lines.writeBytes(EventJson.runFinished(clock.instant(), report));
        sink.accept(lines.toByteArray());
    }

    /**
     * Writes a recorded run as JSON Lines ({@code fanout show RUN --json}), with the recorded times; see
     * {@link StoredRun#replay(RunListener)} for the order of the events.
     */
    public static void replay(StoredRun run, OutputStream out) throws IOException {
        ReplayClock clock = new ReplayClock(run.started());
        run.replay(new JsonLinesRenderer(new StreamSink(out), clock), clock::set);
        out.flush();
    }

    /** A clock set by hand to each replayed event's time. */
    private static final class ReplayClock extends Clock {
        private volatile Instant now;

        ReplayClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException("a replay clock has one zone");
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    /** Writes blocks to a stream under a lock, flushing each; stops quietly once the stream fails. */
    private static final class StreamSink implements Consumer<byte[]> {
        private final OutputStream out;
        private final ReentrantLock lock = new ReentrantLock();
        private volatile boolean broken;

        StreamSink(OutputStream out) {
            this.out = out;
        }

        @Override
        public void accept(byte[] bytes) {
            if (broken) {
                return;
            }
            lock.lock();
            try {
                out.write(bytes);
                out.flush();
            } catch (IOException e) {
                broken = true;
            } finally {
                lock.unlock();
            }
        }
    }
}
