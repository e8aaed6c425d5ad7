package dev.fanout.cli;

import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Command lines typed on the process's terminal, with JLine's line editing and a history kept in a file (the only
 * class of fanout that uses JLine, so that no other command loads it). Ctrl-C at the prompt discards the line; while
 * a command runs, the terminal's interrupt signal runs the registered actions (the run's cancel). Used by the
 * shell's thread; the interrupt actions are thread-safe.
 */
final class TerminalLines implements CommandLines {
    /** The most lines the history file keeps. */
    private static final int HISTORY_LINES = 1000;

    private final Terminal terminal;
    private final LineReader reader;
    private final CopyOnWriteArrayList<Runnable> onInterrupt = new CopyOnWriteArrayList<>();

    private TerminalLines(Terminal terminal, LineReader reader) {
        this.terminal = terminal;
        this.reader = reader;
    }

    /** The process's terminal, its history in {@code history} (created readable by its owner only). */
    static TerminalLines open(Path history) throws IOException {
        createPrivate(history);
        Terminal terminal = TerminalBuilder.builder().system(true).name("fanout").build();
        LineReader reader = LineReaderBuilder.builder().terminal(terminal).appName("fanout")
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_SIZE, HISTORY_LINES)
                .variable(LineReader.HISTORY_FILE_SIZE, HISTORY_LINES)
                // A remote command's '!' is the remote shell's, not a history event to expand here.
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                // one command per line, as a shell's history file, readable and greppable
                .option(LineReader.Option.HISTORY_TIMESTAMPED, false)
                .build();
        TerminalLines lines = new TerminalLines(terminal, reader);
        terminal.handle(Terminal.Signal.INT, signal -> lines.onInterrupt.forEach(Runnable::run));
        return lines;
    }

    private static void createPrivate(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        if (!Files.exists(file)) {
            try {
                Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            } catch (UnsupportedOperationException e) {
                Files.createFile(file);
            }
        }
    }

    @Override
    public String read(String prompt) {
        try {
            return reader.readLine(prompt);
        } catch (UserInterruptException e) {
            return "";
        } catch (EndOfFileException e) {
            return null;
        }
    }

    @Override
    public CliEnvironment.Interrupts interrupts() {
        return action -> {
            onInterrupt.add(action);
            return () -> onInterrupt.remove(action);
        };
    }

    @Override
    public boolean interactive() {
        return true;
    }

    @Override
    public void close() {
        try {
            reader.getHistory().save();
        } catch (IOException e) {
            // every line was appended as it was typed: only the trimming to HISTORY_LINES is lost
        }
        try {
            terminal.close();
        } catch (IOException e) {
            // the process ends next: the terminal's settings are restored by its exit anyway
        }
    }
}
