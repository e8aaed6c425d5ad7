package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.RecordState;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.record.HistoryEntry;
import dev.fanout.core.record.SyntheticRun;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.testkit.Fuzz;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever bytes a host sends (output lines, failure reasons, its name), nothing of them reaches a terminal as a
 * control character: no C0 byte but fanout's own line ends and tabs, no DEL, no C1 code point, through the live,
 * summary, gathered and history renderers. The case budget is jqwik.tries.default (junit-platform.properties; more
 * with -Djqwik.tries.default=N).
 */
@AddLifecycleHook(Fuzz.Budget.class)
class TerminalSafetyProperties {
    private static final TextStyle TERMINAL = new TextStyle(true, true);
    private static final List<String> OWN_SEQUENCES = List.of(TextStyle.RESET, TextStyle.BOLD, TextStyle.RED,
            TextStyle.GREEN, TextStyle.YELLOW, TextStyle.MAGENTA, TextStyle.CYAN);

    @Provide
    Arbitrary<byte[]> hostBytes() {
        Arbitrary<Byte> hostile = Arbitraries.of((byte) 0x1b, (byte) 0x07, (byte) 0x00, (byte) 0x7f, (byte) 0x9b,
                (byte) 0xc2, (byte) 0x80, (byte) 0x9f, (byte) '\r', (byte) '\n', (byte) '[', (byte) ']', (byte) 0xff);
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(3, Arbitraries.bytes()),
                        net.jqwik.api.Tuple.of(2, hostile),
                        net.jqwik.api.Tuple.of(1, Arbitraries.bytes().between((byte) 0x20, (byte) 0x7e)))
                .array(byte[].class).ofMinSize(1).ofMaxSize(200);
    }

    @Provide
    Arbitrary<String> hostText() {
        return hostBytes().map(b -> new String(b, StandardCharsets.UTF_8)).map(s -> s.isEmpty() ? "x" : s);
    }

    @Property
    void liveLinesAndFailureLinesCarryNoControlCharacter(@ForAll("hostText") String name,
                                                          @ForAll("hostBytes") byte[] output,
                                                          @ForAll("hostText") String reason) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        LiveRenderer live = new LiveRenderer(new ConsoleOutput(out, err, false), TERMINAL, TERMINAL);
        Host host = SyntheticRun.host(name);

        boolean newline = output[output.length - 1] == '\n';
        live.output(host, new OutputLines(OutputLines.StdStream.STDOUT, output, newline));
        live.output(host, new OutputLines(OutputLines.StdStream.STDERR, output, newline));
        live.hostFinished(result(host, new Outcome.Unreachable(reason)));
        live.hostFinished(result(host, new Outcome.Failed(reason)));

        assertSafe(out.toString(StandardCharsets.UTF_8));
        assertSafe(err.toString(StandardCharsets.UTF_8));
    }

    @Property
    void theSummaryCarriesNoControlCharacter(@ForAll("hostText") String name, @ForAll("hostText") String reason) {
        RunReport report = new RunReport(List.of(result(SyntheticRun.host(name), new Outcome.Unreachable(reason)),
                result(SyntheticRun.host("ok1"), new Outcome.Exited(0))), Instant.EPOCH, Duration.ZERO, false);

        new SummaryRenderer(TERMINAL).render(report).forEach(TerminalSafetyProperties::assertSafe);
    }

    @Property
    void theGatheredAndDiffViewsCarryNoControlCharacter(@ForAll("hostText") String name,
                                                         @ForAll("hostBytes") byte[] output,
                                                         @ForAll("hostText") String reason) throws IOException {
        Path state = Files.createTempDirectory("fanout-property");
        try {
            SyntheticRun script = new SyntheticRun("x")
                    .host(name, output, output, new Outcome.Failed(reason), 0, 1L, 2)
                    .host("other", "same\n".getBytes(StandardCharsets.UTF_8), new byte[0], new Outcome.Exited(0), 0,
                            1L, 2);
            RecordWriter recorder = new RecordWriter(state, List.of());
            script.play(recorder);
            recorder.close();
            StoredRun run = new RecordStore(state).load(recorder.id());
            ByteArrayOutputStream gathered = new ByteArrayOutputStream();
            GatheredView.of(run).write(gathered, TERMINAL);
            GatheredView.of(run).writeDiff(gathered, TERMINAL);

            assertSafe(gathered.toString(StandardCharsets.UTF_8));
        } catch (dev.fanout.core.record.RecordNotFoundException e) {
            throw new AssertionError(e);
        } finally {
            deleteTree(state);
        }
    }

    @Property
    void theHistoryCarriesNoControlCharacter(@ForAll("hostText") String job) {
        HistoryEntry run = new HistoryEntry("20261123T183000.123Z-1-abcdef", Instant.EPOCH, job, List.of(), 1, 10,
                Map.of(Outcome.Status.FAILED, 1), 0, RecordState.COMPLETE, Duration.ZERO, false);

        new HistoryRenderer(TERMINAL, ZoneOffset.UTC).render(List.of(run)).forEach(TerminalSafetyProperties::assertSafe);
    }

    private static HostResult result(Host host, Outcome outcome) {
        return new HostResult(host, outcome, Instant.EPOCH, null, Duration.ZERO);
    }

    /** No C0 but line feed and tab, no DEL, no C1, once fanout's own colour sequences are taken out. */
    static void assertSafe(String text) {
        String rest = text;
        for (String own : OWN_SEQUENCES) {
            rest = rest.replace(own, "");
        }
        for (int i = 0; i < rest.length(); i++) {
            char c = rest.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            assertThat(control).as("control character U+%04X at %d in %s", (int) c, i, rest).isFalse();
        }
    }

    private static void deleteTree(Path root) {
        try (var paths = Files.walk(root)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
