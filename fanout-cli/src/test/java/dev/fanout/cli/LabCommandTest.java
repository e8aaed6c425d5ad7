package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout lab -- ...}: a fanout command against a fresh lab. */
class LabCommandTest {
    @Test
    void aScriptCopiedWithARelativePathRunsThereAsTheBannerSays(@TempDir Path dir, @TempDir Path state)
            throws IOException {
        Path script = Files.writeString(dir.resolve("hello.sh"), "echo hello from $(hostname)\n");
        Path lab = dir.resolve("lab");
        Cli cli = new Cli().env("XDG_STATE_HOME", state.toString());

        Cli.Result put = cli.run("lab", "--dir", lab.toString(), "--", "put", "-H", "h1,web01", script.toString(),
                "bin/");
        Cli.Result run = cli.run("lab", "--dir", lab.toString(), "--", "run", "-H", "h1,web01", "sh bin/hello.sh");

        assertThat(put.exit()).as(put.toString()).isZero();
        assertThat(put.err()).contains("fanout lab: put and get see each host's own directory " + lab.resolve("hosts")
                + "/NAME as /; commands run on this machine, in the host's home");
        assertThat(run.exit()).as(run.toString()).isZero();
        assertThat(run.out().lines().sorted().toList()).containsExactly("h1: hello from h1", "web01: hello from web01");
    }
}
