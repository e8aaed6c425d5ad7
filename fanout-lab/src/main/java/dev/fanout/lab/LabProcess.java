package dev.fanout.lab;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;

import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;

/**
 * One exec request on a lab host: {@code /bin/sh -c <command>} as a local process in the host's home directory (in a
 * pseudo-terminal when the client asked for one), its output pumped to the channel and its exit status sent back. A
 * signal from the client or the channel closing first ends the process and its descendants. Thread-safe: MINA calls it from I/O threads, the pumps run on threads of
 * their own.
 *
 * <p>What blocks on the local process runs on the factory's pooled platform threads, not virtual ones:
 * {@code ProcessBuilder.start} pins a virtual thread's carrier, and a read from a process pipe borrows a carrier from
 * the scheduler while it blocks. Measured with 300 commands running {@code sleep}: on virtual threads the scheduler (at
 * most 256 carriers) starved, so that another host took 17 s to answer {@code hostname} and every other virtual thread
 * in the JVM, fanout's own included, all but stopped. The pool reuses its threads and their pump buffers, so a short
 * command creates no thread of its own. The stdin pump stays virtual: it blocks on the channel, which parks.
 */
final class LabProcess implements Command {
    /** The output pumps' buffer: one per pooled thread, reused by every command that thread serves. */
    private static final int BUFFER_SIZE = 32 * 1024;
    private static final ThreadLocal<byte[]> OUTPUT_BUFFER = ThreadLocal.withInitial(() -> new byte[BUFFER_SIZE]);
    /** The stdin pump's buffer: most clients send nothing at all, so a small one per command. */
    private static final int INPUT_BUFFER_SIZE = 8 * 1024;
    /** A terminal's end-of-file character, {@code ^D}. */
    private static final int END_OF_FILE = 4;

    private final String commandLine;
    private final LabHost host;
    private final String tag;
    private final LabCommandFactory factory;
    private final Object lock = new Object();

    private InputStream in;
    private OutputStream out;
    private OutputStream err;
    private ExitCallback callback;

    /** The running process; null before it starts. Guarded by {@link #lock}. */
    private Process process;
    /** Whether the process must end: the client sent a signal or closed the channel. Guarded by {@link #lock}. */
    private boolean stopRequested;
    /** Whether the channel is gone, so that nothing more may be written to it. */
    private volatile boolean channelClosed;
    /** Whether the command is over: its output reached EOF and its shell exited, or it never started. */
    private volatile boolean finished;
    /** Whether both output pipes reached EOF. */
    private volatile boolean outputClosed;

    LabProcess(String commandLine, LabHost host, String tag, LabCommandFactory factory) {
        this.commandLine = commandLine;
        this.host = host;
        this.tag = tag;
        this.factory = factory;
    }


    @Override
    public void setInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public void setOutputStream(OutputStream out) {
        this.out = out;
    }

    @Override
    public void setErrorStream(OutputStream err) {
        this.err = err;
    }

    @Override
    public void setExitCallback(ExitCallback callback) {
        this.callback = callback;
    }

    @Override
    public void start(ChannelSession channel, Environment env) {
        env.addSignalListener((ch, signal) -> stop());
        Map<String, String> clientEnv = Map.copyOf(env.getEnv());
        LabChannelSession terminal = channel instanceof LabChannelSession session && session.terminal() ? session
                : null;
        try {
            factory.processThreads().execute(() -> run(clientEnv, terminal));
        } catch (RejectedExecutionException e) {
            finished = true;
            finish(127); // the lab is closing
        }
    }

    @Override
    public void destroy(ChannelSession channel) {
        channelClosed = true;
        stop();
    }

    /**
     * Ends the process tree if it runs, or keeps it from starting: the process, its descendants, and the processes
     * that carry the command's tag but left the tree (a subshell's background job, {@code setsid}). Returns at once:
     * finding the processes reads {@code /proc}, which must not hold up the MINA I/O thread that calls this.
     */
    void stop() {
        Process running;
        synchronized (lock) {
            if (stopRequested) {
                return;
            }
            stopRequested = true;
            running = process;
        }
        if (running != null && !finished) {
            Thread.ofVirtual().name("lab-stop-" + host.name()).start(() -> {
                List<ProcessHandle> processes = new ArrayList<>();
                if (running.isAlive()) {
                    processes.add(running.toHandle());
                }
                processes.addAll(ProcessTrees.tagged(LabCommandFactory.TAG_VARIABLE, tag, false));
                ProcessTrees.terminate(processes);
            });
        }
    }

    /** The running process, or null. */
    Process process() {
        synchronized (lock) {
            return process;
        }
    }

