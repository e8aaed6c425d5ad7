package dev.fanout.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * Reads one output stream of a remote command to its end and hands it on as pieces of whole lines. Memory is
 * bounded by the read buffer (4 KiB, growing to 64 KiB while reads fill it) plus the longest line, itself capped at
 * {@code maxLine}: a longer line is handed on in pieces. The output of a terminal (a command started with a
 * pseudo-terminal) has its line ends {@code \r\n} turned into {@code \n}, so it arrives as any other output: the
 * terminal's line discipline writes every {@code \n} as {@code \r\n}. Not thread-safe: one pump per stream, run on its own thread.
 */
final class OutputPump implements Runnable {
    static final int READ_SIZE = 64 * 1024;
    /**
     * The first read's buffer: most commands write little or nothing, and thousands of hosts in flight each hold two
     * pumps, so the buffer grows to {@link #READ_SIZE} only when reads fill it.
     */
    static final int FIRST_READ_SIZE = 4 * 1024;
    static final int DEFAULT_MAX_LINE = 16 * 1024 * 1024;

    private final InputStream in;
    private final OutputLines.StdStream stream;
    private final Consumer<OutputLines> sink;
    private final int maxLine;
    private final boolean terminal;
    private byte[] pending = new byte[0];
    private int pendingLength;

    OutputPump(InputStream in, OutputLines.StdStream stream, Consumer<OutputLines> sink, int maxLine) {
        this(in, stream, sink, maxLine, false);
    }

    /** A pump that, when {@code terminal}, turns the {@code \r} (one or more) before each {@code \n} into nothing. */
    OutputPump(InputStream in, OutputLines.StdStream stream, Consumer<OutputLines> sink, int maxLine,
               boolean terminal) {
        this.in = in;
        this.stream = stream;
        this.sink = sink;
        this.maxLine = maxLine;
        this.terminal = terminal;
    }

    @Override
    public void run() {
        byte[] buffer = new byte[FIRST_READ_SIZE];
        try {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                accept(buffer, n);
                if (n == buffer.length && buffer.length < READ_SIZE) {
                    buffer = new byte[Math.min(READ_SIZE, 4 * buffer.length)];
                }
            }
        } catch (IOException e) {
            // the stream was closed under us (the command was killed or the connection broke): keep what we have
        } finally {
            if (pendingLength > 0) {
                sink.accept(new OutputLines(stream, Arrays.copyOf(pending, pendingLength), false));
                pendingLength = 0;
            }
        }
    }

    private void accept(byte[] buffer, int n) {
        int lastNewline = -1;
        for (int i = n - 1; i >= 0; i--) {
            if (buffer[i] == '\n') {
                lastNewline = i;
                break;
            }
        }
        if (lastNewline < 0) {
            append(buffer, 0, n);
            if (pendingLength >= maxLine) {
                sink.accept(new OutputLines(stream, Arrays.copyOf(pending, pendingLength), false));
                pendingLength = 0;
            }
            return;
        }
        byte[] lines = new byte[pendingLength + lastNewline + 1];
        System.arraycopy(pending, 0, lines, 0, pendingLength);
        System.arraycopy(buffer, 0, lines, pendingLength, lastNewline + 1);
        pendingLength = 0;
        sink.accept(new OutputLines(stream, terminal ? withoutCarriageReturns(lines) : lines, true));
        append(buffer, lastNewline + 1, n - lastNewline - 1);
    }

    /**
     * {@code lines} (whole lines, the last ending in {@code \n}) without the carriage returns right before each
     * {@code \n}. A {@code \r} elsewhere (a progress bar redrawing its line) stays.
     */
    static byte[] withoutCarriageReturns(byte[] lines) {
        byte[] result = new byte[lines.length];
        int out = 0;
        int returns = 0;
        for (byte b : lines) {
            if (b == '\r') {
                returns++;
                continue;
            }
            if (b != '\n') {
                for (; returns > 0; returns--) {
                    result[out++] = '\r';
                }
            }
            returns = 0;
            result[out++] = b;
        }
        for (; returns > 0; returns--) {
            result[out++] = '\r';
        }
        return out == lines.length ? lines : Arrays.copyOf(result, out);
    }

    private void append(byte[] buffer, int offset, int length) {
        if (length == 0) {
            return;
        }
        if (pendingLength + length > pending.length) {
            pending = Arrays.copyOf(pending, Math.max(pendingLength + length, Math.min(2 * pending.length + 256,
                    Math.max(maxLine, pendingLength + length))));
        }
        System.arraycopy(buffer, offset, pending, pendingLength, length);
        pendingLength += length;
    }
}
