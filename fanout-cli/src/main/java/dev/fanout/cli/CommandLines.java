package dev.fanout.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Where {@code fanout shell} reads its command lines, and where it hears Ctrl-C while a command runs: a terminal
 * with line editing and history ({@link TerminalLines}), or plain lines from standard input, for scripts. Used by
 * the shell's one thread, except {@link #interrupts()}, which is called from the signal's.
 */
interface CommandLines extends AutoCloseable {

    /** The next line, after showing {@code prompt}; empty when Ctrl-C discarded the line; null at end of input. */
    String read(String prompt) throws IOException;

    /** Where Ctrl-C is heard while a command runs. */
    CliEnvironment.Interrupts interrupts();

    /**
     * Whether a person types the lines: then Ctrl-C interrupts the command and the shell goes on; in a script, an
     * interrupted command ends the shell, as an interrupted command ends a shell script.
     */
    boolean interactive();

    @Override
    void close();

    /** Lines read from standard input as they are, without prompt, editing or history. */
    final class Plain implements CommandLines {
        private final BufferedReader in;
        private final CliEnvironment.Interrupts interrupts;

        Plain(CliEnvironment env) {
            this.in = new BufferedReader(new InputStreamReader(env.in(), StandardCharsets.UTF_8));
            this.interrupts = env.interrupts();
        }

        @Override
        public String read(String prompt) throws IOException {
            return in.readLine();
        }

        @Override
        public CliEnvironment.Interrupts interrupts() {
            return interrupts;
        }

        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public void close() {
            // standard input is the process's: it stays open
        }
    }
}
