package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fanout shell on a real terminal: a JVM started under script(1), which gives it a pseudo-terminal, typed at as a
 * person types (Enter, Ctrl-C, the up arrow, Ctrl-D), against the embedded lab in this JVM. And JLine is loaded by
 * the shell alone: fanout run and --help load none of its classes.
 */
class ShellThroughPtyTest {
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static Lab lab;

    @TempDir
    Path state;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.63.1"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static String quoted(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** fanout's JVM as the launcher starts it, with the classes it loads logged to {@code classes}. */
    private List<String> fanout(Path classes, String... args) {
        List<String> command = new ArrayList<>(List.of(java(), "--enable-native-access=ALL-UNNAMED",
                "-Xlog:class+load:file=" + classes, "-cp", System.getProperty("java.class.path"),
                "dev.fanout.cli.Main"));
        command.addAll(List.of(args));
        return command;
    }

    private ProcessBuilder withEnvironment(ProcessBuilder builder) throws IOException {
        Map<String, String> env = builder.environment();
        env.put("FANOUT_INVENTORY", lab.inventory().toString());
        env.put("HOME", Files.createDirectories(state.resolve("home")).toString());
        env.put("XDG_STATE_HOME", state.toString());
        env.put("TERM", "xterm");
        env.remove("NO_COLOR");
        return builder;
    }

    @Test
    void aPersonTypingAtTheShellGetsLineEditingHistoryAndCtrlCStopsOnlyTheCommand() throws Exception {
        Path classes = state.resolve("classes.log");
        // script runs the command on a new pseudo-terminal; stty gives it a size, as a terminal window has
        String inner = "stty cols 120 rows 40; exec " + String.join(" ",
                fanout(classes, "shell", "-H", "h1,h2", "--color", "never").stream()
                        .map(ShellThroughPtyTest::quoted).toList());
        Process script = withEnvironment(new ProcessBuilder("script", "-q", "-e", "-c", inner, "/dev/null"))
                .redirectErrorStream(true).start();
        Terminal terminal = new Terminal(script);
        try {
            terminal.await(s -> prompts(s) >= 1, "the first prompt");
            assertThat(terminal.text()).contains("fanout: connected to 2 hosts in ", "fanout: working with h[1-2]");

            terminal.type("echo one $(hostname)\r");
            terminal.await(s -> s.contains("h1: one h1") && s.contains("h2: one h2") && prompts(s) >= 2, "one");

            terminal.type("echo started; sleep 60\r");
            terminal.await(s -> s.contains("h1: started") && s.contains("h2: started"), "the sleep to start");
            long t0 = System.nanoTime();
            terminal.type("\u0003");
            terminal.await(s -> s.contains("2 cancelled") && prompts(s) >= 3, "the sleep to be cancelled");
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(10));

            // Ctrl-C at the prompt discards the line typed; the up arrow brings back the commands run
            terminal.type("echo discarded\u0003");
            terminal.await(s -> prompts(s) >= 4, "a prompt after Ctrl-C");
            terminal.type("\u001bOA\u001bOA\r");
            terminal.await(s -> occurrences(s, "h2: one h2") == 2 && prompts(s) >= 5, "one, again from the history");

            terminal.type(":select h1\r");
            terminal.type("echo only $(hostname)\r");
            terminal.await(s -> s.contains("h1: only h1") && prompts(s) >= 7, "only");
            // typed with a leading space: run, and kept out of the history, as bash's ignorespace does
            terminal.type(" echo private $(hostname)\r");
            terminal.await(s -> s.contains("h1: private h1") && prompts(s) >= 8, "private");
            terminal.type("\u0004");

            assertThat(script.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as(terminal.text()).isTrue();
            assertThat(script.exitValue()).as(terminal.text()).isZero();
            assertThat(terminal.text()).doesNotContain("h2: only h2", ": discarded", "Exception");
        } finally {
            script.destroyForcibly();
        }
        Path history = state.resolve("fanout").resolve(ShellCommand.HISTORY);
        assertThat(Files.readAllLines(history)).containsExactly("echo one $(hostname)", "echo started; sleep 60",
                "echo one $(hostname)", ":select h1", "echo only $(hostname)");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(history))).isEqualTo("rw-------");
        assertThat(Files.readString(classes)).contains(" org.jline.reader.impl.LineReaderImpl ");
    }

    @Test
    void runAndHelpLoadNoClassOfTheLineEditingLibrary() throws Exception {
        for (String[] args : List.of(new String[]{"run", "-H", "h1", "true"}, new String[]{"--help"},
                new String[]{"shell", "--help"})) {
            Path classes = state.resolve(args[0] + args.length + ".log");
            Process process = withEnvironment(new ProcessBuilder(fanout(classes, args))).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            assertThat(process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).isZero();

            String loaded = Files.readString(classes);
            assertThat(loaded).as("the log names fanout's classes").contains(" dev.fanout.cli.Main ");
            assertThat(loaded.lines().filter(l -> l.contains("] org.jline."))).as(String.join(" ", args)).isEmpty();
        }
    }

    private static int prompts(String text) {
        return occurrences(text, Shell.PROMPT);
    }

    private static int occurrences(String text, String part) {
        int n = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            n++;
        }
        return n;
    }

    /** The person's side of the pseudo-terminal: what they type, and everything the terminal shows. */
    private static final class Terminal {
        private final OutputStream keys;
        private final StringBuffer screen = new StringBuffer();

        Terminal(Process script) {
            this.keys = script.getOutputStream();
            InputStream shown = script.getInputStream();
            Thread.ofVirtual().start(() -> {
                byte[] buffer = new byte[8192];
                try {
                    for (int n; (n = shown.read(buffer)) > 0; ) {
                        screen.append(new String(buffer, 0, n, StandardCharsets.UTF_8));
                    }
                } catch (IOException e) {
                    // the process ended
                }
            });
        }

        void type(String text) throws IOException {
            keys.write(text.getBytes(StandardCharsets.UTF_8));
            keys.flush();
        }

        String text() {
            return screen.toString();
        }

        void await(Predicate<String> condition, String what) throws InterruptedException {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (!condition.test(text())) {
                assertThat(System.nanoTime()).as("waiting for " + what + " on the terminal:\n" + text())
                        .isLessThan(deadline);
                Thread.sleep(20);
            }
        }
    }
}
