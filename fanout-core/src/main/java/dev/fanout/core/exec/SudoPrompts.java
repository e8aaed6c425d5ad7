package dev.fanout.core.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The standard error of a command started through sudo, as the user sees it: until sudo lets the command start,
 * sudo's prompts (fanout's own marker, given with {@code -p}) and the line that says the command started are taken
 * out and reported to a {@link Listener}; after that line the stream passes through untouched. Markers split across
 * reads are found: bytes that may begin a marker are held back until the next read decides. Not thread-safe: read
 * by one thread, which also runs the listener.
 */
final class SudoPrompts extends InputStream {

    /** What the stream saw of sudo; called on the reading thread, before the read returns. */
    interface Listener {
        /** Sudo asked for the password, for the {@code count}-th time (1 first). */
        void prompted(int count) throws IOException;

        /** Sudo let the command start: everything after is the command's own output. */
        void started() throws IOException;
    }

    private final InputStream in;
    private final byte[] prompt;
    private final byte[] startedLine;
    private final Listener listener;
    private final byte[] buffer = new byte[4096];
    /** Bytes read while sudo runs that may still be (the start of) a marker. */
    private byte[] held = new byte[0];
    /** Bytes released to the reader, from {@code readyStart}. */
    private byte[] ready = new byte[0];
    private int readyStart;
    private boolean started;
    private boolean ended;
    private int prompts;

    SudoPrompts(InputStream in, String prompt, String startedLine, Listener listener) {
        this.in = in;
        this.prompt = prompt.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.startedLine = (startedLine + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (readyStart < ready.length) {
                int n = Math.min(len, ready.length - readyStart);
                System.arraycopy(ready, readyStart, b, off, n);
                readyStart += n;
                return n;
            }
            if (started) {
                return in.read(b, off, len);
            }
            if (ended) {
                return -1;
            }
            int n = in.read(buffer);
            if (n < 0) {
                ended = true;
                release(held, 0, held.length);
                held = new byte[0];
                continue;
            }
            held = Arrays.copyOf(held, held.length + n);
            System.arraycopy(buffer, 0, held, held.length - n, n);
            scan();
        }
    }

    /** Takes the markers out of {@link #held}, telling the listener, and releases what cannot be a marker. */
    private void scan() throws IOException {
        while (true) {
            int p = indexOf(held, prompt);
            int s = indexOf(held, startedLine);
            if (p >= 0 && (s < 0 || p < s)) {
                release(held, 0, p);
                held = Arrays.copyOfRange(held, p + prompt.length, held.length);
                listener.prompted(++prompts);
                continue;
            }
            if (s >= 0) {
                release(held, 0, s);
                release(held, s + startedLine.length, held.length - s - startedLine.length);
                held = new byte[0];
                started = true;
                listener.started();
                return;
            }
            int keep = Math.max(prefixAtEnd(held, prompt), prefixAtEnd(held, startedLine));
            release(held, 0, held.length - keep);
            held = Arrays.copyOfRange(held, held.length - keep, held.length);
            return;
        }
    }

    private void release(byte[] bytes, int offset, int length) {
        if (length == 0) {
            return;
        }
        byte[] next = new byte[ready.length - readyStart + length];
        System.arraycopy(ready, readyStart, next, 0, ready.length - readyStart);
        System.arraycopy(bytes, offset, next, ready.length - readyStart, length);
        ready = next;
        readyStart = 0;
    }

    private static int indexOf(byte[] haystack, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= haystack.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /** The length of the longest end of {@code bytes} that is a proper beginning of {@code marker}. */
    private static int prefixAtEnd(byte[] bytes, byte[] marker) {
        for (int k = Math.min(bytes.length, marker.length - 1); k > 0; k--) {
            if (Arrays.equals(bytes, bytes.length - k, bytes.length, marker, 0, k)) {
                return k;
            }
        }
        return 0;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
