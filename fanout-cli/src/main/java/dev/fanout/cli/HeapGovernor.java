package dev.fanout.cli;

import com.sun.management.GarbageCollectionNotificationInfo;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryUsage;

/**
 * Collects the old generation of the serial collector (the launcher's choice) before it fills with garbage. While
 * output streams in faster than stdout drains, every host's channel window and output buffers are alive at each young
 * collection; they overflow the small survivor spaces, are promoted, and die soon after. The serial collector grows
 * the old generation rather than collect it, up to the heap cap: 100 hosts printing 1.3 MB each into a pipe reached
 * 260 MB resident while only 60-70 MB was live (a full collection of that took 27 ms). So after a young collection
 * that leaves the old generation half as large again as what the last full collection kept (and above a floor), this
 * asks for a full one. Live data that really grows raises the threshold by half each time, so a large fan-out does not
 * thrash.
 * Without the serial collector (another one chosen in FANOUT_JAVA_OPTS) it does nothing.
 */
final class HeapGovernor {
    /** Below this much old generation in use, garbage is not worth a full collection. */
    static final long FLOOR = 64L * 1024 * 1024;

    private static final String YOUNG = "Copy";
    private static final String OLD_POOL = "Tenured Gen";

    /** Bytes the last full collection left in the old generation; written by the JMX notification thread only. */
    private long liveAfterFull;

    private HeapGovernor() {
    }

    /** Starts watching in the background, so that loading the management classes never delays a run. */
    static void installInBackground() {
        Thread.ofPlatform().daemon().name("fanout-heap-governor").start(HeapGovernor::install);
    }

    /** Starts watching now (the tests' way in). */
    static void install() {
        var governor = new HeapGovernor();
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (collector instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((notification, handback) -> governor.collected(notification),
                        n -> GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType()),
                        null);
            }
        }
    }

    private void collected(Notification notification) {
        var info = GarbageCollectionNotificationInfo.from((CompositeData) notification.getUserData());
        MemoryUsage old = info.getGcInfo().getMemoryUsageAfterGc().get(OLD_POOL);
        if (old == null) {
            return;
        }
        if (!YOUNG.equals(info.getGcName())) {
            liveAfterFull = old.getUsed();
        } else if (shouldCollect(old.getUsed(), liveAfterFull)) {
            System.gc();
        }
    }

    /** Whether {@code oldUsed} bytes in the old generation after a young collection call for a full one. */
    static boolean shouldCollect(long oldUsed, long liveAfterFull) {
        return oldUsed > Math.max(FLOOR, liveAfterFull + liveAfterFull / 2);
    }
}
