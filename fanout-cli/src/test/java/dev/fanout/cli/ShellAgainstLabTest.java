package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fanout shell in-process against the embedded lab, its commands read from a pipe (no terminal: plain lines, as a
 * script gives them); ShellThroughPtyTest drives it on a real terminal.
 */
class ShellAgainstLabTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Pattern HOSTS = Pattern.compile("(?m)^\\S+ \\(\\d+ hosts?\\): \\d+ connected");

    private static Lab lab;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.62.1"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    @AfterEach
    void everyHostUp() throws IOException {
        for (var host : lab.hosts()) {
            lab.startHost(host.name());
        }
    }

    private static Cli cli() {
        return new Cli().env("FANOUT_INVENTORY", lab.inventory().toString());
    }

    private static Cli script(String... lines) {
        String input = String.join("\n", lines) + "\n";
        return cli().input(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aScriptedSessionRunsEachCommandOnTheSelectionOfTheMomentAndRecordsEachAsARun() {
        Cli.Result r = script("echo first $(hostname)", ":select @db_servers", "echo second $(hostname)",
                ":exclude db02", "echo third $(hostname)", ":add h1 h2", ":hosts", ":quit", "echo never")
                .run("shell", "-a");

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> out = r.out().lines().toList();
        assertThat(out.stream().filter(l -> l.contains(" first "))).hasSize(9);
        assertThat(out.stream().filter(l -> l.contains(" second "))).containsExactlyInAnyOrder(
                "db01: second db01", "db02: second db02");
        assertThat(out.stream().filter(l -> l.contains(" third "))).containsExactly("db01: third db01");
        // h1 and h2 were deselected, not disconnected: their connections were kept
        assertThat(out).contains("db01,h[1-2] (3 hosts): 3 connected").doesNotContain("never");
        assertThat(r.err()).contains("fanout: connected to 9 hosts in ", "fanout: working with db[01-02] (2 hosts)",
                "fanout: working with db01 (1 host)", "fanout: 1 host in ");

        Cli.Result history = cli().run("history", "-n", "3");
        assertThat(history.out()).contains("run: echo third $(hostname)", "-H db01", "run: echo second",
                "-H db[01-02]", "run: echo first", "-a");
        Cli.Result shown = cli().run("show", "-b");
        assertThat(shown.out()).contains("db01 (1)", "third db01");
    }

    @Test
    void gatherSwitchesToTheGatheredViewAndBack() {
        Cli.Result r = script(":gather", "echo same", ":gather", "echo live $(hostname)").run("shell", "-H", "h[1-3]");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).contains("---------------\nh[1-3] (3)\n---------------\nsame\n", "h2: live h2\n")
                .doesNotContain("h1: same");
        assertThat(r.err()).contains("fanout: gathered view: ", "fanout: live view: ");
    }

    @Test
    void theShellExitsWithTheLastCommandsCodeAndAFailedBuiltInIsOneLineThatNamesTheValue() {
        Cli.Result failed = script("hostname", "exit 3").run("shell", "-H", "h1");
        assertThat(failed.exit()).as(failed.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(failed.err()).contains("  failed       h1: exit code 3");

        Cli.Result r = script(":selct h1", ":select nosuch", ":exclude h1", ":select", "echo still $(hostname)",
                ":frobnicate").run("shell", "-H", "h1");
        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().lines().filter(l -> l.startsWith("fanout: ") && !l.startsWith("fanout: 1 host")
                && !l.startsWith("fanout: connected"))).containsExactly(
                "fanout: unknown built-in ':selct': did you mean ':select'? (see :help)",
                "fanout: unknown host 'nosuch' (not in " + lab.inventory() + ")",
                "fanout: :exclude h1 would leave no host selected",
                "fanout: :select needs HOSTS: names, ranges or @GROUP, e.g. :select web[01-02]",
                "fanout: unknown built-in ':frobnicate' (see :help)");
        assertThat(r.out()).contains("h1: still h1");
    }

    @Test
    void withoutASelectionTheShellIsAUsageErrorAndConnectsNowhere() {
        Cli.Result r = script("hostname").run("shell");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).startsWith("fanout: ").doesNotContain("connected");
    }

    @Test
    void aHostThatDropsBetweenCommandsIsConnectedAgainAtTheNextAndThatIsSaid() throws Exception {
        try (Session shell = new Session(CliEnvironment.Interrupts.NONE, "shell", "-H", "h1,h2")) {
            shell.send("hostname");
            shell.sync();

            // stopped and started between two commands: the kept connection was closed
            lab.stopHost("h2");
            lab.startHost("h2");
            shell.syncUntil("not connected: h2");
            shell.send("echo again $(hostname)");
            String second = shell.sync();
            assertThat(second).contains("fanout: h2: reconnected (the connection was closed)", ": 2 ok");

            // down during a command: unreachable then, connected again at the next once it answers
            lab.stopHost("h2");
            shell.syncUntil("not connected: h2");
            shell.send("hostname");
            String third = shell.sync();
            assertThat(third).contains("unreachable  h2: connection refused").doesNotContain("reconnected");
            lab.startHost("h2");
            shell.send("echo back $(hostname)");
            String fourth = shell.sync();
            assertThat(fourth).contains("fanout: h2: reconnected (the connection was closed)", ": 2 ok");

            assertThat(shell.end()).isZero();
            assertThat(shell.out()).contains("h2: again h2\n", "h2: back h2\n", "h1: back h1\n");
        }
    }

    @Test
    void ctrlCStopsTheCommandOnEveryHostAndEndsAScriptWith130() throws Exception {
        List<Runnable> actions = new CopyOnWriteArrayList<>();
        CliEnvironment.Interrupts interrupts = action -> {
            actions.add(action);
            return () -> actions.remove(action);
        };
        try (Session shell = new Session(interrupts, "shell", "-H", "h1,h2")) {
            shell.send("echo started; sleep 60");
            shell.awaitOut(out -> out.contains("h1: started") && out.contains("h2: started"));
            long t0 = System.nanoTime();
            actions.forEach(Runnable::run);

            assertThat(shell.end()).isEqualTo(ExitCodes.INTERRUPTED);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));
            assertThat(shell.err()).contains("2 cancelled");
        }
    }

    /** A shell running in-process on its own thread, fed one line at a time through a pipe. */
    private static final class Session implements AutoCloseable {
        private final PipedOutputStream input = new PipedOutputStream();
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private final ByteArrayOutputStream err = new ByteArrayOutputStream();
        private final CompletableFuture<Integer> exit = new CompletableFuture<>();
        private int outMark;
        private int errMark;

        Session(CliEnvironment.Interrupts interrupts, String... args) throws IOException {
            PipedInputStream in = new PipedInputStream(input);
            Map<String, String> env = new HashMap<>();
            env.put("FANOUT_INVENTORY", lab.inventory().toString());
            env.put("HOME", System.getProperty("java.io.tmpdir") + "/fanout-test-home-does-not-exist");
            env.put("XDG_STATE_HOME", Cli.STATE.toString());
            CliEnvironment environment = new CliEnvironment(in, new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8), env, false, false, Optional.empty(),
                    interrupts);
            Thread.ofVirtual().start(() -> exit.complete(Main.run(environment, args)));
        }

        void send(String line) throws IOException {
            input.write((line + "\n").getBytes(StandardCharsets.UTF_8));
            input.flush();
        }

        String out() {
            return out.toString(StandardCharsets.UTF_8);
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        void awaitOut(Predicate<String> condition) throws InterruptedException {
            await(() -> condition.test(out()), "stdout");
        }

        /** Syncs until what a sync returns contains {@code text}. */
        void syncUntil(String text) throws Exception {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!sync().contains(text)) {
                assertThat(System.nanoTime()).as("waiting for " + text + ":\n" + out() + err()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        /**
         * Sends {@code :hosts} and waits for its line, so that everything the lines before it printed is there;
         * returns stdout and stderr since the last sync, and the {@code :hosts} line.
         */
        String sync() throws Exception {
            int before = count(HOSTS.matcher(out()));
            send(":hosts");
            await(() -> count(HOSTS.matcher(out())) > before, "the :hosts line");
            String since = out().substring(outMark) + err().substring(errMark);
            outMark = out().length();
            errMark = err().length();
            return since;
        }

        private static int count(Matcher m) {
            int n = 0;
            while (m.find()) {
                n++;
            }
            return n;
        }

        private void await(java.util.function.BooleanSupplier condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.getAsBoolean()) {
                assertThat(exit).as("the shell ended before " + what + ":\n" + out() + err()).isNotDone();
                assertThat(System.nanoTime()).as("waiting for " + what + ":\n" + out() + err()).isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        /** Ends the input and returns the exit code. */
        int end() throws Exception {
            input.close();
            return exit.get(WAIT.toSeconds(), TimeUnit.SECONDS);
        }

        @Override
        public void close() throws IOException {
            input.close();
        }
    }
}
