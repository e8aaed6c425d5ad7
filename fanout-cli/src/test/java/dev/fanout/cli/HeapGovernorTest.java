package dev.fanout.cli;

import org.junit.jupiter.api.Test;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The governor in a JVM of its own with the launcher's collector: output-like buffers that live across a few young
 * collections are promoted and die; without the governor the old generation keeps them all, with it a full
 * collection clears them.
 */
class HeapGovernorTest {
    private static final long MIB = 1024 * 1024;

    @Test
    void theThresholdIsAFloorOrHalfAgainTheLiveData() {
        assertThat(HeapGovernor.shouldCollect(HeapGovernor.FLOOR, 0)).isFalse();
        assertThat(HeapGovernor.shouldCollect(HeapGovernor.FLOOR + 1, 0)).isTrue();
        assertThat(HeapGovernor.shouldCollect(150 * MIB, 100 * MIB)).isFalse();
        assertThat(HeapGovernor.shouldCollect(151 * MIB, 100 * MIB)).isTrue();
    }

    @Test
    void promotedGarbageIsCollectedOnlyWithTheGovernor() throws Exception {
        String[] governed = probe(true).split(" ");
        String[] ungoverned = probe(false).split(" ");

        assertThat(Long.parseLong(ungoverned[0])).as("full collections without the governor").isZero();
        assertThat(Long.parseLong(ungoverned[1])).as("old generation peak MiB without").isGreaterThan(150);
        assertThat(Long.parseLong(governed[0])).as("full collections with the governor").isPositive();
        assertThat(Long.parseLong(governed[1])).as("old generation peak MiB with").isLessThan(120);
    }

    /** Runs {@link Probe} in a new JVM and returns its line: full collections, then the old generation's peak. */
    private static String probe(boolean governed) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process process = new ProcessBuilder(List.of(java.toString(), "-XX:+UseSerialGC", "-Xms300m", "-Xmx300m",
                "-XX:MaxNewSize=8m", "-cp", System.getProperty("java.class.path"), Probe.class.getName(),
                Boolean.toString(governed)))
                .redirectErrorStream(true).start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    /** Keeps a window of 12 MiB of 64 KiB buffers alive while allocating 240 MiB of them, as output streaming in would. */
    static final class Probe {
        public static void main(String[] args) throws Exception {
            if (Boolean.parseBoolean(args[0])) {
                HeapGovernor.install();
            }
            var window = new ArrayDeque<byte[]>();
            for (int i = 0; i < 3840; i++) {
                window.add(new byte[64 * 1024]);
                if (window.size() > 192) {
                    window.poll();
                }
                if (i % 16 == 0) {
                    Thread.sleep(1); // at about 1 GB/s rather than flat out: the governor acts between collections
                }
            }
            Thread.sleep(500); // notifications are delivered, and the governor acts, on another thread
            long full = ManagementFactory.getGarbageCollectorMXBeans().stream()
                    .filter(gc -> gc.getName().equals("MarkSweepCompact"))
                    .mapToLong(GarbageCollectorMXBean::getCollectionCount).sum();
            long peak = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getName().equals("Tenured Gen"))
                    .mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            System.out.println(full + " " + peak / MIB + " " + window.size());
        }
    }
}
