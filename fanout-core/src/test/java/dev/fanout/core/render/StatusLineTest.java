package dev.fanout.core.render;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

class StatusLineTest {
    private final AtomicLong nanos = new AtomicLong(1_000_000_000L);
    private final StatusLine status = new StatusLine(new ConsoleOutput(new ByteArrayOutputStream(),
            new ByteArrayOutputStream(), false), nanos::get);
    private final List<Host> hosts = List.of(Host.of("h1", "127.0.0.1", 22, "u"), Host.of("h2", "127.0.0.1", 22, "u"),
            Host.of("h3", "127.0.0.1", 22, "u"));

    private static HostResult result(Host host, Outcome outcome) {
        return new HostResult(host, outcome, Instant.EPOCH, Duration.ZERO, Duration.ZERO);
    }

    @Test
    void itCountsDoneFailedAndRunningHostsAndTheTimeSinceTheStart() {
        status.runStarted(hosts, new CommandJob("true"));
        hosts.forEach(status::hostStarted);
        status.hostFinished(result(hosts.get(0), new Outcome.Exited(0)));
        status.hostFinished(result(hosts.get(1), new Outcome.Exited(3)));
        nanos.addAndGet(2_500_000_000L);

        assertThat(status.text()).isEqualTo("[2/3 done, 1 failed, 1 running, 2.5 s]");
        status.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, false));
    }

    @Test
    void forTransfersItShowsTheBytesMovedAndTheRate() {
        status.runStarted(hosts, new CommandJob("true"));
        status.hostStarted(hosts.get(0));
        status.transferred(hosts.get(0), 4L << 20);
        nanos.addAndGet(2_000_000_000L);

        assertThat(status.text()).isEqualTo("[0/3 done, 1 running, 2 s, 4.0 MiB at 2.0 MiB/s]");
        status.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, false));
    }
}
