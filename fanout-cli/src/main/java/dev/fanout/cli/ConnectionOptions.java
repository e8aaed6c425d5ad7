package dev.fanout.cli;

import dev.fanout.core.inventory.Secret;
import dev.fanout.ssh.HostKeyPolicy;
import dev.fanout.ssh.MinaTransport;
import java.nio.file.Path;
import java.util.function.Function;
import dev.fanout.core.exec.ExecOptions;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;

/**
 * How hosts are connected to and scheduled: fan-out, timeouts, host-key policy, credentials, and the failure policy
 * (batches, failure threshold, retries).
 */
final class ConnectionOptions {
    /**
     * The system property by which the launcher says that this JVM compiles with C1 only ({@code c1}), where the
     * transport should prefer chacha20-poly1305 (see bin/lib/jvm-options.sh).
     */
    private static final String JIT = "fanout.jit";
    @Option(names = {"-f", "--fanout"}, paramLabel = "N", defaultValue = "" + ExecOptions.DEFAULT_FANOUT,
            description = "Work on at most N hosts at once (default: ${DEFAULT-VALUE}).")
    int fanout;

    @Option(names = {"-t", "--connect-timeout"}, paramLabel = "DURATION", defaultValue = "10s",
            converter = DurationConverter.class,
            description = "Limit for connecting and logging in to one host, counted from the start of its own attempt "
                    + "(default: ${DEFAULT-VALUE}).")
    Duration connectTimeout;

    @Option(names = {"-u", "--timeout"}, paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Limit for the command (or transfer) on one host once connected; the remote command is "
                    + "then killed and the host counts as timed out. Default: none.")
    Duration timeout;

    @Option(names = "--accept-new",
            description = "Trust hosts whose key is not yet known and record their key in known_hosts "
                    + "(as ssh -o StrictHostKeyChecking=accept-new). A changed key is always refused.")
    boolean acceptNew;

    @Option(names = {"-A", "--ask-pass"},
            description = "Ask once for a password, used for every selected host that has none in the inventory.")
    boolean askPass;

    @Option(names = {"-l", "--user"}, paramLabel = "USER", description = "Log in as USER on every host.")
    String user;

    @Mixin
    FailurePolicyOptions failurePolicy = new FailurePolicyOptions();

    ExecOptions execOptions() throws UserException {
        if (fanout < 1) {
            throw new UserException("--fanout must be at least 1: " + fanout);
        }
        return new ExecOptions(fanout, connectTimeout, timeout).withPolicy(failurePolicy.policy());
    }

    /**
     * The SSH settings: host-key policy, the user's home for default keys and known_hosts, passphrases asked once, the
     * agent, the system's known_hosts, the cipher the JIT runs fastest.
     */
    MinaTransport.Options transportOptions(CliEnvironment env) {
        Function<Path, Secret> passphrases = env.prompt().<Function<Path, Secret>>map(prompt -> file -> {
            char[] typed = prompt.ask("Enter passphrase for key '" + file + "': ");
            return typed == null ? null : Secret.of(typed);
        }).orElse(null);
        String agent = env.env().get("SSH_AUTH_SOCK");
        return new MinaTransport.Options(acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT,
                env.home(), passphrases, agent == null || agent.isBlank() ? null : Path.of(agent),
                MinaTransport.Options.SYSTEM_KNOWN_HOSTS).withChaCha20First("c1".equals(System.getProperty(JIT)));
    }
}
