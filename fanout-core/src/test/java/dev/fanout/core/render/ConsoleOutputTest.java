package dev.fanout.core.render;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleOutputTest {
    private static final String ERASE = "\r\u001b[K";

    /** stdout and stderr on one terminal, as a user sees them: one stream of bytes in the order written. */
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void aLineWrittenUnderAStatusLineErasesItFirstAndDrawsItAgainAfter() {
        ConsoleOutput console = new ConsoleOutput(screen, screen, true);

        console.status("[1/3 done]");
        console.stdout(utf8("web01: up\n"));
        console.stderr(utf8("web02: oops\n"));

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("[1/3 done]"
                + ERASE + "web01: up\n" + "[1/3 done]"
                + ERASE + "web02: oops\n" + "[1/3 done]");
    }

    @Test
    void aNewStatusReplacesTheOldAndAnEmptyOneRemovesIt() {
        ConsoleOutput console = new ConsoleOutput(screen, screen, true);

        console.status("[1/3 done]");
        console.status("[2/3 done]");
        console.status("");
        console.stdout(utf8("web01: up\n"));

        assertThat(screen.toString(StandardCharsets.UTF_8))
                .isEqualTo("[1/3 done]" + ERASE + "[2/3 done]" + ERASE + "web01: up\n");
    }

    @Test
    void withoutATerminalThereIsNoStatusLineAndNoErasing() {
        ConsoleOutput console = new ConsoleOutput(screen, screen, false);

        console.status("[1/3 done]");
        console.stdout(utf8("web01: up\n"));

        assertThat(screen.toString(StandardCharsets.UTF_8)).isEqualTo("web01: up\n");
    }

    @Test
    void aClosedPipeStopsTheWritingQuietly() {
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("Broken pipe");
            }
        };
        ConsoleOutput console = new ConsoleOutput(closed, screen, true);

        console.stdout(utf8("web01: up\n"));
        console.stderr(utf8("web02: oops\n"));
        console.status("[1/3 done]");

        assertThat(screen.size()).isZero();
    }
}
