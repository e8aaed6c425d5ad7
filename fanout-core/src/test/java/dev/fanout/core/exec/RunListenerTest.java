package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RunListenerTest {

    /** Writes every event it receives, tagged with its own name, into one shared log. */
    private record Tagging(String tag, List<String> log) implements RunListener {
        @Override
        public void runStarted(List<Host> hosts, Job job) {
            log.add(tag + " runStarted " + hosts.size());
        }

        @Override
        public void hostStarted(Host host) {
            log.add(tag + " hostStarted " + host.name());
        }

        @Override
        public void hostConnected(Host host, Duration elapsed) {
            log.add(tag + " hostConnected " + host.name() + " " + elapsed.toMillis());
        }

        @Override
        public void output(Host host, OutputLines lines) {
            log.add(tag + " output " + host.name() + " " + new String(lines.bytes(), StandardCharsets.UTF_8));
        }

        @Override
        public void transferred(Host host, long bytes) {
            log.add(tag + " transferred " + host.name() + " " + bytes);
        }

        @Override
        public void hostFinished(HostResult result) {
            log.add(tag + " hostFinished " + result.host().name() + " " + result.outcome().status());
        }

        @Override
        public void runFinished(RunReport report) {
            log.add(tag + " runFinished " + report.results().size());
        }
    }

    @Test
    void allForwardsEveryKindOfEventToEachListenerInOrder() {
        List<String> log = new ArrayList<>();
        RunListener both = RunListener.all(List.of(new Tagging("a", log), new Tagging("b", log)));
        Host web = Host.of("web01", "127.0.0.1", 22, "deploy");
        HostResult result = new HostResult(web, new Outcome.Transferred(1, 42), Instant.EPOCH, Duration.ofMillis(5),
                Duration.ofMillis(9));

        both.runStarted(List.of(web), new CommandJob("true"));
        both.hostStarted(web);
        both.hostConnected(web, Duration.ofMillis(5));
        both.output(web, new OutputLines(OutputLines.StdStream.STDOUT, "hi\n".getBytes(StandardCharsets.UTF_8), true));
        both.transferred(web, 42);
        both.hostFinished(result);
        both.runFinished(new RunReport(List.of(result), Instant.EPOCH, Duration.ofMillis(9), false));

        assertThat(log).containsExactly(
                "a runStarted 1", "b runStarted 1",
                "a hostStarted web01", "b hostStarted web01",
                "a hostConnected web01 5", "b hostConnected web01 5",
                "a output web01 hi\n", "b output web01 hi\n",
                "a transferred web01 42", "b transferred web01 42",
                "a hostFinished web01 OK", "b hostFinished web01 OK",
                "a runFinished 1", "b runFinished 1");
    }

    @Test
    void allKeepsItsOwnCopyOfTheListeners() {
        List<String> log = new ArrayList<>();
        List<RunListener> listeners = new ArrayList<>(List.of(new Tagging("a", log)));
        RunListener composite = RunListener.all(listeners);
        listeners.add(new Tagging("late", log));

        composite.hostStarted(Host.of("h1", "127.0.0.1", 22, "u"));

        assertThat(log).containsExactly("a hostStarted h1");
    }
}
