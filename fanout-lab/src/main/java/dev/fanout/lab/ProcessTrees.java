package dev.fanout.lab;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Ends a local process together with all its descendants: SIGTERM first, SIGKILL to whatever is still alive after a
 * grace period. Stateless and thread-safe.
 */
final class ProcessTrees {
    /** How long a process may take to exit after SIGTERM before it gets SIGKILL. */
    static final Duration GRACE = Duration.ofMillis(500);

    private ProcessTrees() {
    }

    /** Sends SIGTERM to the tree now and SIGKILL to its survivors after {@link #GRACE}, from a virtual thread. */
    static void terminate(ProcessHandle root) {
        List<ProcessHandle> tree = snapshot(List.of(root));
        tree.forEach(ProcessHandle::destroy);
        Thread.ofVirtual().name("lab-kill-" + root.pid()).start(() -> {
            try {
                Thread.sleep(GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill(tree);
        });
    }

    /** Sends SIGKILL at once to the processes that are still alive and to their live descendants. */
    static void kill(List<ProcessHandle> processes) {
        for (ProcessHandle process : snapshot(processes)) {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    /**
     * The processes of the trees under {@code roots}, each root before its descendants: a shell killed first reports
     * the signal in its exit status, rather than finishing normally when its children die. Taken before any signal,
     * the snapshot still reaches the children that the roots' deaths orphan.
     */
    private static List<ProcessHandle> snapshot(List<ProcessHandle> roots) {
        Set<ProcessHandle> tree = new LinkedHashSet<>();
        for (ProcessHandle root : roots) {
            tree.add(root);
            if (root.isAlive()) {
                root.descendants().forEach(tree::add);
            }
        }
        return new ArrayList<>(tree);
    }
}
