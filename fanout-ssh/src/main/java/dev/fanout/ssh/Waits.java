package dev.fanout.ssh;

import org.apache.sshd.common.future.SshFuture;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Waiting for MINA futures without MINA's own waits, which hold a monitor and swallow interrupts in places: a MINA
 * future is bridged to a {@link CompletableFuture}, whose waits are interruptible and cheap on virtual threads.
 * Stateless and thread-safe.
 */
final class Waits {

    private Waits() {
    }

    /** A future completed with {@code future} itself once it is done (whatever the outcome). */
    static <F extends SshFuture<F>> CompletableFuture<F> whenDone(F future) {
        var done = new CompletableFuture<F>();
        future.addListener(done::complete);
        return done;
    }

    /** Waits until {@code future} is done or the {@link System#nanoTime()} deadline passes. */
    static <F extends SshFuture<F>> F await(F future, long deadlineNanos)
            throws TimeoutException, InterruptedException {
        try {
            return whenDone(future).get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw new IllegalStateException("a completion listener failed", e.getCause());
        }
    }

    /** Waits until {@code future} is done. */
    static <F extends SshFuture<F>> F await(F future) throws InterruptedException {
        try {
            return whenDone(future).get();
        } catch (ExecutionException e) {
            throw new IllegalStateException("a completion listener failed", e.getCause());
        }
    }
}
