package dev.fanout.ssh;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

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
        return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
    }

    /**
     * {@code error} in words for a one-line message, never with a Java class name: the usual network failures as a
     * person says them ({@code connection reset by the server}, {@code network unreachable}), else its message cut
     * at its first line break with any {@code java.x.SomeException: } prefix left out, else its class's name as
     * words ({@code ClosedChannelException} as {@code closed channel}).
     */
    static String oneLine(Throwable error) {
        String message = error.getMessage();
        String text = message == null ? "" : withoutClassNames(firstLine(message));
        String lower = text.toLowerCase(Locale.ROOT);
        if (lower.contains("connection reset")) {
            return "connection reset by the server";
        }
        if (lower.contains("broken pipe")) {
            return "connection closed by the server";
        }
        if (lower.contains("network is unreachable") || lower.contains("network unreachable")) {
            return "network unreachable";
        }
        if (lower.contains("no route to host")) {
            return "no route to host";
        }
        if (lower.contains("connection refused")) {
            return "connection refused";
        }
        if (!text.isBlank()) {
            return text;
        }
        return switch (error) {
            case java.nio.channels.ClosedChannelException e -> "connection closed";
            case java.io.EOFException e -> "connection closed by the server";
            case java.nio.channels.InterruptedByTimeoutException e -> "timed out";
            case java.net.SocketTimeoutException e -> "timed out";
            case java.nio.channels.UnresolvedAddressException e -> "address not resolved";
            default -> error.getCause() != null && error.getCause() != error ? oneLine(error.getCause())
                    : words(error.getClass().getSimpleName());
        };
    }

    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return (end < 0 ? message : message.substring(0, end)).strip();
    }

    /** {@code text} without the {@code java.net.SocketException: } a wrapping exception copied into it. */
    private static String withoutClassNames(String text) {
        return text.replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*|\\b)", "")
                .replaceAll("\\b\\w*(?:Exception|Error):\\s*", "").strip();
    }

    /** {@code IllegalStateException} as {@code illegal state}; {@code Exception} and {@code Error} dropped. */
    private static String words(String className) {
        String name = className.replaceAll("(Exception|Error)$", "");
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT).strip();
        return spaced.isEmpty() ? "unexpected failure"
                : spaced.contains(" ") ? spaced : "unexpected " + spaced + " failure";
    }
}
