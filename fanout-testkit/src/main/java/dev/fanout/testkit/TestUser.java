package dev.fanout.testkit;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.List;

/**
 * The throw-away system user {@value #NAME} that the OpenSSH fixtures log in as: created once per machine with
 * {@code useradd -m} and a random password set with {@code chpasswd}; the password is kept in a root-only file so
 * that every JVM on the machine (the test runs of several modules) uses the same one. Thread-safe; needs root.
 */
final class TestUser {

    static final String NAME = "fanouttest";

    private static final Path STATE = Path.of("/var/lib/fanout-testkit");
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);

    private static String password;

    private TestUser() {
    }

    /** Creates the user if needed and returns its password. */
    static synchronized String ensureCreated() throws IOException {
        if (password == null) {
            password = createOrReuse();
        }
        return password;
    }

    private static String createOrReuse() throws IOException {
        Files.createDirectories(STATE);
        Files.setPosixFilePermissions(STATE, PosixFilePermissions.fromString("rwx------"));
        // Another JVM (another module's tests) may be doing the same right now: take a machine-wide lock.
        try (FileChannel lockFile = FileChannel.open(STATE.resolve("lock"), StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
             var ignored = lockFile.lock()) {
            Path passwordFile = STATE.resolve(NAME + ".password");
            boolean existed = exists();
            if (!existed) {
                Commands.run(List.of("useradd", "-m", "-s", "/bin/sh", NAME), null, COMMAND_TIMEOUT);
            }
            if (existed && Files.isRegularFile(passwordFile)) {
                return Files.readString(passwordFile).strip();
            }
            String fresh = randomPassword();
            Commands.run(List.of("chpasswd"), NAME + ":" + fresh + "\n", COMMAND_TIMEOUT);
            Files.writeString(passwordFile, fresh);
            Files.setPosixFilePermissions(passwordFile, PosixFilePermissions.fromString("rw-------"));
            return fresh;
        }
    }

    private static boolean exists() throws IOException {
        return Files.readAllLines(Path.of("/etc/passwd")).stream().anyMatch(line -> line.startsWith(NAME + ":"));
    }

    private static String randomPassword() {
        String alphabet = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";
        var random = new SecureRandom();
        var text = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            text.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return text.toString();
    }
}