    private void run(Map<String, String> clientEnv, LabChannelSession terminal) {
        Process started;
        try {
            started = factory.start(factory.processBuilder(host, commandLine, tag, clientEnv, terminal));
        } catch (IOException e) {
            String message = "fanout lab: cannot start the command on " + host.name() + ": " + e.getMessage() + "\n";
            write(err, message.getBytes(StandardCharsets.UTF_8));
            finished = true;
            finish(127);
            return;
        }
        boolean stopAtOnce;
        synchronized (lock) {
            process = started;
            stopAtOnce = stopRequested;
        }
        factory.started(this);
        started.onExit().thenRun(() -> Thread.ofVirtual().name("lab-leftovers-" + host.name())
                .start(this::endJobsHoldingTheOutput));
        try {
            if (stopAtOnce) {
                ProcessTrees.terminate(started.toHandle());
            }
            Thread input = Thread.ofVirtual().name("lab-stdin-" + host.name())
                    .start(() -> pumpInput(started.getOutputStream(), terminal != null));
            Future<?> errors = factory.processThreads().submit(() -> pumpOutput(started.getErrorStream(), err));
            pumpOutput(started.getInputStream(), out);
            awaitPump(errors);
            outputClosed = true;
            int status = started.waitFor();
            input.interrupt();
            finish(status);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            ProcessTrees.terminate(started.toHandle());
        } finally {
            finished = true;
            factory.ended(this);
        }
    }

    /**
     * Once the shell has exited, ends the background jobs that still hold its output open, as in
     * {@code sleep 300 & echo started}, so that the command is over shortly after its shell. OpenSSH would keep the
     * channel open until they exit; the lab cannot, because the JDK closes a process's pipes when the process exits
     * unless a read blocked on them at that moment, which would make the end of a command depend on a race. Jobs that
     * redirect their output ({@code nohup job >log 2>&1 &}) do not hold it and run on until the lab closes.
     */
    private void endJobsHoldingTheOutput() {
        try {
            Thread.sleep(ProcessTrees.GRACE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!outputClosed) {
            ProcessTrees.terminate(ProcessTrees.tagged(LabCommandFactory.TAG_VARIABLE, tag, false));
        }
    }

    /** Waits for a pump to reach the end of its stream. */
    private static void awaitPump(Future<?> pump) throws InterruptedException {
        try {
            pump.get();
        } catch (ExecutionException e) {
            // The pump failed unexpectedly: its stream is abandoned either way.
        }
    }

    private void finish(int status) {
        if (!channelClosed) {
            callback.onExit(status);
        }
    }

    /**
     * Copies the client's input to the process until the client sends EOF, then closes the process's stdin. For a
     * terminal, end-of-file characters ({@code ^D}) right before the client's EOF are left out: script(1) tells the
     * command the input's end itself when its stdin ends, and input still unread when the command exits makes it wait
     * two seconds before it exits too.
     */
    private void pumpInput(OutputStream toProcess, boolean terminal) {
        byte[] buffer = new byte[INPUT_BUFFER_SIZE];
        int heldBack = 0;
        try (toProcess) {
            int n;
            while ((n = in.read(buffer)) >= 0) {
                int end = n;
                while (terminal && end > 0 && buffer[end - 1] == END_OF_FILE) {
                    end--;
                }
                if (end > 0) {
                    for (; heldBack > 0; heldBack--) {
                        toProcess.write(END_OF_FILE);
                    }
                    toProcess.write(buffer, 0, end);
                }
                heldBack += n - end;
                toProcess.flush();
            }
        } catch (IOException e) {
            // The process exited and closed its stdin, or the channel closed: either way there is nothing to forward.
        }
    }

    /**
     * Copies a process stream to a channel stream, flushing after every read so that output shows live. Once the
     * channel refuses data the rest is read and dropped, so that the process never blocks on a full pipe.
     */
    private void pumpOutput(InputStream fromProcess, OutputStream toChannel) {
        byte[] buffer = OUTPUT_BUFFER.get();
        boolean open = true;
        try (fromProcess) {
            int n;
            while ((n = fromProcess.read(buffer)) >= 0) {
                if (open && !channelClosed) {
                    open = write(toChannel, buffer, n);
                }
            }
        } catch (IOException e) {
            // The pipe broke because the process tree was killed; the exit status tells the rest.
        }
    }

    private static boolean write(OutputStream stream, byte[] bytes) {
        return write(stream, bytes, bytes.length);
    }

    private static boolean write(OutputStream stream, byte[] bytes, int length) {
        try {
            stream.write(bytes, 0, length);
            stream.flush();
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return "LabProcess[" + host.name() + "]";
    }
}
