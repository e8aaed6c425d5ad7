package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.core.transport.RemoteProcess;
import dev.fanout.core.transport.Transport;
import dev.fanout.core.transport.TransportException;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A scripted transport for the engine's scheduling tests only (everything else talks to real SSH servers): each
 * host either refuses, or runs a command that prints, waits and exits as its {@link Script} says. Thread-safe.
 */
final class FakeTransport implements Transport {
    /** What a host does: refuse connecting, or print {@code stdout}/{@code stderr}, run for {@code runFor}, exit. */
    record Script(String refuse, String stdout, String stderr, Duration runFor, int exitCode) {
        static Script exits(int code, String stdout) {
            return new Script(null, stdout, "", Duration.ZERO, code);
        }

        static Script runs(Duration runFor, String stdout) {
            return new Script(null, stdout, "", runFor, 0);
        }

        static Script refuses(String reason) {
            return new Script(reason, "", "", Duration.ZERO, 0);
        }
    }

    private final Map<String, Script> scripts;
    /**
     * The processor time a handshake needs, or null for none: connecting then takes a turn on one shared processor
     * (first come, first served) for that long, and fails as a connect timeout if the attempt, counted from its
     * start, took longer than its limit. It models key exchanges competing for a saturated machine.
     */
    private final Duration handshakeWork;
    private final ReentrantLock processor = new ReentrantLock(true);
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger connecting = new AtomicInteger();
    final AtomicInteger maxConnecting = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    final AtomicInteger killed = new AtomicInteger();
    final AtomicInteger closedConnections = new AtomicInteger();

    /** Connection attempts per host. */
    final Map<String, AtomicInteger> attempts = new ConcurrentHashMap<>();
    private final Map<String, Refusals> refusals = new ConcurrentHashMap<>();

    /** A host's first attempts fail with {@code kind}; {@code left} counts those still to fail. */
    private record Refusals(TransportException.Kind kind, AtomicInteger left) {
    }

    FakeTransport(Map<String, Script> scripts) {
        this(scripts, null);
    }

    FakeTransport(Map<String, Script> scripts, Duration handshakeWork) {
        this.scripts = new ConcurrentHashMap<>(scripts);
        this.handshakeWork = handshakeWork;
    }

    /** Makes the first {@code times} attempts to connect to {@code host} fail with {@code kind}. */
    FakeTransport failFirst(String host, int times, TransportException.Kind kind) {
        refusals.put(host, new Refusals(kind, new AtomicInteger(times)));
        return this;
    }

    @Override
    public Connection connect(Host host, Duration timeout) throws TransportException, InterruptedException {
        attempts.computeIfAbsent(host.name(), k -> new AtomicInteger()).incrementAndGet();
        Refusals refused = refusals.get(host.name());
        if (refused != null && refused.left().getAndDecrement() > 0) {
            throw new TransportException(refused.kind(), "failed by the script: " + refused.kind());
        }
        maxConnecting.accumulateAndGet(connecting.incrementAndGet(), Math::max);
        try {
            handshake(timeout);
        } finally {
            connecting.decrementAndGet();
        }
        Script script = scripts.get(host.name());
        if (script.refuse() != null) {
            throw new TransportException(TransportException.Kind.CONNECT, script.refuse());
        }
        int now = inFlight.incrementAndGet();
        maxInFlight.accumulateAndGet(now, Math::max);
        return new Connection() {
            private boolean closed;

            @Override
            public RemoteProcess start(String command, java.nio.ByteBuffer input) {
                return new FakeProcess(script);
            }

            @Override
            public RemoteFiles files() {
                throw new UnsupportedOperationException("no files in the fake");
            }

            @Override
            public synchronized void close() {
                if (!closed) {
                    closed = true;
                    inFlight.decrementAndGet();
                    closedConnections.incrementAndGet();
                }
            }
        };
    }

    private void handshake(Duration timeout) throws TransportException, InterruptedException {
        if (handshakeWork == null) {
            return;
        }
        long start = System.nanoTime();
        processor.lockInterruptibly();
        try {
            Thread.sleep(handshakeWork);
        } finally {
            processor.unlock();
        }
        if (System.nanoTime() - start > timeout.toNanos()) {
            throw new TransportException(TransportException.Kind.HANDSHAKE_TIMEOUT, "key exchange did not finish");
        }
    }

    @Override
    public void close() {
    }

    private final class FakeProcess implements RemoteProcess {
        private final Script script;
        private final CountDownLatch ended = new CountDownLatch(1);
        private volatile boolean wasKilled;
        private final InputStream stdout;
        private final InputStream stderr;

        FakeProcess(Script script) {
            this.script = script;
            this.stdout = new HoldingStream(script.stdout());
            this.stderr = new HoldingStream(script.stderr());
            Thread.ofVirtual().start(() -> {
                try {
                    Thread.sleep(script.runFor());
                } catch (InterruptedException e) {
                    return;
                }
                ended.countDown();
            });
        }

        @Override
        public InputStream stdout() {
            return stdout;
        }

        @Override
        public InputStream stderr() {
            return stderr;
        }

        @Override
        public OptionalInt waitFor(Duration timeout) throws InterruptedException {
            return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS) && !wasKilled
                    ? OptionalInt.of(script.exitCode()) : OptionalInt.empty();
        }

        @Override
        public void kill() {
            wasKilled = true;
            killed.incrementAndGet();
            ended.countDown();
        }

        @Override
        public void close() {
            ended.countDown();
        }

        /** Gives its text at once, then holds end-of-stream until the process ends, as a real channel does. */
        private final class HoldingStream extends InputStream {
            private final ByteArrayInputStream text;

            HoldingStream(String text) {
                this.text = new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
            }

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                int n = text.read(b, off, len);
                if (n > 0) {
                    return n;
                }
                try {
                    ended.await();
                } catch (InterruptedException e) {
                    throw new java.io.InterruptedIOException();
                }
                return -1;
            }
        }
    }
}
