package dev.fanout.core.render;

/**
 * How text is decorated for its destination: ANSI colours or not, and whether remote bytes are made safe for a
 * terminal (invalid UTF-8 replaced, control characters shown as {@code ^X} so a host cannot drive the terminal).
 * Immutable.
 *
 * @param color    use ANSI colours
 * @param terminal the destination is a terminal: sanitize remote text
 */
public record TextStyle(boolean color, boolean terminal) {
    public static final TextStyle PLAIN = new TextStyle(false, false);

    public static final String RESET = "\u001b[0m";
    public static final String BOLD = "\u001b[1m";
    public static final String RED = "\u001b[31m";
    public static final String GREEN = "\u001b[32m";
    public static final String YELLOW = "\u001b[33m";
    public static final String MAGENTA = "\u001b[35m";
    public static final String CYAN = "\u001b[36m";

    /**
     * {@code text} wrapped in {@code code} when colours are on; text of several lines has each line wrapped, so that
     * the colour is reset before every line end and a line cut off, or followed by another program's, is not tinted.
     */
    public String paint(String code, String text) {
        if (!color) {
            return text;
        }
        if (text.indexOf('\n') < 0) {
            return code + text + RESET;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        int start = 0;
        for (int end; (end = text.indexOf('\n', start)) >= 0; start = end + 1) {
            if (end > start) {
                sb.append(code).append(text, start, end).append(RESET);
            }
            sb.append('\n');
        }
        if (start < text.length()) {
            sb.append(code).append(text, start, text.length()).append(RESET);
        }
        return sb.toString();
    }
}
