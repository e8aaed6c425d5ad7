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
import java.util.stream.IntStream;

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
        List<Host> many = IntStream.rangeClosed(1, 30).mapToObj(i -> Host.of("h" + i, "127.0.0.1", 22, "u")).toList();
        status.runStarted(many, new CommandJob("true"));
        many.forEach(status::hostStarted);
        status.hostFinished(result(many.get(0), new Outcome.Exited(0)));
        status.hostFinished(result(many.get(1), new Outcome.Exited(3)));
        nanos.addAndGet(2_500_000_000L);

        assertThat(status.text()).isEqualTo("[2/30 done, 1 failed, 28 running, 2.5 s]");
        status.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, false));
    }

    @Test
    void whenFewHostsRemainItNamesThemFolded() {
        List<Host> fleet = new java.util.ArrayList<>();
        IntStream.rangeClosed(1, 98).forEach(i -> fleet.add(Host.of(String.format("web%02d", i), "127.0.0.1", 22, "u")));
        fleet.add(Host.of("db01", "127.0.0.1", 22, "u"));
        fleet.add(Host.of("db02", "127.0.0.1", 22, "u"));
        status.runStarted(fleet, new CommandJob("true"));
        fleet.forEach(status::hostStarted);
        fleet.stream().filter(h -> !List.of("web07", "web19", "db02").contains(h.name()))
                .forEach(h -> status.hostFinished(result(h, new Outcome.Exited(0))));
        nanos.addAndGet(12_400_000_000L);

        assertThat(status.text()).isEqualTo("[97/100 done, waiting: db02,web[07,19], 12.4 s]");
        status.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, false));
    }

    @Test
    void theNamesOfTheHostsAwaitedAreCutToSixtyCharacters() {
        List<Host> fleet = IntStream.rangeClosed(1, 40).mapToObj(i -> Host.of("host-" + (char) ('a' + i % 26) + i,
                "127.0.0.1", 22, "u")).toList();
        status.runStarted(fleet, new CommandJob("true"));
        fleet.subList(0, 21).forEach(h -> status.hostFinished(result(h, new Outcome.Exited(0))));

        String waiting = status.text().replaceFirst("^.*waiting: (.*), [0-9.]+ m?s]$", "$1");
        assertThat(waiting).hasSize(StatusLine.NAMES_WIDTH).endsWith("...");
        status.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, false));
    }

    @Test
    void unreachableHostsAreCalledUnreachableAsTheSummaryDoes() {
        List<Host> many = IntStream.rangeClosed(1, 30).mapToObj(i -> Host.of("h" + i, "127.0.0.1", 22, "u")).toList();
        status.runStarted(many, new CommandJob("true"));
        many.forEach(status::hostStarted);
        status.hostFinished(result(many.get(0), new Outcome.Unreachable("connection refused")));
        status.hostFinished(result(many.get(1), new Outcome.Unreachable("connection refused")));
        status.hostFinished(result(many.get(2), new Outcome.Exited(1)));

        assertThat(status.text()).startsWith("[3/30 done, 1 failed, 2 unreachable, 27 running, ");
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
