package dev.fanout.lab;

import java.io.IOException;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantReadWriteLock;

import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.server.command.CommandFactory;

/**
 * Creates the exec commands of the lab's hosts and keeps track of the running ones, so that closing the lab can end
 * them. Thread-safe.
 */
final class LabCommandFactory implements CommandFactory {
    private static final String SYSTEM_PATH = "/usr/local/bin:/usr/bin:/bin";
    /** util-linux's script(1), which gives a command a pseudo-terminal (Debian's bsdutils, an essential package). */
    private static final String SCRIPT = "/usr/bin/script";
    /**
     * The environment variable that tags every process of a command with a value of its own, so that the command's
     * processes can be found after their parent exits. See {@link ProcessTrees#tagged}.
     */
    static final String TAG_VARIABLE = "FANOUT_LAB_RUN";
    /** Enough for a pump; the default (1 MiB or more) only reserves address space, but hundreds of them add up. */
    private static final long STACK_SIZE = 256 * 1024;
    /**
     * How often starting a command waits for the starts in progress so as to mark the descriptors opened meanwhile
     * (sockets of new sessions, pipes of other commands); in between, a start marks them only if no other start is
     * in progress. With hundreds of commands starting at once, that is rarely the case.
     */
    private static final Duration MARK_INTERVAL = Duration.ofMillis(50);
    /** How long an idle process thread waits for another command before it ends. */
    private static final Duration THREAD_KEEP_ALIVE = Duration.ofSeconds(10);

    private final HostTable hosts;
    private final Path binDirectory;
    private final Set<LabProcess> running = ConcurrentHashMap.newKeySet();
    /** Tells this lab's tags from another lab's in the same machine. */
    private final String labTag = Long.toHexString(new SecureRandom().nextLong());
    private final AtomicLong commandCount = new AtomicLong();
    /**
     * The platform threads that start the commands' processes, pump their output and wait for them (see
     * {@link LabProcess}): created as commands need them and kept for a while, so that a run over thousands of hosts
     * does not create two threads per command.
     */
    private final ThreadPoolExecutor processThreads = new ThreadPoolExecutor(0, Integer.MAX_VALUE,
            THREAD_KEEP_ALIVE.toSeconds(), TimeUnit.SECONDS, new SynchronousQueue<>(),
            Thread.ofPlatform().name("lab-process-", 1).daemon().stackSize(STACK_SIZE).factory());

    /**
     * Commands being started hold it shared; marking descriptors close-on-exec ({@link CloseOnExec}) holds it
     * exclusively, so that it never marks the pipes of a process being started.
     */
    private final ReentrantReadWriteLock startLock = new ReentrantReadWriteLock();
    /** When descriptors were last marked close-on-exec ({@link System#nanoTime()}). */
    private volatile long lastMarked = System.nanoTime() - MARK_INTERVAL.toNanos();

    LabCommandFactory(HostTable hosts, Path binDirectory) {
        this.hosts = hosts;
        this.binDirectory = binDirectory;
    }

    @Override
    public Command createCommand(ChannelSession channel, String command) throws IOException {
        LabHost host = hosts.of(channel.getSession());
        if (host == null) {
            throw new IOException("the session did not come in to a lab host: " + channel.getSession());
        }
        return new LabProcess(command, host, labTag + "-" + commandCount.incrementAndGet(), this);
    }

    /**
     * The process for {@code command} on {@code host}: {@code /bin/sh -c command} in the host's home, with a clean
     * environment naming the host, the command's {@code tag}, and the locale variables the client sent (as OpenSSH's
     * default AcceptEnv does).
     */
    ProcessBuilder processBuilder(LabHost host, String command, String tag, Map<String, String> clientEnv)
            throws IOException {
        return processBuilder(host, command, tag, clientEnv, null);
    }

