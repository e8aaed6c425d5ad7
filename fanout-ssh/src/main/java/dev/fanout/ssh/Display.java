package dev.fanout.ssh;

import java.nio.file.Path;
import java.time.Duration;

/** Formats values for one-line messages. Stateless and thread-safe. */
final class Display {

    private Display() {
    }

    /** {@code file}, written with {@code ~} when it lies under {@code home}, as OpenSSH's messages do. */
    static String path(Path file, Path home) {
        Path absolute = file.toAbsolutePath().normalize();
        Path base = home.toAbsolutePath().normalize();
        if (absolute.startsWith(base) && !absolute.equals(base)) {
            return "~/" + base.relativize(absolute);
        }
        return absolute.toString();
    }

    /** A duration as a person writes it: {@code 500 ms}, {@code 5 s}, {@code 1.5 s}. */
    static String duration(Duration duration) {
        long millis = duration.toMillis();
        if (millis < 1000) {
            return millis + " ms";
        }
        if (millis % 1000 == 0) {
            return millis / 1000 + " s";
        }
        return String.format(java.util.Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /** The message of {@code error} (or its class name when it has none), cut at its first line break. */
    static String oneLine(Throwable error) {
        String message = error.getMessage();
        if (message == null || message.isBlank()) {
            return error.getClass().getSimpleName();
        }
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }
}
