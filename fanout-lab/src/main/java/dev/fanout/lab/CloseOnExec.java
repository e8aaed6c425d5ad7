package dev.fanout.lab;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks every open file descriptor of this process above standard error close-on-exec, in one
 * {@code close_range(2)} call (Linux 5.11 and later, through the C library, glibc 2.34 and later); elsewhere, or when
 * native access is denied, it does nothing. Stateless and thread-safe.
 *
 * <p>The JDK opens sockets and files without {@code FD_CLOEXEC}, and its process launcher ({@code jspawnhelper}) lists
 * {@code /proc/self/fd} and closes every inherited descriptor one system call at a time before it runs the command. A
 * lab of 10,000 hosts holds 10,000 listening sockets, so every command it started listed and closed 10,000
 * descriptors: measured here, a process start took 66 ms of wall time and about 45 ms of CPU with 10,000 sockets open,
 * against 12 ms and 5 ms with none, which made a run over the whole fleet quadratic; listing them also made the kernel
 * build a {@code /proc} entry per descriptor, about 1 MiB of kernel memory per process being started. A descriptor
 * marked close-on-exec is closed by the kernel during {@code exec}, in one pass, and never reaches the launcher.
 *
 * <p>The JDK passes the pipes of a process being started to its launcher through {@code exec}: marking them while
 * {@code ProcessBuilder.start} runs would make that start fail. {@link LabCommandFactory} therefore never marks while
 * one of its own commands is being started; a process started at that moment by other code of the same JVM is not
 * protected, which the lab's JVMs (the CLI, the tests) never do.
 */
final class CloseOnExec {
    private static final Logger LOG = LoggerFactory.getLogger(CloseOnExec.class);

    /** {@code CLOSE_RANGE_CLOEXEC} of {@code <linux/close_range.h>}: mark instead of closing. */
    private static final int CLOSE_RANGE_CLOEXEC = 1 << 2;
    private static final int FIRST = 3;
    /** The highest descriptor, {@code ~0U}. */
    private static final int LAST = -1;

    private CloseOnExec() {
    }

    /** Whether {@link #markAll()} can work here. */
    static boolean supported() {
        return CloseRange.HANDLE != null;
    }

    /** Marks every descriptor from 3 up close-on-exec; false when that is not supported here or failed. */
    static boolean markAll() {
        MethodHandle closeRange = CloseRange.HANDLE;
        if (closeRange == null) {
            return false;
        }
        try {
            return (int) closeRange.invokeExact(FIRST, LAST, CLOSE_RANGE_CLOEXEC) == 0;
        } catch (Throwable e) {
            LOG.debug("close_range failed: {}", e.toString());
            return false;
        }
    }

    /** The C library's {@code int close_range(unsigned first, unsigned last, int flags)}, or null. */
    private static final class CloseRange {
        static final MethodHandle HANDLE = find();

        private static MethodHandle find() {
            if (!System.getProperty("os.name", "").equals("Linux")) {
                return null;
            }
            try {
                Linker linker = Linker.nativeLinker();
                MethodHandle handle = linker.defaultLookup().find("close_range")
                        .map(address -> linker.downcallHandle(address, FunctionDescriptor.of(ValueLayout.JAVA_INT,
                                ValueLayout.JAVA_INT, ValueLayout.JAVA_INT, ValueLayout.JAVA_INT)))
                        .orElse(null);
                // A kernel older than 5.11 refuses the flag (EINVAL): then nothing can be marked this way.
                return handle != null && (int) handle.invokeExact(Integer.MAX_VALUE, Integer.MAX_VALUE,
                        CLOSE_RANGE_CLOEXEC) == 0 ? handle : null;
            } catch (Throwable e) {
                LOG.debug("no close_range through the foreign function interface: {}", e.toString());
                return null;
            }
        }
    }
}
