package dev.fanout.core.exec;

import java.util.Objects;

/**
 * A piece of one host's output made of whole lines: every line in {@link #bytes()} ends with {@code '\n'}, except
 * the last one when {@link #endsWithNewline()} is false (the output ended without a final newline, or a single
 * line outgrew the line limit). Bytes are raw, as the host sent them. Immutable by convention: receivers must
 * not change the array.
 *
 * @param stream which output stream of the host it came from
 * @param bytes  the raw bytes, never empty
 */
public record OutputLines(StdStream stream, byte[] bytes, boolean endsWithNewline) {

    /** Which of a remote command's two output streams. */
    public enum StdStream { STDOUT, STDERR }

    public OutputLines {
        Objects.requireNonNull(stream, "stream");
        if (bytes.length == 0) {
            throw new IllegalArgumentException("empty output");
        }
    }

    /** Calls {@code visitor} with the bounds of each line, terminator excluded. */
    public void forEachLine(LineVisitor visitor) {
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == '\n') {
                visitor.line(bytes, start, i - start);
                start = i + 1;
            }
        }
        if (start < bytes.length) {
            visitor.line(bytes, start, bytes.length - start);
        }
    }

    /** Receives one line of an {@link OutputLines}, as a slice of its array. */
    @FunctionalInterface
    public interface LineVisitor {
        void line(byte[] bytes, int offset, int length);
    }
}
