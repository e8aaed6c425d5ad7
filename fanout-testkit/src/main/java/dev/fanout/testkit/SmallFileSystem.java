package dev.fanout.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A small file system of its own (a tmpfs of a given size, mode 1777) mounted on a new empty directory, to fill up
 * in tests of full disks; {@link #close()} unmounts it and removes the directory. Needs root (tests are skipped
 * otherwise). Not thread-safe.
 */
public final class SmallFileSystem implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final Path mountPoint;

    private SmallFileSystem(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    /** Mounts a tmpfs of {@code kibibytes} KiB on the new directory {@code mountPoint} (its parent must exist). */
    public static SmallFileSystem mount(Path mountPoint, long kibibytes) throws IOException {
        Assumptions.assumeTrue(isRoot(), "needs root to mount a tmpfs");
        Files.createDirectory(mountPoint);
        try {
            Commands.run(List.of("mount", "-t", "tmpfs", "-o", "size=" + kibibytes + "k,mode=1777",
                    "fanout-test", mountPoint.toString()), null, TIMEOUT);
        } catch (IOException e) {
            Files.delete(mountPoint);
            throw e;
        }
        return new SmallFileSystem(mountPoint);
    }

    public Path path() {
        return mountPoint;
    }

    @Override
    public void close() throws IOException {
        Commands.run(List.of("umount", mountPoint.toString()), null, TIMEOUT);
        Files.delete(mountPoint);
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }
}
