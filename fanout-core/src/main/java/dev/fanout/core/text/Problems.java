package dev.fanout.core.text;

/** Describes a local failure (a file that cannot be read, ...) in words for a one-line message. Stateless. */
public final class Problems {

    private Problems() {
    }

    /**
     * {@code error} in words, never with a Java class name: its message's first line with any
     * {@code java.x.SomeException: } prefix left out, else what {@link #describe} says of it.
     */
    public static String of(Throwable error) {
        String message = error.getMessage();
        if (message != null) {
            int end = message.indexOf('\n');
            String text = (end < 0 ? message : message.substring(0, end))
                    .replaceAll("\\b(?:[a-z][a-z0-9_]*\\.)+[A-Z]\\w*(?:Exception|Error)(?::\\s*|\\b)", "")
                    .replaceAll("\\b\\w*(?:Exception|Error):\\s*", "").strip();
            if (!text.isEmpty()) {
                return text;
            }
        }
        return describe(error.getCause() != null ? error.getCause() : error);
    }

    /**
     * {@code error} in a few words for a person, without a Java class name: {@code stack overflow},
     * {@code out of memory (Java heap space)}, {@code a missing value}, else the class's name as words and the
     * first line of its message ({@code illegal state: the run failed}).
     */
    public static String describe(Throwable error) {
        String words = switch (error) {
            case StackOverflowError e -> "stack overflow";
            case OutOfMemoryError e -> "out of memory";
            case NullPointerException e -> "a missing value";
            case ClassCastException e -> "a value of the wrong type";
            case IndexOutOfBoundsException e -> "an index out of range";
            default -> words(error.getClass().getSimpleName());
        };
        String message = error.getMessage();
        if (message == null || message.isBlank() || error instanceof NullPointerException
                || error instanceof ClassCastException) {
            return words;
        }
        int end = message.indexOf('\n');
        return words + (error instanceof OutOfMemoryError ? " (" + message.strip() + ")"
                : ": " + (end < 0 ? message : message.substring(0, end)).strip());
    }

    /** {@code IllegalStateException} as {@code illegal state}; {@code Error} and {@code Exception} dropped. */
    private static String words(String className) {
        String name = className.replaceAll("(Exception|Error)$", "");
        String spaced = name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(java.util.Locale.ROOT).strip();
        return spaced.isEmpty() ? "unexpected error" : spaced;
    }
}
