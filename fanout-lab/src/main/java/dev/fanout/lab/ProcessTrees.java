package dev.fanout.lab;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        terminate(List.of(root));
    }

    /** Sends SIGTERM to the trees now and SIGKILL to their survivors after {@link #GRACE}, from a virtual thread. */
    static void terminate(List<ProcessHandle> roots) {
        if (roots.isEmpty()) {
            return;
        }
        List<ProcessHandle> tree = snapshot(roots);
        tree.forEach(ProcessHandle::destroy);
        Thread.ofVirtual().name("lab-kill-" + roots.getFirst().pid()).start(() -> {
            try {
                Thread.sleep(GRACE);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            kill(tree);
        });
    }

    /**
     * The live processes whose environment holds {@code name=value}, or {@code name=value...} if {@code prefix}: those
     * of a command that outlived their parent, which {@link ProcessHandle#descendants()} no longer reaches. Reads
     * {@code /proc/<pid>/environ}, so finds nothing where there is no {@code /proc}; skips other users' processes,
     * which it cannot read.
     */
    static List<ProcessHandle> tagged(String name, String value, boolean prefix) {
        byte[] tag = ("\0" + name + "=" + value + (prefix ? "" : "\0")).getBytes(StandardCharsets.UTF_8);
        List<ProcessHandle> tagged = new ArrayList<>();
        long self = ProcessHandle.current().pid();
        ProcessHandle.allProcesses().filter(p -> p.pid() != self).forEach(process -> {
            try {
                byte[] environ = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
                if (contains(environ, tag)) {
                    tagged.add(process);
                }
            } catch (IOException | SecurityException e) {
                // Gone meanwhile, or not ours to read.
            }
        });
        return tagged;
    }

    /** Whether {@code environ} (NUL-separated) holds {@code tag}, which starts with a NUL. */
    private static boolean contains(byte[] environ, byte[] tag) {
        byte[] padded = new byte[environ.length + 1];
        System.arraycopy(environ, 0, padded, 1, environ.length);
        outer:
        for (int i = 0; i + tag.length <= padded.length; i++) {
            for (int j = 0; j < tag.length; j++) {
                if (padded[i + j] != tag[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
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
