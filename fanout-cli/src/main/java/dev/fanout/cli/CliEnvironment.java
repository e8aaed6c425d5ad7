package dev.fanout.cli;

import java.io.Console;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Everything the command line takes from its process: streams, environment, terminals, the password prompt and
 * the interrupt signal. Injected so that tests run {@link Main#run} in-process. Immutable.
 *
 * @param in         standard input
 * @param out        standard output
 * @param err        standard error
 * @param env        environment variables
 * @param stdoutTty  whether standard output is a terminal
 * @param stderrTty  whether standard error is a terminal
 * @param prompt     asks the user for a secret, or empty when there is no terminal to ask on
 * @param interrupts where Ctrl-C is heard
 */
public record CliEnvironment(InputStream in, PrintStream out, PrintStream err, Map<String, String> env,
                             boolean stdoutTty, boolean stderrTty, Optional<SecretPrompt> prompt,
                             Interrupts interrupts) {

    public CliEnvironment {
        env = Map.copyOf(env);
    }

    /** Reads a secret from the user without echo. */
    @FunctionalInterface
    public interface SecretPrompt {
        char[] ask(String question);
    }

    /** Registers what to do on an interrupt (Ctrl-C, SIGTERM); the returned handle unregisters it. */
    @FunctionalInterface
    public interface Interrupts {
        Registration onInterrupt(Runnable action);

        Interrupts NONE = action -> () -> { };

        /** A registered action; closing it unregisters it. */
        interface Registration extends AutoCloseable {
            @Override
            void close();
        }
    }

    /** The real process: System streams and environment, terminal facts from the launcher. */
    public static CliEnvironment system() {
        Console console = System.console();
        Optional<SecretPrompt> prompt = console == null ? Optional.empty()
                : Optional.of(question -> console.readPassword("%s", question));
        return new CliEnvironment(System.in, System.out, System.err, System.getenv(),
                isTty("fanout.stdout.tty", console), isTty("fanout.stderr.tty", console), prompt,
                SignalInterrupts.INSTANCE);
    }

    /** The launcher tests the descriptors with {@code [ -t 1 ]} and passes the answer; else ask the JDK. */
    private static boolean isTty(String property, Console console) {
        String told = System.getProperty(property);
        if (told != null) {
            return Boolean.parseBoolean(told);
        }
        return console != null && console.isTerminal();
    }

    /** The user's home directory, from HOME or the JVM. */
    public Path home() {
        String home = env.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : System.getProperty("user.home"));
    }

    public String localUser() {
        String user = env.get("USER");
        return user != null && !user.isBlank() ? user : System.getProperty("user.name");
    }

    /** A copy of this environment with one variable set. */
    public CliEnvironment withEnv(String name, String value) {
        Map<String, String> copy = new java.util.HashMap<>(env);
        copy.put(name, value);
        return new CliEnvironment(in, out, err, copy, stdoutTty, stderrTty, prompt, interrupts);
    }
}
