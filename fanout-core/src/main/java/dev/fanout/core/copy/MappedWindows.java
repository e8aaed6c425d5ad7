package dev.fanout.core.copy;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The local files of a put, mapped into memory in windows of at most {@code windowSize} bytes that every host
 * shares, with at most {@code budget} bytes mapped at once: a window stays mapped while a host reads it and, after
 * that, until the budget needs its room (least recently used first), so hosts that move through a file together
 * read it from disk once, and resident memory stays bounded however large the files are. A host that needs a new
 * window while the budget is taken by windows other hosts are reading waits for one of them to finish it. Each host
 * holds at most one window at a time, so the waits always end. Thread-safe.
 */
final class MappedWindows implements AutoCloseable {

    private final long windowSize;
    private final long budget;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition released = lock.newCondition();
    private final LinkedHashMap<Key, Window> mapped = new LinkedHashMap<>(16, 0.75f, true);
    private long mappedBytes;
    private long peakBytes;
    private long mappings;
    private boolean closed;

    MappedWindows(long windowSize, long budget) {
        if (windowSize <= 0 || budget < windowSize) {
            throw new IllegalArgumentException("window " + windowSize + " and budget " + budget
                    + ": the budget must hold at least one window");
        }
        this.windowSize = windowSize;
        this.budget = budget;
    }

    long windowSize() {
        return windowSize;
    }

    /** The most bytes that were mapped at once. */
    long peakBytes() {
        lock.lock();
        try {
            return peakBytes;
        } finally {
            lock.unlock();
        }
    }

    /** How many times a window was mapped: a window read by several hosts while mapped counts once. */
    long mappings() {
        lock.lock();
        try {
            return mappings;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The window {@code index} of {@code file} (of {@code size} bytes as scanned), mapped; give it back with
     * {@link #release}.
     *
     * @throws InterruptedIOException when interrupted while waiting for room
     * @throws IOException            when the file cannot be mapped or has shrunk since it was scanned
     */
    Window acquire(Path file, long size, long index) throws IOException {
        Key key = new Key(file, index);
        long offset = index * windowSize;
        long length = Math.min(windowSize, size - offset);
        try {
            lock.lockInterruptibly();
        } catch (InterruptedException e) {
            throw interrupted();
        }
        try {
            while (true) {
                if (closed) {
                    throw new IOException(file + ": the run's local files are closed");
                }
                Window window = mapped.get(key);
                if (window != null) {
                    window.users++;
                    return window;
                }
                evictIdleUntil(budget - length);
                if (mappedBytes + length <= budget) {
                    window = map(file, size, offset, length);
                    window.users++;
                    mapped.put(key, window);
                    mappedBytes += length;
                    mappings++;
                    peakBytes = Math.max(peakBytes, mappedBytes);
                    return window;
                }
                try {
                    released.await();
                } catch (InterruptedException e) {
                    throw interrupted();
                }
            }
        } finally {
            lock.unlock();
        }
    }

    /** Gives back a window from {@link #acquire}; it stays mapped for other hosts until its room is needed. */
    void release(Window window) {
        lock.lock();
        try {
            window.users--;
            if (window.users == 0) {
                if (closed) {
                    window.arena.close();
                }
                released.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Unmaps every window no host is reading; windows still being read are unmapped as they are released. */
    @Override
    public void close() {
        lock.lock();
        try {
            closed = true;
            evictIdleUntil(0);
            released.signalAll();
        } finally {
            lock.unlock();
        }
    }

    private void evictIdleUntil(long limit) {
        Iterator<Map.Entry<Key, Window>> oldestFirst = mapped.entrySet().iterator();
        while (mappedBytes > limit && oldestFirst.hasNext()) {
            Window window = oldestFirst.next().getValue();
            if (window.users == 0) {
                oldestFirst.remove();
                mappedBytes -= window.segment.byteSize();
                window.arena.close();
            }
        }
    }

    private static Window map(Path file, long size, long offset, long length) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            if (channel.size() < size) {
                throw new IOException(file + ": shrank from " + size + " to " + channel.size()
                        + " bytes during the run");
            }
            Arena arena = Arena.ofShared();
            try {
                return new Window(arena, channel.map(FileChannel.MapMode.READ_ONLY, offset, length, arena));
            } catch (IOException | RuntimeException e) {
                arena.close();
                throw e;
            }
        }
    }

    private static InterruptedIOException interrupted() {
        Thread.currentThread().interrupt();
        return new InterruptedIOException("interrupted while waiting for a window of the local file");
    }

    private record Key(Path file, long index) {
    }

    /** One mapped window of a file; read it only between {@link #acquire} and {@link #release}. */
    static final class Window {
        private final Arena arena;
        private final MemorySegment segment;
        private int users;

        private Window(Arena arena, MemorySegment segment) {
            this.arena = arena;
            this.segment = segment;
        }

        MemorySegment segment() {
            return segment;
        }
    }
}
