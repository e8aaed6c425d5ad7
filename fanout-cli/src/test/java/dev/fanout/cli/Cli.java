package dev.fanout.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Runs {@link Main#run} in-process with captured streams, as the tests' stand-in for a shell. */
final class Cli {
    /** One state directory (run records) for the tests of a JVM, never the user's own. */
    static final java.nio.file.Path STATE = createState();

    private static java.nio.file.Path createState() {
        try {
            return java.nio.file.Files.createTempDirectory("fanout-test-state");
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private final Map<String, String> env = new HashMap<>();
    private CliEnvironment.Interrupts interrupts = CliEnvironment.Interrupts.NONE;
    private CliEnvironment.SecretPrompt prompt;
    private java.io.InputStream input = java.io.InputStream.nullInputStream();
    private boolean terminal;
    private boolean stdoutTerminal;

    /** The outcome of one command line. */
    record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    Cli env(String name, String value) {
        env.put(name, value);
        return this;
    }

    Cli interrupts(CliEnvironment.Interrupts value) {
        this.interrupts = value;
        return this;
    }

    /** What the command line reads on its standard input (nothing by default). */
    Cli input(java.io.InputStream value) {
        this.input = value;
        return this;
    }

    /** Whether stdout and stderr are told to be terminals (they are still captured). */
    Cli terminal(boolean value) {
        this.terminal = value;
        this.stdoutTerminal = value;
        return this;
    }

    /** Whether stdout alone is told to be a terminal, as when stderr goes to a log (no status line then). */
    Cli stdoutTerminal(boolean value) {
        this.stdoutTerminal = value;
        return this;
    }

    Cli prompt(CliEnvironment.SecretPrompt value) {
        this.prompt = value;
        return this;
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Map<String, String> all = new HashMap<>(env);
        all.putIfAbsent("HOME", System.getProperty("java.io.tmpdir") + "/fanout-test-home-does-not-exist");
        all.putIfAbsent("XDG_STATE_HOME", STATE.toString());
        CliEnvironment environment = new CliEnvironment(input, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), all, stdoutTerminal, terminal, Optional.ofNullable(prompt),
                interrupts);
        int exit = Main.run(environment, args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }
}
