package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LiveRendererTest {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final Host web01 = Host.of("web01", "127.0.0.1", 22, "u");

    private static OutputLines lines(StdStream stream, String text, boolean newline) {
        return new OutputLines(stream, text.getBytes(StandardCharsets.UTF_8), newline);
    }

    @Test
    void everyLineIsPrefixedWithItsHostAndStderrGoesToStderr() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);

        live.output(web01, lines(StdStream.STDOUT, "one\ntwo\n", true));
        live.output(web01, lines(StdStream.STDERR, "oops\n", true));
        live.output(web01, lines(StdStream.STDOUT, "no newline", false));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("web01: one\nweb01: two\nweb01: no newline\n");
        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("web01: oops\n");
    }

    @Test
    void onATerminalControlCharactersAndInvalidUtf8AreShownSafely() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), new TextStyle(false, true), TextStyle.PLAIN);
        byte[] nasty = {'a', 0x1b, '[', '2', 'J', (byte) 0xff, 'b', '\t', 'c', '\n'};

        live.output(web01, new OutputLines(StdStream.STDOUT, nasty, true));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("web01: a^[[2J\uFFFDb\tc\n");
    }

    @Test
    void failureLinesShowControlCharactersInCaretNotationEvenWithoutATerminal() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);
        Host evil = Host.of("ev\u001bil", "127.0.0.1", 22, "u");

        live.hostFinished(new HostResult(evil, new Outcome.Unreachable("after '\u001b]0;T\u0007\u001b[2J\u0000\u0085'"),
                Instant.EPOCH, null, Duration.ZERO));

        assertThat(err.toString(StandardCharsets.UTF_8))
                .isEqualTo("fanout: ev^[il: unreachable: after '^[]0;T^G^[[2J^@\uFFFD'\n");
    }

    @Test
    void withoutATerminalRemoteBytesPassThroughUntouched() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);
        byte[] raw = {(byte) 0xff, 0x1b, '\n'};

        live.output(web01, new OutputLines(StdStream.STDOUT, raw, true));

        assertThat(out.toByteArray()).containsExactly('w', 'e', 'b', '0', '1', ':', ' ', 0xff, 0x1b, '\n');
    }

    @Test
    void coloursAreUsedOnlyWhenAsked() {
        new LiveRenderer(new ConsoleOutput(out, err, false), new TextStyle(true, true), TextStyle.PLAIN)
                .output(web01, lines(StdStream.STDOUT, "x\n", true));

        assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo(TextStyle.CYAN + "web01" + TextStyle.RESET + ": x\n");
    }

    @Test
    void aHostThatDidNotSucceedIsReportedOnStderrAsItEnds() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);

        live.hostFinished(new HostResult(web01, new Outcome.Exited(0), Instant.now(), null, Duration.ZERO));
        live.hostFinished(new HostResult(web01, new Outcome.Exited(2), Instant.now(), null, Duration.ZERO));
        live.hostFinished(new HostResult(web01, new Outcome.Unreachable("connection refused"), Instant.now(), null,
                Duration.ZERO));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo(
                "fanout: web01: failed: exit code 2\nfanout: web01: unreachable: connection refused\n");
        assertThat(out.size()).isZero();
    }

    @Test
    void linesOfManyHostsWritingAtOnceNeverMix() throws Exception {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);
        List<Thread> threads = new ArrayList<>();
        for (int h = 0; h < 16; h++) {
            Host host = Host.of("host" + h, "127.0.0.1", 22, "u");
            String line = ("payload-of-" + host.name() + "-").repeat(50) + "\n";
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 200; i++) {
                    live.output(host, lines(StdStream.STDOUT, line.repeat(3), true));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        String[] all = out.toString(StandardCharsets.UTF_8).split("\n");
        assertThat(all).hasSize(16 * 200 * 3);
        for (String line : all) {
            String host = line.substring(0, line.indexOf(':'));
            assertThat(line).isEqualTo(host + ": " + ("payload-of-" + host + "-").repeat(50));
        }
    }

    private static HostResult refused(int i) {
        return new HostResult(Host.of("r" + i, "127.0.0.1", 2200 + i, "u"), new Outcome.Unreachable(
                TransportException.Kind.CONNECTION_REFUSED, "connection refused", "127.0.0.1:" + (2200 + i)),
                Instant.now(), null, Duration.ZERO);
    }

    @Test
    void afterFiveHostsFailingTheSameWayOneLineSaysHowManyMoreTheSummaryHolds() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);

        for (int i = 1; i <= 100; i++) {
            live.hostFinished(refused(i));
        }
        live.hostFinished(new HostResult(web01, new Outcome.Exited(3), Instant.now(), null, Duration.ZERO));
        live.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, false));

        assertThat(err.toString(StandardCharsets.UTF_8).lines().toList()).containsExactly(
                "fanout: r1: unreachable: connection refused (127.0.0.1:2201)",
                "fanout: r2: unreachable: connection refused (127.0.0.1:2202)",
                "fanout: r3: unreachable: connection refused (127.0.0.1:2203)",
                "fanout: r4: unreachable: connection refused (127.0.0.1:2204)",
                "fanout: r5: unreachable: connection refused (127.0.0.1:2205)",
                "fanout: web01: failed: exit code 3",
                "fanout: ... and 95 more unreachable (connection refused); see the summary");
    }

    @Test
    void cancelledHostsGetNoLineOfTheirOwn() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN);

        for (int i = 0; i < 50; i++) {
            live.hostFinished(HostResult.notStarted(Host.of("c" + i, "127.0.0.1", 22, "u"), Instant.now()));
        }
        live.runFinished(new RunReport(List.of(), Instant.EPOCH, Duration.ZERO, true));

        assertThat(err.size()).isZero();
    }

    @Test
    void transferLinesCanBeLeftOutWhileFailuresStillShow() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN, TextStyle.PLAIN,
                Integer.MAX_VALUE, false);

        live.hostFinished(new HostResult(web01, new Outcome.Transferred(1, 10), Instant.now(), null, Duration.ZERO));
        live.hostFinished(new HostResult(web01, new Outcome.Failed("disk full"), Instant.now(), null, Duration.ZERO));

        assertThat(err.toString(StandardCharsets.UTF_8)).isEqualTo("fanout: web01: failed: disk full\n");
    }

    @Test
    void aColouredFailureLineResetsItsColourBeforeItsLineEnds() {
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TextStyle.PLAIN,
                new TextStyle(true, true));

        live.hostFinished(new HostResult(web01, new Outcome.Exited(2), Instant.now(), null, Duration.ZERO));

        assertThat(err.toString(StandardCharsets.UTF_8)).endsWith(TextStyle.RESET + "\n");
    }
}
