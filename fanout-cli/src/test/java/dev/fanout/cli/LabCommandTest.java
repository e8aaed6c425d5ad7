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

    @Test
    void theLabTakesItsAddressAndPortAndWritesAnSshConfigThatOpenSshUses(@TempDir Path dir) throws Exception {
        int port;
        try (var probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.1.41.1"))) {
            port = probe.getLocalPort();
        }
        Path lab = dir.resolve("lab");
        java.util.concurrent.atomic.AtomicReference<String> ssh = new java.util.concurrent.atomic.AtomicReference<>();
        // --keep: after the command, serve until "Ctrl-C", which this interrupt handler sends once ssh has run
        Cli cli = new Cli().interrupts(action -> {
            Thread.ofVirtual().start(() -> {
                ssh.set(runSsh(lab.resolve("ssh_config"), "web02"));
                action.run();
            });
            return () -> { };
        });

        Cli.Result r = cli.run("lab", "--dir", lab.toString(), "--address", "127.1.41.1", "--port",
                String.valueOf(port), "--keep", "--", "hosts", "-1", "-H", "h1");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).contains("fanout lab: 9 hosts on 127.1.41.1-127.1.41.9 port " + port + ";",
                "fanout lab: serving until Ctrl-C", "fanout lab: stopped");
        assertThat(r.out()).startsWith("h1\n").contains("ssh -F " + lab.resolve("ssh_config") + " h1 hostname");
        assertThat(ssh.get()).isEqualTo("web02");
    }

    @Test
    void aPortInUseIsAOneLineErrorWithExitCode2(@TempDir Path dir) throws IOException {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getByName("127.1.42.1"))) {
            Cli.Result r = new Cli().run("lab", "--address", "127.1.42.1", "--port",
                    String.valueOf(taken.getLocalPort()), "--", "hosts");

            assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
            assertThat(r.err()).startsWith("fanout: lab: cannot start: cannot listen on 127.1.42.1:"
                    + taken.getLocalPort()).hasLineCount(1);
        }
    }

    /** What {@code ssh -F config host hostname} prints, or its error output when it fails. */
    private static String runSsh(Path config, String host) {
        try {
            Process p = new ProcessBuilder("ssh", "-F", config.toString(), "-o", "BatchMode=yes", host, "hostname")
                    .redirectErrorStream(true).start();
            String text = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)
                    .strip();
            p.waitFor();
            return text;
        } catch (IOException | InterruptedException e) {
            return e.toString();
        }
    }
}
