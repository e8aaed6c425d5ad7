package dev.fanout.core.result;

/** Describes a local failure (a file that cannot be read, ...) in words for a one-line message. Stateless. */
public final class Problems {

    private Problems() {
    }

    /**
     * {@code error} in words, never with a Java class name: its message's first line with any
     * {@code java.x.SomeException: } prefix left out, else what {@link Outcome.InternalFailure#describe} says of it.
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
        return Outcome.InternalFailure.describe(error.getCause() != null ? error.getCause() : error);
    }
}
