package dev.fanout.examples;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The examples, run as a user would run them, against the embedded lab. */
class ExamplesAgainstLabTest {
    private static Lab lab;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(new LabOptions(null, 0, "127.1.12.1", "fanout"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    @Test
    void runOnAGroupStreamsEachLineThenGathersTheHostsAndGivesTheVerdict() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = RunOnAGroup.run(lab.inventory(), "web_clusters", "echo same; hostname", new PrintStream(bytes,
                true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertThat(exit).as(out).isZero();
        assertThat(out.lines()).contains("web01: same", "web01: web01", "web04: web04").endsWith("verdict: OK");
        assertThat(out).contains("gathered:\n---------------\nweb01 (1)\n---------------\nsame\nweb01\n");
    }

    @Test
    void runOnAGroupExitsNonZeroWhenAHostFails() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = RunOnAGroup.run(lab.inventory(), "db_servers", "test $(hostname) = db01", new PrintStream(bytes,
                true, StandardCharsets.UTF_8));

        assertThat(exit).isEqualTo(1);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("db02 (1) failed: exit code 1")
                .endsWith("verdict: REMOTE_FAILED\n");
    }

    @Test
    void putAFileCopiesItToEveryHost() throws Exception {
        Path file = Files.writeString(tmp.resolve("motd"), "hello from the example\n");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = PutAFile.run(lab.inventory(), "h1,h2", file, ".", new PrintStream(bytes, true,
                StandardCharsets.UTF_8));

        assertThat(exit).as(bytes.toString(StandardCharsets.UTF_8)).isZero();
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("h1: ok\nh2: ok\nverdict: OK\n");
        assertThat(lab.home("h1").resolve("motd")).hasContent("hello from the example");
        assertThat(lab.home("h2").resolve("motd")).hasContent("hello from the example");
    }
}
