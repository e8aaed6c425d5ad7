package dev.fanout.core.inventory;

import dev.fanout.core.text.OneLine;

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
        super(OneLine.of(line > 0 ? source + ":" + line + ": " + what : source + ": " + what), cause);
        if (line < 0) {
            throw new IllegalArgumentException("line < 0: " + line);
        }
        this.source = source;
        this.line = line;
    }

    /** An error found in another file the inventory relies on (the user's ssh_config): {@code message} names it. */
    public InventoryException(String message, Throwable cause) {
        super(OneLine.of(message), cause);
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
}
