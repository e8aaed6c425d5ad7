package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.LaunchOptions;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.testkit.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commands started with a terminal and with variables, against OpenSSH's sshd, which accepts the variables its
 * {@code AcceptEnv} names ({@code FANOUT_*} here) and refuses the others. Skipped unless root with sshd installed.
 */
class LaunchAgainstOpenSshTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);
    private static final LaunchOptions TERMINAL = LaunchOptions.PLAIN.withTerminal("xterm");
    /** A value a shell would mangle in every way it can, were it not quoted. */
    private static final String AWKWARD = "it's \"$(echo no)\" `x` $HOME \\ ; & |\nsecond line";

    private static OpenSshServer sshd;

    @TempDir
    Path home;

    private MinaTransport transport;
    private Connection connection;

    @BeforeAll
    static void startDaemon() throws Exception {
        sshd = OpenSshServer.startWith(List.of("AcceptEnv FANOUT_*", "PermitTTY yes"));
    }

    @AfterAll
    static void stopDaemon() {
        if (sshd != null) {
            sshd.close();
        }
    }

    @BeforeEach
    void connect() throws Exception {
        sshd.writeKnownHosts(home.resolve(".ssh/known_hosts"), "ssh-ed25519");
        transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
        connection = transport.connect(Host.of("sshd", sshd.address(), sshd.port(), sshd.user())
                .withPassword(Secret.of(sshd.password())), TIMEOUT);
    }

    @AfterEach
    void close() {
        connection.close();
        transport.close();
    }

    private Runs run(String command, LaunchOptions launch) throws Exception {
        return run(command, launch, "");
    }

    private Runs run(String command, LaunchOptions launch, String input) throws Exception {
        try (RemoteProcess process = connection.start(command,
                ByteBuffer.wrap(input.getBytes(StandardCharsets.UTF_8)), launch)) {
            CompletableFuture<String> out = Runs.readAll(process.stdout());
            CompletableFuture<String> err = Runs.readAll(process.stderr());
            OptionalInt code = process.waitFor(Duration.ofSeconds(20));
            assertThat(code).as("ended within 20 s: " + command).isPresent();
            return new Runs(out.get(), err.get(), code.getAsInt());
        }
    }

    @Test
    void aTerminalIsGivenWhenAskedWithItsTypeAndStderrMergedIntoItsLines() throws Exception {
        Runs run = run("[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo terminal; echo \"$TERM\"; echo oops >&2; exit 3",
                TERMINAL);

        assertThat(run).isEqualTo(new Runs("terminal\r\nxterm\r\noops\r\n", "", 3));
    }

    @Test
    void withoutATerminalStdinIsNone() throws Exception {
        assertThat(run("[ -t 0 ] && echo terminal || echo none", LaunchOptions.PLAIN).stdout()).isEqualTo("none\n");
    }

    @Test
    void inputThroughTheTerminalIsNotEchoedAndItsEndEndsTheCommand() throws Exception {
        Runs run = run("cat; echo done", TERMINAL, "typed\n");

        assertThat(run.stdout()).isEqualTo("typed\r\ndone\r\n");
    }

    @Test
    void aCommandThatReadsATerminalWithoutInputSeesItsEnd() throws Exception {
        assertThat(run("cat; echo done", TERMINAL).stdout()).isEqualTo("done\r\n");
    }

    @Test
    void anUnfinishedLastLineOfInputReachesTheCommandAndStillEndsIt() throws Exception {
        assertThat(run("cat; echo; echo done", TERMINAL, "no newline").stdout())
                .isEqualTo("no newline\r\ndone\r\n");
    }

    @Test
    void killStopsACommandRunningInATerminal() throws Exception {
        String marker = "sleep 3" + ThreadLocalRandom.current().nextInt(100, 999);
        RemoteProcess process = connection.start(marker + "; echo never", ByteBuffer.allocate(0), TERMINAL);
        CompletableFuture<String> out = Runs.readAll(process.stdout());
        awaitProcesses(marker, true);
        process.kill();
        awaitProcesses(marker, false);
        assertThat(out.get()).doesNotContain("never");
    }

    @Test
    void acceptedVariablesAreSetByTheServerAndTheirValuesStayOffTheCommandLine() throws Exception {
        String marker = "sleep 1." + ThreadLocalRandom.current().nextInt(100, 999);
        String secret = "s3cret-" + ThreadLocalRandom.current().nextInt(100_000, 999_999);
        LaunchOptions launch = LaunchOptions.PLAIN.withVariable("FANOUT_TOKEN", Secret.of(secret))
                .withVariable("FANOUT_AWKWARD", Secret.of(AWKWARD));
        RemoteProcess process = connection.start(marker + "; printf '%s|%s' \"$FANOUT_TOKEN\" \"$FANOUT_AWKWARD\"",
                ByteBuffer.allocate(0), launch);
        CompletableFuture<String> out = Runs.readAll(process.stdout());
        awaitProcesses(marker, true);
        assertThat(sshd.processesOf(secret)).as("no remote command line holds the value").isEmpty();
        assertThat(process.waitFor(Duration.ofSeconds(20))).hasValue(0);
        assertThat(out.get()).isEqualTo(secret + "|" + AWKWARD);
    }

    @Test
    void refusedVariablesAreSetByTheCommandLineQuotedSoThatAnyValuePassesUnchanged() throws Exception {
        LaunchOptions launch = LaunchOptions.PLAIN.withVariable("OTHER", Secret.of(AWKWARD))
                .withVariable("FANOUT_ACCEPTED", Secret.of("yes")).withVariable("EMPTY", Secret.of(""));
        Runs run = run("printf '%s|%s|%s|' \"$OTHER\" \"$FANOUT_ACCEPTED\" \"${EMPTY-unset}\"; env | grep -c '^OTHER='",
                launch);

        assertThat(run).isEqualTo(new Runs(AWKWARD + "|yes||1\n", "", 0));
    }

    @Test
    void variablesAndATerminalGoTogether() throws Exception {
        Runs run = run("[ -t 0 ] && echo \"$FANOUT_A $B\"", TERMINAL.withVariable("FANOUT_A", Secret.of("1"))
                .withVariable("B", Secret.of("2")));

        assertThat(run.stdout()).isEqualTo("1 2\r\n");
    }

    private static void awaitProcesses(String marker, boolean present) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        while (sshd.processesOf(marker).isEmpty() == present) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("processes matching '" + marker + "' " + (present ? "never appeared"
                        : "still run: " + sshd.processesOf(marker)));
            }
            Thread.sleep(20);
        }
    }
}
