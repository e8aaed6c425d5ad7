package dev.fanout.core.render;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TextStyleTest {
    private final TextStyle colour = new TextStyle(true, true);

    @Test
    void paintedTextOfSeveralLinesResetsItsColourBeforeEveryLineEnd() {
        String painted = colour.paint(TextStyle.RED, "one\ntwo\n");

        assertThat(painted).isEqualTo(TextStyle.RED + "one" + TextStyle.RESET + "\n" + TextStyle.RED + "two"
                + TextStyle.RESET + "\n");
        assertThat(painted.lines()).allSatisfy(line -> assertThat(line).endsWith(TextStyle.RESET));
    }

    @Test
    void oneLineIsWrappedWholeAndPlainTextIsLeftAlone() {
        assertThat(colour.paint(TextStyle.BOLD, "x")).isEqualTo(TextStyle.BOLD + "x" + TextStyle.RESET);
        assertThat(TextStyle.PLAIN.paint(TextStyle.BOLD, "a\nb")).isEqualTo("a\nb");
    }
}
