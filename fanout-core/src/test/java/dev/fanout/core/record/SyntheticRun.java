package dev.fanout.core.record;

import dev.fanout.core.exec.HostContext;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.Connection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * A scripted run for listener tests: hosts with their stdout, stderr, outcome and timings, played as the engine
 * would play them (run started, then per host started, connected, output, finished, then run finished). Not
 * thread-safe.
 */
public final class SyntheticRun {
    public static final Instant T0 = Instant.parse("2026-11-23T18:30:00Z");

    private final Job job;
    private final List<Entry> entries = new ArrayList<>();

    /** One host's script. */
    public record Entry(Host host, byte[] stdout, byte[] stderr, Outcome outcome, long startMs, Long connectMs,
                        long totalMs) {
        public HostResult result() {
            return new HostResult(host, outcome, T0.plusMillis(startMs),
                    connectMs == null ? null : Duration.ofMillis(connectMs), Duration.ofMillis(totalMs));
        }
    }

    public SyntheticRun(String command) {
        this.job = job(command);
    }

    public static Host host(String name) {
        return Host.of(name, "127.0.0.1", 22, "u");
    }

    /** A job that only describes itself as {@code run: COMMAND}. */
    public static Job job(String command) {
        return new Job() {
            @Override
            public String description() {
                return "run: " + command;
            }

            @Override
            public Outcome execute(Connection connection, HostContext context) {
                throw new UnsupportedOperationException("a synthetic job does not run");
            }
        };
    }

    public static OutputLines out(String text) {
        return lines(OutputLines.StdStream.STDOUT, text);
    }

    public static OutputLines err(String text) {
        return lines(OutputLines.StdStream.STDERR, text);
    }

    public static OutputLines lines(OutputLines.StdStream stream, String text) {
        return new OutputLines(stream, text.getBytes(StandardCharsets.UTF_8), text.endsWith("\n"));
    }

    public Job job() {
        return job;
    }

    /** The bytes of a record's files but its {@code size} file, added up: what that file should say. */
    public static long bytesOfFiles(Path record) throws IOException {
        try (Stream<Path> all = Files.walk(record)) {
            return all.filter(p -> Files.isRegularFile(p) && !p.endsWith("size")).mapToLong(p -> p.toFile().length())
                    .sum();
        }
    }

    /** Adds a host that connects in 5 ms and runs for 20 ms, starting 10 ms after the previous one. */
    public SyntheticRun host(String name, String stdout, String stderr, Outcome outcome) {
        long start = entries.size() * 10L;
        Long connect = outcome instanceof Outcome.Unreachable ? null : 5L;
        return host(name, stdout.getBytes(StandardCharsets.UTF_8), stderr.getBytes(StandardCharsets.UTF_8), outcome,
                start, connect, 20);
    }

    public SyntheticRun host(String name, byte[] stdout, byte[] stderr, Outcome outcome, long startMs, Long connectMs,
                             long totalMs) {
        entries.add(new Entry(host(name), stdout, stderr, outcome, startMs, connectMs, totalMs));
        return this;
    }

    public List<Entry> entries() {
        return entries;
    }

    public List<Host> hosts() {
        return entries.stream().map(Entry::host).toList();
    }

    public RunReport report() {
        long end = entries.stream().mapToLong(e -> e.startMs() + e.totalMs()).max().orElse(0);
        return new RunReport(entries.stream().map(Entry::result).toList(), T0, Duration.ofMillis(end), false);
    }

    /** Plays the whole run on {@code listener}, one host after the other. */
    public void play(RunListener listener) {
        listener.runStarted(hosts(), job);
        for (Entry e : entries) {
            playHost(listener, e);
        }
        listener.runFinished(report());
    }

    /** Plays one host from start to end. */
    public static void playHost(RunListener listener, Entry e) {
        listener.hostStarted(e.host());
        if (e.connectMs() != null) {
            listener.hostConnected(e.host(), Duration.ofMillis(e.connectMs()));
        }
        if (e.stdout().length > 0) {
            listener.output(e.host(), new OutputLines(OutputLines.StdStream.STDOUT, e.stdout(),
                    e.stdout()[e.stdout().length - 1] == '\n'));
        }
        if (e.stderr().length > 0) {
            listener.output(e.host(), new OutputLines(OutputLines.StdStream.STDERR, e.stderr(),
                    e.stderr()[e.stderr().length - 1] == '\n'));
        }
        listener.hostFinished(e.result());
    }
}
