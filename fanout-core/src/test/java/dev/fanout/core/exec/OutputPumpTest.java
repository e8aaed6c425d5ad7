package dev.fanout.core.exec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OutputPumpTest {

    private static List<OutputLines> pump(InputStream in, int maxLine) {
        List<OutputLines> got = new ArrayList<>();
        new OutputPump(in, OutputLines.StdStream.STDOUT, got::add, maxLine).run();
        return got;
    }

    private static InputStream chunks(String... parts) {
        List<InputStream> streams = new ArrayList<>();
        for (String p : parts) {
            streams.add(new ByteArrayInputStream(p.getBytes(StandardCharsets.UTF_8)));
        }
        return new SequenceInputStream(Collections.enumeration(streams));
    }

    private static String text(OutputLines lines) {
        return new String(lines.bytes(), StandardCharsets.UTF_8);
    }

    @Test
    void linesSplitAcrossReadsAreDeliveredWhole() {
        List<OutputLines> got = pump(chunks("one\ntw", "o\nthr", "ee\n"), 1024);

        assertThat(got).extracting(OutputPumpTest::text).containsExactly("one\n", "two\n", "three\n");
        assertThat(got).allMatch(OutputLines::endsWithNewline);
    }

    @Test
    void outputWithoutFinalNewlineIsKeptAndMarked() {
        List<OutputLines> got = pump(chunks("a\nlast"), 1024);

        assertThat(got).extracting(OutputPumpTest::text).containsExactly("a\n", "last");
        assertThat(got.get(1).endsWithNewline()).isFalse();
    }

    @Test
    void aLineOfSeveralMegabytesArrivesAsOneLine() {
        String big = "x".repeat(5 * 1024 * 1024);
        List<OutputLines> got = pump(chunks(big + "\nend\n"), OutputPump.DEFAULT_MAX_LINE);

        assertThat(got).hasSize(1);
        List<Integer> lengths = new ArrayList<>();
        got.getFirst().forEachLine((b, off, len) -> lengths.add(len));
        assertThat(lengths).containsExactly(big.length(), 3);
    }

    @Test
    void aLineLongerThanTheLimitIsHandedOnInPieces() {
        List<OutputLines> got = pump(chunks("y".repeat(300), "\n"), 100);

        assertThat(got).extracting(OutputPumpTest::text).containsExactly("y".repeat(300), "\n");
        assertThat(got.getFirst().endsWithNewline()).isFalse();
    }

    @Test
    void emptyOutputDeliversNothing() {
        assertThat(pump(chunks(""), 1024)).isEmpty();
    }

    @Test
    void aTerminalsCarriageReturnsBeforeLineEndsAreDroppedEvenAcrossReadsAndOthersKept() {
        List<OutputLines> got = new ArrayList<>();
        new OutputPump(chunks("one\r\ntwo\r", "\nprogress 50%\rprogress 100%\r\r\n", "last\r"),
                OutputLines.StdStream.STDOUT, got::add, 1024, true).run();

        assertThat(got).extracting(OutputPumpTest::text)
                .containsExactly("one\n", "two\nprogress 50%\rprogress 100%\n", "last\r");
    }

    @Test
    void withoutATerminalCarriageReturnsPassUntouched() {
        assertThat(pump(chunks("dos\r\n"), 1024)).extracting(OutputPumpTest::text).containsExactly("dos\r\n");
    }
}
