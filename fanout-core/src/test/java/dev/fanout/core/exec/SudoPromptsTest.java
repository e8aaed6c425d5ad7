package dev.fanout.core.exec;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SudoPromptsTest {
    private static final String PROMPT = "fanout-sudo-0a1b-password:";
    private static final String STARTED = "fanout-sudo-0a1b-started";

    /** A stream that gives {@code text} {@code step} bytes per read, as a network may cut it. */
    private static InputStream slowly(String text, int step) {
        var bytes = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
        return new InputStream() {
            @Override
            public int read() {
                return bytes.read();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                return bytes.read(b, off, Math.min(step, len));
            }
        };
    }

    private static String readAll(String text, int step, List<String> events) throws IOException {
        var prompts = new SudoPrompts(slowly(text, step), PROMPT, STARTED, new SudoPrompts.Listener() {
            @Override
            public void prompted(int count) {
                events.add("prompt " + count);
            }

            @Override
            public void started() {
                events.add("started");
            }
        });
        return new String(prompts.readAllBytes(), StandardCharsets.UTF_8);
    }

    @Test
    void theMarkersAreTakenOutAndReportedHoweverTheStreamIsCut() throws IOException {
        String text = "motd line\n" + PROMPT + "Sorry, try again.\n" + PROMPT + STARTED + "\nthe command's own\n"
                + PROMPT + "\n";
        for (int step = 1; step <= text.length(); step++) {
            var events = new ArrayList<String>();

            String seen = readAll(text, step, events);

            assertThat(seen).as("read %d bytes at a time", step)
                    .isEqualTo("motd line\nSorry, try again.\nthe command's own\n" + PROMPT + "\n");
            assertThat(events).containsExactly("prompt 1", "prompt 2", "started");
        }
    }

    @Test
    void bytesThatOnlyBeginAMarkerAreGivenBackWhenTheStreamEnds() throws IOException {
        var events = new ArrayList<String>();

        String seen = readAll("sudo: unknown user: x\nfanout-sudo-0a", 3, events);

        assertThat(seen).isEqualTo("sudo: unknown user: x\nfanout-sudo-0a");
        assertThat(events).isEmpty();
    }
}
