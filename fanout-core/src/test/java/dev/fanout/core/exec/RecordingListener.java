package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.RunReport;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records every event as a line of text, and checks the listener contract as events arrive. Thread-safe. */
final class RecordingListener implements RunListener {
    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> violations = new CopyOnWriteArrayList<>();
    private final java.util.Map<String, String> lastEvent = new java.util.concurrent.ConcurrentHashMap<>();

    @Override
    public void runStarted(List<Host> hosts, Job job) {
        events.add("run-started " + hosts.size());
    }

    @Override
    public void hostStarted(Host host) {
        expect(host, null, "started");
    }

    @Override
    public void hostConnected(Host host, Duration elapsed) {
        expect(host, "started", "connected");
    }

    @Override
    public void output(Host host, OutputLines lines) {
        String previous = lastEvent.get(host.name());
        if (!"connected".equals(previous) && !"output".equals(previous)) {
            violations.add(host.name() + ": output after " + previous);
        }
        lastEvent.put(host.name(), "output");
        events.add(host.name() + " " + lines.stream() + " " + new String(lines.bytes(), StandardCharsets.UTF_8));
    }

    @Override
    public void hostFinished(HostResult result) {
        String previous = lastEvent.put(result.host().name(), "finished");
        if (previous == null || previous.equals("finished")) {
            violations.add(result.host().name() + ": finished after " + previous);
        }
        events.add(result.host().name() + " finished " + result.outcome());
    }

    @Override
    public void runFinished(RunReport report) {
        events.add("run-finished");
    }

    private void expect(Host host, String previous, String now) {
        String actual = lastEvent.put(host.name(), now);
        if (!java.util.Objects.equals(actual, previous)) {
            violations.add(host.name() + ": " + now + " after " + actual);
        }
        events.add(host.name() + " " + now);
    }
}