    /**
     * As {@link #processBuilder(LabHost, String, String, Map)}, and with {@code terminal} not null, in a
     * pseudo-terminal of its own made by util-linux's {@code script(1)} (echoing its input or not, as the client
     * asked), with the client's {@code TERM}: the command's stdin, stdout and stderr are that terminal.
     */
    ProcessBuilder processBuilder(LabHost host, String command, String tag, Map<String, String> clientEnv,
                                  LabChannelSession terminal) throws IOException {
        Path home = hosts.prepare(host);
        ProcessBuilder builder = (terminal == null ? new ProcessBuilder("/bin/sh", "-c", command)
                : new ProcessBuilder(SCRIPT, "--quiet", "--return", "--echo", terminal.echo() ? "always" : "never",
                "--command", sized(terminal, command), "/dev/null")).directory(home.toFile());
        Map<String, String> env = builder.environment();
        env.clear();
        clientEnv.forEach((name, value) -> {
            if (LabChannelSession.acceptsVariable(name) || (terminal != null && name.equals("TERM"))) {
                env.put(name, value);
            }
        });
        env.put("HOME", home.toString());
        env.put("USER", hosts.user());
        env.put("LOGNAME", hosts.user());
        env.put("SHELL", "/bin/sh");
        env.put("PATH", binDirectory + ":" + SYSTEM_PATH);
        env.put("TMPDIR", host.root().resolve("tmp").toString());
        env.put("FANOUT_LAB_HOST", host.name());
        env.put("FANOUT_LAB_ROOT", host.root().toString());
        env.put(TAG_VARIABLE, tag);
        return builder;
    }

    /**
     * {@code command} after setting its terminal to the size the client asked for: script(1) gives the terminal the
     * size of its own, and the lab has none.
     */
    private static String sized(LabChannelSession terminal, String command) {
        return terminal.columns() > 0 && terminal.rows() > 0 ? "stty cols " + terminal.columns() + " rows "
                + terminal.rows() + " 2>/dev/null; " + command : command;
    }

    /**
     * Starts a command's process. First marks every open descriptor close-on-exec (one system call), so that the
     * process inherits none of the lab's sockets and pipes (see {@link CloseOnExec}): at once if no other command is
     * being started, else after waiting for the starts in progress if the last marking is {@link #MARK_INTERVAL}
     * old, else not at all (the descriptors opened since are few).
     */
    Process start(ProcessBuilder builder) throws IOException {
        boolean marking = startLock.writeLock().tryLock();
        if (!marking && System.nanoTime() - lastMarked > MARK_INTERVAL.toNanos()) {
            startLock.writeLock().lock();
            marking = true;
        }
        if (marking) {
            try {
                CloseOnExec.markAll();
                lastMarked = System.nanoTime();
                startLock.readLock().lock();
            } finally {
                startLock.writeLock().unlock();
            }
        } else {
            startLock.readLock().lock();
        }
        try {
            return builder.start();
        } finally {
            startLock.readLock().unlock();
        }
    }

    /** The threads that run the commands' local processes. */
    ExecutorService processThreads() {
        return processThreads;
    }

    /** Lets the process threads end once their commands are over; new commands are refused from now on. */
    void shutdown() {
        processThreads.shutdown();
    }

    void started(LabProcess command) {
        running.add(command);
    }

    void ended(LabProcess command) {
        running.remove(command);
    }

    /** How many commands run now. */
    int runningCount() {
        return running.size();
    }

    /** Ends every running command's processes: SIGTERM now, SIGKILL to survivors after the grace period. */
    void stopAll() {
        for (LabProcess command : running) {
            command.stop();
        }
    }

    /**
     * Sends SIGKILL at once to every process this lab's commands started that still runs: the trees of the running
     * commands, and every process carrying this lab's tag, such as background jobs of commands that are over.
     */
    void killAll() {
        List<ProcessHandle> processes = new ArrayList<>();
        for (LabProcess command : running) {
            Process process = command.process();
            if (process != null) {
                processes.add(process.toHandle());
            }
        }
        processes.addAll(ProcessTrees.tagged(TAG_VARIABLE, labTag + "-", true));
        ProcessTrees.kill(processes);
    }
}
