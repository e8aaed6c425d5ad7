package dev.fanout.cli;

import sun.misc.Signal;

import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Ctrl-C and SIGTERM for the real process: the first one runs the registered actions (the run cancels, flushes and
 * reports); a second one halts at once with exit code 130. Handled with {@code sun.misc.Signal} instead of a
 * shutdown hook so that the run ends through its normal path and prints everything it has. Thread-safe.
 */
final class SignalInterrupts implements CliEnvironment.Interrupts {
    static final SignalInterrupts INSTANCE = new SignalInterrupts();

    private final CopyOnWriteArrayList<Runnable> actions = new CopyOnWriteArrayList<>();
    private final AtomicInteger received = new AtomicInteger();
    private volatile boolean installed;

    private SignalInterrupts() {
    }

    @Override
    public Registration onInterrupt(Runnable action) {
        install();
        actions.add(action);
        return () -> actions.remove(action);
    }

    private synchronized void install() {
        if (installed) {
            return;
        }
        for (String name : new String[]{"INT", "TERM"}) {
            try {
                Signal.handle(new Signal(name), signal -> onSignal());
            } catch (IllegalArgumentException e) {
                // the signal is not available on this platform or already used by the JVM
            }
        }
        installed = true;
    }

    private void onSignal() {
        if (received.incrementAndGet() > 1) {
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
        actions.forEach(Runnable::run);
    }
}
