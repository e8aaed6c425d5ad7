package dev.fanout.core.text;

/**
 * Keeps an error message on one line: control characters (and the Unicode line and paragraph separators) are written
 * as Java escapes ({@code \n}, {@code \t}, or a backslash, u and four hex digits), so that a value quoted from a
 * file or a command line cannot break or drive the line it is shown on. Stateless.
 */
public final class OneLine {
    private OneLine() {
    }

    /** {@code text} with its control characters written as Java escapes; {@code text} itself when it has none. */
    public static String of(String text) {
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
