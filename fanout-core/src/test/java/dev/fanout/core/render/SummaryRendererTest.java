package dev.fanout.core.render;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SummaryRendererTest {
    private final List<HostResult> results = new ArrayList<>();

    private void add(String host, Outcome outcome) {
        results.add(new HostResult(Host.of(host, "127.0.0.1", 22, "u"), outcome, Instant.EPOCH, null, Duration.ZERO));
    }

    @Test
    void hostsAreFoldedPerStatusAndPerReason() {
        for (String h : List.of("web01", "web02", "web03", "web07", "h1")) {
            add(h, new Outcome.Exited(0));
        }
        add("web04", new Outcome.Exited(2));
        add("web05", new Outcome.Exited(2));
        add("db01", new Outcome.Exited(1));
        add("db02", new Outcome.Unreachable("connection refused"));
        add("db03", new Outcome.TimedOut(Duration.ofSeconds(5)));

        List<String> lines = new SummaryRenderer(TextStyle.PLAIN)
                .render(new RunReport(results, Instant.EPOCH, Duration.ofMillis(1250), false));

        assertThat(lines).containsExactly(
                "fanout: 10 hosts in 1.25 s: 5 ok, 3 failed, 1 unreachable, 1 timed out",
                "  ok           h1,web[01-03,07]",
                "  failed       web[04-05]: exit code 2",
                "  failed       db01: exit code 1",
                "  unreachable  db02: connection refused",
                "  timed out    db03: still running after 5 s, stopped");
    }

    @Test
    void anInterruptedRunSaysSo() {
        add("a", new Outcome.Exited(0));
        add("b", new Outcome.Cancelled());

        List<String> lines = new SummaryRenderer(TextStyle.PLAIN)
                .render(new RunReport(results, Instant.EPOCH, Duration.ofMillis(20), true));

        assertThat(lines.getFirst()).isEqualTo("fanout: 2 hosts in 20 ms: 1 ok, 1 cancelled (interrupted)");
        assertThat(lines).contains("  cancelled    b: interrupted");
    }

    @Test
    void unreachableHostsAreFoldedByTheirSharedReasonWithoutTheirAddresses() {
        for (int i = 1; i <= 6; i++) {
            add("r" + i, new Outcome.Unreachable(TransportException.Kind.CONNECTION_REFUSED, "connection refused",
                    "127.0.0.1:220" + i));
        }
        add("db1", new Outcome.Unreachable(TransportException.Kind.AUTH, "authentication failed: tried password",
                "deploy@10.0.0.5:22"));

        List<String> lines = new SummaryRenderer(TextStyle.PLAIN)
                .render(new RunReport(results, Instant.EPOCH, Duration.ofMillis(20), false));

        assertThat(lines).containsExactly("fanout: 7 hosts in 20 ms: 0 ok, 7 unreachable",
                "  unreachable  r[1-6]: connection refused",
                "  unreachable  db1: authentication failed: tried password");
    }
}
