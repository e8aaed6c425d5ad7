package dev.fanout.core.text;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SafeTextTest {
    @Test
    void aStringKeepsPrintableTextTabsAndSurrogatePairsAndShowsEveryControlCharacter() {
        assertThat(SafeText.of("plain\ttext \uD83D\uDE00 é")).isEqualTo("plain\ttext \uD83D\uDE00 é");
        assertThat(SafeText.of("a\u001b[2Jb\u0000c\u007fd\u009be\nf\rg")).isEqualTo("a^[[2Jb^@c^?d\uFFFDe^Jf^Mg");
        assertThat(SafeText.of("lone \uD83D surrogate \uDE00")).isEqualTo("lone \uFFFD surrogate \uFFFD");
    }

    @Test
    void aStringAndTheSameBytesAreMadeSafeAlike() {
        String text = "x\u001b]0;t\u0007\u0085y";
        byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        StringBuilder fromBytes = new StringBuilder();

        SafeText.appendSafe(bytes, 0, bytes.length, fromBytes);

        assertThat(SafeText.of(text)).isEqualTo(fromBytes.toString()).isEqualTo("x^[]0;t^G\uFFFDy");
    }
}
