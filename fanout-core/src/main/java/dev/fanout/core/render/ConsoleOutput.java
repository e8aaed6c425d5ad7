package dev.fanout.core.render;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one place that writes to the user's stdout and stderr during a run. A write is a block of whole lines; one
 * lock serializes the writes, so lines never mix, and a slow reader pushes back on the writers. When stderr is a
 * terminal it can also hold a status line at the bottom: erased before every other write and drawn again after,
 * so it never corrupts an output line. A closed pipe stops the writing quietly, as for any Unix filter.
 * Thread-safe.
 */
public final class ConsoleOutput {
    private static final byte[] ERASE = "\r\u001b[K".getBytes(StandardCharsets.US_ASCII);

    private final OutputStream out;
    private final OutputStream err;
    private final boolean statusAllowed;
    private final ReentrantLock lock = new ReentrantLock();
    private byte[] status = new byte[0];
    private volatile boolean broken;

    /**
     * @param statusAllowed whether stderr is a terminal, where a status line may be drawn
     */
    public ConsoleOutput(OutputStream out, OutputStream err, boolean statusAllowed) {
        this.out = out;
        this.err = err;
        this.statusAllowed = statusAllowed;
    }

    public void stdout(byte[] lines) {
        write(out, lines, lines.length);
    }

    public void stderr(byte[] lines) {
        write(err, lines, lines.length);
    }

    /** Writes the first {@code length} bytes of {@code lines}, read before this returns. */
    public void stdout(byte[] lines, int length) {
        write(out, lines, length);
    }

    /** Writes the first {@code length} bytes of {@code lines}, read before this returns. */
    public void stderr(byte[] lines, int length) {
        write(err, lines, length);
    }

    /** Shows {@code text} (one line, no newline) as the status line; an empty text removes it. */
    public void status(String text) {
        if (!statusAllowed || broken) {
            return;
        }
        lock.lock();
        try {
            boolean wasShown = status.length > 0;
            status = text.getBytes(StandardCharsets.UTF_8);
            if (wasShown) {
                err.write(ERASE);
            }
            err.write(status);
            err.flush();
        } catch (IOException e) {
            broken = true;
        } finally {
            lock.unlock();
        }
    }

    private void write(OutputStream target, byte[] bytes, int length) {
        if (broken) {
            return;
        }
        lock.lock();
        try {
            boolean shown = status.length > 0;
            if (shown) {
                err.write(ERASE);
                err.flush();
            }
            target.write(bytes, 0, length);
            target.flush();
            if (shown) {
                err.write(status);
                err.flush();
            }
        } catch (IOException e) {
            broken = true;
        } finally {
            lock.unlock();
        }
    }
}
