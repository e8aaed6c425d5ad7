package dev.fanout.core.exec;

import dev.fanout.core.inventory.Become;
import dev.fanout.core.transport.CommandInput;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.InteractiveProcess;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.TransportException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A connection whose commands run through {@code sudo -S -p PROMPT -u USER}: the password is written to the
 * command's stdin only when sudo's prompt (the run's own marker) shows on its stderr, never before, so a host whose
 * sudo needs no password never receives it; a second prompt (a wrong password), or a prompt with no password to
 * give, kills the command and is remembered as the host's failure. The command's own input follows once sudo has
 * let it start. File transfers are the login user's. Used by one host's thread (and the readers of its commands).
 */
final class SudoConnection implements Connection {
    static final String INCORRECT = "sudo: incorrect password";
    static final String REQUIRED = "sudo: a password is required";

    private final Connection connection;
    private final Become become;
    private final String marker;
    private volatile String failure;

    /** @param marker the run's unique marker, e.g. {@code fanout-sudo-1f2e...}: letters, digits and '-' only */
    SudoConnection(Connection connection, Become become, String marker) {
        this.connection = connection;
        this.become = become;
        this.marker = marker;
    }

    /** The command line that runs {@code command} through sudo, the shell of {@code /bin/sh} reading it. */
    static String wrap(String command, String user, String marker) {
        return "sudo -S -p " + promptOf(marker) + " -u " + quote(user) + " -- /bin/sh -c "
                + quote("echo " + startedOf(marker) + " >&2; " + command);
    }

    static String promptOf(String marker) {
        return marker + "-password:";
    }

    static String startedOf(String marker) {
        return marker + "-started";
    }

    /** The word {@code /bin/sh} reads back as {@code word}. */
    static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }

    /** Why sudo refused this host's commands, if it did: {@value #INCORRECT} or {@value #REQUIRED}. */
    Optional<String> failure() {
        return Optional.ofNullable(failure);
    }

    @Override
    public RemoteProcess start(String command, ByteBuffer input) throws TransportException, InterruptedException {
        InteractiveProcess process = connection.startInteractive(wrap(command, become.user(), marker));
        return new SudoProcess(process, input.asReadOnlyBuffer());
    }

    @Override
    public RemoteFiles files() throws TransportException, InterruptedException {
        return connection.files();
    }

    @Override
    public void close() {
        connection.close();
    }

    /** A command started through sudo, its stderr cleared of sudo's markers. Thread-safe as its process. */
    private final class SudoProcess implements RemoteProcess, SudoPrompts.Listener {
        private final InteractiveProcess process;
        private final ByteBuffer input;
        private final SudoPrompts stderr;

        SudoProcess(InteractiveProcess process, ByteBuffer input) {
            this.process = process;
            this.input = input;
            this.stderr = new SudoPrompts(process.stderr(), promptOf(marker), startedOf(marker), this);
        }

        @Override
        public void prompted(int count) throws IOException {
            if (count > 1 || become.password() == null) {
                failure = count > 1 ? INCORRECT : REQUIRED;
                process.kill();
                return;
            }
            char[] password = become.password().reveal();
            ByteBuffer bytes = StandardCharsets.UTF_8.encode(CharBuffer.wrap(password));
            Arrays.fill(password, '\0');
            byte[] line = new byte[bytes.remaining() + 1];
            bytes.get(line, 0, line.length - 1);
            line[line.length - 1] = '\n';
            Arrays.fill(bytes.array(), (byte) 0);
            try {
                OutputStream stdin = process.stdin();
                stdin.write(line);
                stdin.flush();
            } catch (IOException e) {
                // sudo is gone: its exit status tells the rest
            } finally {
                Arrays.fill(line, (byte) 0);
            }
        }

        @Override
        public void started() {
            OutputStream stdin = process.stdin();
            if (!input.hasRemaining()) {
                closeQuietly(stdin);
                return;
            }
            Thread.ofVirtual().name("fanout-stdin").start(() -> CommandInput.send(input.duplicate(), stdin));
        }


        private static void closeQuietly(OutputStream stdin) {
            try {
                stdin.close();
            } catch (IOException e) {
                // the channel is closing: the command sees end-of-file anyway
            }
        }

        @Override
        public InputStream stdout() {
            return process.stdout();
        }

        @Override
        public InputStream stderr() {
            return stderr;
        }

        @Override
        public OptionalInt waitFor(Duration timeout) throws TransportException, InterruptedException {
            return process.waitFor(timeout);
        }

        @Override
        public void kill() {
            process.kill();
        }

        @Override
        public void close() {
            process.close();
        }
    }
}
