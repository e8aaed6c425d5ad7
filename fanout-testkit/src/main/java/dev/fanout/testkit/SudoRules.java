package dev.fanout.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;

/**
 * A sudoers drop-in for the throw-away user {@value OpenSshServer#USER}: sudo to root asks for the user's own
 * password (never cached, so every command asks), sudo to {@value #NO_PASSWORD_USER} asks for none. Installed by the
 * first {@link #install()} of a JVM and removed by the last {@link #close()}; the file carries the JVM's process id,
 * so test JVMs of several modules at once never remove each other's rules. The file is checked with
 * {@code visudo -cf} before sudo can see it. Thread-safe; needs root and sudo.
 */
public final class SudoRules implements AutoCloseable {
    /** The user the throw-away user may become without a password. */
    public static final String NO_PASSWORD_USER = "nobody";

    private static final Path SUDO = Path.of("/usr/bin/sudo");
    private static final Path VISUDO = Path.of("/usr/sbin/visudo");
    private static final Path DROP_IN_DIRECTORY = Path.of("/etc/sudoers.d");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private static int users;

    private boolean closed;

    private SudoRules() {
    }

    /** Whether this machine can install the rules: the OpenSSH fixture's needs, and sudo with visudo. */
    public static boolean isAvailable() {
        return OpenSshServer.isAvailable() && Files.isExecutable(SUDO) && Files.isExecutable(VISUDO);
    }

    /** Installs the rules (once per JVM); aborts the calling test (skipped) when {@link #isAvailable()} is false. */
    public static SudoRules install() throws IOException {
        Assumptions.assumeTrue(isAvailable(), "needs root, OpenSSH's sshd and sudo");
        synchronized (SudoRules.class) {
            if (users == 0) {
                TestUser.ensureCreated();
                write();
            }
            users++;
        }
        return new SudoRules();
    }

    /** The drop-in's rules, as sudoers(5) reads them. */
    static String rules() {
        String user = OpenSshServer.USER;
        return String.join("\n",
                "# fanout-testkit: removed when its tests end",
                "Defaults:" + user + " timestamp_timeout=0, !lecture, passwd_tries=3",
                user + " ALL=(root) ALL",
                user + " ALL=(" + NO_PASSWORD_USER + ") NOPASSWD: ALL") + "\n";
    }

    private static Path file() {
        // sudo skips names holding a '.', so the file under test is invisible to it until renamed
        return DROP_IN_DIRECTORY.resolve("fanout-testkit-" + ProcessHandle.current().pid());
    }

    private static void write() throws IOException {
        Files.createDirectories(DROP_IN_DIRECTORY);
        Path draft = DROP_IN_DIRECTORY.resolve(".fanout-testkit-" + ProcessHandle.current().pid() + ".draft");
        Files.writeString(draft, rules());
        Files.setPosixFilePermissions(draft, PosixFilePermissions.fromString("r--r-----"));
        try {
            Commands.run(List.of(VISUDO.toString(), "-cf", draft.toString()), null, COMMAND_TIMEOUT);
            Files.move(draft, file(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(draft);
        }
    }

    /** Removes the rules once the last user of this JVM is done. */
    @Override
    public void close() {
        synchronized (SudoRules.class) {
            if (closed) {
                return;
            }
            closed = true;
            if (--users == 0) {
                try {
                    Files.deleteIfExists(file());
                } catch (IOException e) {
                    // sudo then still lets the throw-away user in; the next install replaces the file
                }
            }
        }
    }
}
