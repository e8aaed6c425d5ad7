package dev.fanout.core.select;

/**
 * A host pattern that cannot be parsed or a selection that names unknown hosts or groups, or selects nothing.
 * Immutable. The message is one line that names the offending value: a line break or other control character in a
 * quoted value is shown escaped ({@code \n}, {@code \u0007}).
 */
public final class SelectionException extends Exception {
    public SelectionException(String message) {
        super(oneLine(message));
    }

    /** {@code text} with its control characters written as Java escapes, so that it stays on one line. */
    private static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}
