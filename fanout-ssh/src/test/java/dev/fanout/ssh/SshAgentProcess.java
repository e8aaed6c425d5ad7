package dev.fanout.ssh;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/** An OpenSSH ssh-agent started for a test on its own socket; {@link #close()} stops exactly that agent. */
final class SshAgentProcess implements AutoCloseable {

    private static final Path SSH_AGENT = Path.of("/usr/bin/ssh-agent");

    private final Process agent;
    private final Path socket;

    private SshAgentProcess(Process agent, Path socket) {
        this.agent = agent;
        this.socket = socket;
    }

    /** Starts an agent listening on {@code socket}; the test is skipped when ssh-agent is not installed. */
    static SshAgentProcess start(Path socket) throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(SSH_AGENT), "needs OpenSSH's ssh-agent");
        Process agent = new ProcessBuilder(SSH_AGENT.toString(), "-D", "-a", socket.toString())
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!Files.exists(socket)) {
            if (!agent.isAlive() || System.nanoTime() > deadline) {
                agent.destroyForcibly();
                throw new IOException("ssh-agent did not create " + socket);
            }
            Thread.sleep(10);
        }
        return new SshAgentProcess(agent, socket);
    }

    Path socket() {
        return socket;
    }

    /** Adds the private key in {@code keyFile} (unencrypted) with {@code ssh-add}. */
    void add(Path keyFile) throws Exception {
        var adding = new ProcessBuilder("ssh-add", keyFile.toString()).redirectErrorStream(true);
        adding.environment().put("SSH_AUTH_SOCK", socket.toString());
        Process process = adding.start();
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("ssh-add failed: " + output.strip());
        }
    }

    @Override
    public void close() throws InterruptedException {
        agent.destroy();
        agent.waitFor(5, TimeUnit.SECONDS);
    }
}
