package dev.fanout.core.inventory;

/**
 * A mistake in an inventory file, or a file that cannot be read. Immutable. The message is one line,
 * {@code FILE:LINE: what is wrong} (or {@code FILE: what is wrong} when no single line is to blame), and never holds a
 * password.
 */
public final class InventoryException extends Exception {
    private final String source;
    private final int line;

    /**
     * An error in {@code source} at {@code line}.
     *
     * @param source the file name as the user gave it
     * @param line   the 1-based line number, or 0 when the error is about the whole file
     * @param what   what is wrong, one line
     */
    public InventoryException(String source, int line, String what) {
        this(source, line, what, null);
    }

    /** An error in {@code source} at {@code line} caused by {@code cause} (an I/O error, say). */
    public InventoryException(String source, int line, String what, Throwable cause) {
        super(oneLine(line > 0 ? source + ":" + line + ": " + what : source + ": " + what), cause);
        if (line < 0) {
            throw new IllegalArgumentException("line < 0: " + line);
        }
        this.source = source;
        this.line = line;
    }

    /** An error found in another file the inventory relies on (the user's ssh_config): {@code message} names it. */
    public InventoryException(String message, Throwable cause) {
        super(oneLine(message), cause);
        this.source = null;
        this.line = 0;
    }

    /** The file name as the user gave it; null when the error is in another file that the message names. */
    public String source() {
        return source;
    }

    /** The 1-based line the error is about, or 0 when it is about the whole file. */
    public int line() {
        return line;
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
