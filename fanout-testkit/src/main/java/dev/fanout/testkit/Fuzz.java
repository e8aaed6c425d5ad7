package dev.fanout.testkit;

import net.jqwik.api.lifecycle.AroundPropertyHook;
import net.jqwik.api.lifecycle.PropagationMode;
import net.jqwik.api.lifecycle.PropertyExecutionResult;
import net.jqwik.api.lifecycle.PropertyExecutor;
import net.jqwik.api.lifecycle.PropertyLifecycleContext;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the fuzz suites share: each case runs on a thread of its own with the default stack size (so that a stack
 * overflow shows as it would in fanout), bounded in time; and the number of cases, which the properties set for CI and
 * {@code -Dfanout.fuzz.tries=N} replaces for a longer run. Stateless and thread-safe.
 */
public final class Fuzz {
    /** The system property that sets how many cases every fuzz property tries. */
    public static final String TRIES = "fanout.fuzz.tries";
    /** How long one case may take: generous for a 2-core machine that runs other builds. */
    public static final Duration LIMIT = Duration.ofSeconds(10);

    private Fuzz() {
    }

    /** Runs {@code parse} within {@link #LIMIT}; what it throws is rethrown as is, and a case that hangs fails. */
    public static <T> T within(Callable<T> parse) throws Exception {
        AtomicReference<T> result = new AtomicReference<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Thread thread = new Thread(null, () -> {
            try {
                result.set(parse.call());
            } catch (Throwable t) {
                failure.set(t);
            }
        }, "fuzz-case", 0);
        thread.setDaemon(true);
        thread.start();
        if (!thread.join(LIMIT)) {
            thread.interrupt();
            throw new AssertionError("the case did not end within " + LIMIT.toSeconds() + " s");
        }
        Throwable t = failure.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t != null) {
            throw new AssertionError("the case threw " + t, t);
        }
        return result.get();
    }

    /** Fails unless {@code message} is one non-empty line. */
    public static void assertOneLine(String message) {
        if (message == null || message.isBlank() || message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
            throw new AssertionError("not a one-line message: " + message);
        }
    }

    /** Replaces each property's number of cases by {@code -Dfanout.fuzz.tries=N} when it is given. */
    public static final class Budget implements AroundPropertyHook {
        @Override
        public PropertyExecutionResult aroundProperty(PropertyLifecycleContext context, PropertyExecutor property) {
            String tries = System.getProperty(TRIES);
            if (tries != null && !tries.isBlank()) {
                context.attributes().setTries(Integer.parseInt(tries.strip()));
            }
            return property.execute();
        }

        /** Every property of a class annotated with {@code @AddLifecycleHook(Fuzz.Budget.class)}. */
        @Override
        public PropagationMode propagateTo() {
            return PropagationMode.ALL_DESCENDANTS;
        }

        /** Outside jqwik's own hooks, so that the number of cases is set before they read it. */
        @Override
        public int aroundPropertyProximity() {
            return -100;
        }
    }
}
