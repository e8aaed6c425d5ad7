package dev.fanout.lab;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

import org.apache.sshd.common.session.helpers.AbstractSession;
import org.apache.sshd.server.SshServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running lab: an embedded fleet of SSH hosts on loopback addresses, each answering as a host of its own, with the
 * inventory, known_hosts and client key that reach them. Thread-safe.
 *
 * <p>One MINA {@link SshServer} serves the whole fleet: it listens on one port on every host's address and tells the
 * hosts apart by the local address a session came in on. Every host accepts the lab user with the lab's client key, or
 * with its own password; runs exec requests as {@code /bin/sh -c} in its home directory under the lab directory; and
 * serves SFTP rooted at its own directory. Commands run as the local user on the local file system: only their
 * working directory, environment and {@code hostname} are the host's.
 *
 * <p>The lab directory holds {@code hosts.ini}, {@code known_hosts}, the client key {@code id_ed25519}, the host key
 * {@code ssh_host_ed25519_key}, {@code ssh_config} (for {@code ssh -F}), {@code bin/hostname}, {@code bin/sudo} (which
 * checks a host's own password, from {@code sudo-passwords}, and runs the command as the lab's user) and
 * {@code hosts/<name>/} for every host.
 */
public final class Lab implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Lab.class);

    private static final Duration CLOSE_WAIT = Duration.ofSeconds(2);
    private static final int DELETE_THREADS = 8;
    private static final String MARKER = ".fanout-lab";
    private static final char[] PASSWORD_ALPHABET =
            "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".toCharArray();

    private final Path directory;
    private final boolean temporaryDirectory;
    private final String user;
    private final List<LabHost> hosts;
    private final HostTable table;
    private final FleetServer server;
    private final int port;
    private final LabCommandFactory commands;
    private final ExecutorService sftpThreads;
    /** Ends the lab's processes (and deletes a temporary directory) if the JVM exits without {@link #close()}. */
    private final Thread shutdownHook;
    /** Names of the hosts that {@link #stopHost} took down. Guarded by {@code this}. */
    private final Set<String> stoppedHosts = new HashSet<>();
    /** Guarded by {@code this}. */
    private boolean closed;

    private Lab(Path directory, boolean temporaryDirectory, String user, List<LabHost> hosts, HostTable table,
                FleetServer server, int port, LabCommandFactory commands, ExecutorService sftpThreads) {
        this.directory = directory;
        this.temporaryDirectory = temporaryDirectory;
        this.user = user;
        this.hosts = hosts;
        this.table = table;
        this.server = server;
        this.port = port;
        this.commands = commands;
        this.sftpThreads = sftpThreads;
        this.shutdownHook = Thread.ofPlatform().name("lab-shutdown").unstarted(() -> {
            commands.killAll();
            if (temporaryDirectory) {
                deleteQuietly(directory);
            }
        });
    }

    /**
     * Starts a lab: prepares its directory and keys, starts the server on a free port on every host's address, and
     * writes {@code known_hosts} and {@code hosts.ini}. A host's own directory tree is made when it is first used.
     *
     * @throws IllegalArgumentException if {@code options.directory()} is not empty and holds no earlier lab
     * @throws IOException              if a file cannot be written or an address cannot be bound
     */
    public static Lab start(LabOptions options) throws IOException {
        Objects.requireNonNull(options, "options");
        boolean temporary = options.directory() == null;
        Path directory = temporary
                ? Files.createTempDirectory("fanout-lab-",
                        PosixFilePermissions.asFileAttribute(LabFiles.PRIVATE_DIRECTORY))
                : prepareDirectory(options.directory());
        try {
            return start(options, directory.toRealPath(), temporary);
        } catch (IOException | RuntimeException | Error e) {
            if (temporary) {
                deleteQuietly(directory);
            }
            throw e;
        }
    }

    private static Lab start(LabOptions options, Path directory, boolean temporary) throws IOException {
        long begin = System.nanoTime();
        Files.writeString(directory.resolve(MARKER), "fanout lab directory\n");
        KeyPair hostKey = LabKeys.loadOrCreate(directory.resolve("ssh_host_ed25519_key"), "fanout-lab-host");
        KeyPair clientKey = LabKeys.loadOrCreate(directory.resolve("id_ed25519"), options.user() + "@fanout-lab");
        Path bin = directory.resolve("bin");
        Files.createDirectories(bin);
        LabFiles.write(bin.resolve("hostname"),
                "#!/bin/sh\n# fanout lab: every host answers with its own name\nprintf '%s\\n' \"$FANOUT_LAB_HOST\"\n"
                        .getBytes(StandardCharsets.UTF_8), LabFiles.EXECUTABLE_FILE);

        long keysReady = System.nanoTime();
        List<LabHost> hosts = Fleet.hosts(options, directory.resolve("hosts"), passwords());
        writeSudo(bin, hosts);
        HostTable table = new HostTable(hosts, options.user());
        Files.createDirectories(directory.resolve("hosts"));

        LabCommandFactory commands = new LabCommandFactory(table, bin);
        ExecutorService sftpThreads = Executors.newThreadPerTaskExecutor(
                Thread.ofVirtual().name("lab-sftp-", 0).factory());
        FleetServer server = FleetServer.create(table, hostKey, clientKey.getPublic(), commands, sftpThreads);
        long serverReady = System.nanoTime();
        int port;
        try {
            port = server.listen(hosts, options.port());
        } catch (IOException | RuntimeException e) {
            server.stop(true);
            sftpThreads.shutdownNow();
            throw e;
        }

        long bound = System.nanoTime();
        Path knownHosts = directory.resolve("known_hosts");
        Path identity = directory.resolve("id_ed25519");
        LabFiles.writePublic(knownHosts, InventoryWriter.knownHosts(hosts, port, LabKeys.publicLine(hostKey.getPublic()))
                .getBytes(StandardCharsets.UTF_8));
        LabFiles.writePrivate(directory.resolve("hosts.ini"),
                InventoryWriter.inventory(hosts, port, options.user(), identity, knownHosts)
                        .getBytes(StandardCharsets.UTF_8));
        LabFiles.writePrivate(directory.resolve("ssh_config"),
                InventoryWriter.sshConfig(hosts, port, options.user(), identity, knownHosts)
                        .getBytes(StandardCharsets.UTF_8));
        Lab lab = new Lab(directory, temporary, options.user(), hosts, table, server, port, commands, sftpThreads);
        Runtime.getRuntime().addShutdownHook(lab.shutdownHook);
        long end = System.nanoTime();
        LOG.debug("lab start: keys {} ms, hosts and server setup {} ms, binding {} ms, files {} ms",
                (keysReady - begin) / 1_000_000, (serverReady - keysReady) / 1_000_000,
                (bound - serverReady) / 1_000_000, (end - bound) / 1_000_000);
        LOG.debug("lab of {} hosts on {}-{} port {} started in {} ms in {}", hosts.size(), hosts.getFirst().address(),
                hosts.getLast().address(), port, (end - begin) / 1_000_000, directory);
        return lab;
    }

    private static Path prepareDirectory(Path requested) throws IOException {
        Path directory = requested.toAbsolutePath();
        if (Files.isDirectory(directory)) {
            boolean empty;
            try (var entries = Files.list(directory)) {
                empty = entries.findAny().isEmpty();
            }
            if (!empty && !Files.exists(directory.resolve(MARKER))) {
                throw new IllegalArgumentException(
                        "lab directory is neither empty nor an earlier lab's (no " + MARKER + "): " + directory);
            }
        } else {
            Files.createDirectories(directory);
        }
        Files.setPosixFilePermissions(directory, LabFiles.PRIVATE_DIRECTORY);
        return directory;
    }

    /**
     * The lab's {@code sudo} ({@code bin/sudo}, see its comment) and the SHA-256 of each host's password it checks
     * ({@code sudo-passwords}, readable by the lab's user only).
     */
    private static void writeSudo(Path bin, List<LabHost> hosts) throws IOException {
        byte[] script;
        try (var in = Lab.class.getResourceAsStream("sudo.sh")) {
            script = Objects.requireNonNull(in, "sudo.sh").readAllBytes();
        }
        LabFiles.write(bin.resolve("sudo"), script, LabFiles.EXECUTABLE_FILE);
        var lines = new StringBuilder(hosts.size() * 80);
        try {
            var digest = java.security.MessageDigest.getInstance("SHA-256");
            for (LabHost host : hosts) {
                if (host.password() == null) {
                    continue;
                }
                byte[] hash = digest.digest(host.password().getBytes(StandardCharsets.UTF_8));
                lines.append(host.name()).append(' ').append(java.util.HexFormat.of().formatHex(hash)).append('\n');
            }
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
        LabFiles.writePrivate(bin.resolveSibling("sudo-passwords"), lines.toString().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Random passwords of 20 characters from the 64 of base64url (120 bits), safe to write unquoted in an INI file.
     * One {@code nextBytes} per password rather than one call per character: 10,000 hosts make 10,000 passwords.
     */
    private static Supplier<String> passwords() {
        SecureRandom random = new SecureRandom();
        return () -> {
            byte[] bytes = new byte[20];
            random.nextBytes(bytes);
            char[] password = new char[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                password[i] = PASSWORD_ALPHABET[bytes[i] & 63];
            }
            return new String(password);
        };
    }

    /** The OpenSSH client configuration that reaches the lab's hosts by name: {@code ssh -F <this> h1}. */
    public Path sshConfig() {
        return directory.resolve("ssh_config");
    }

    /** The lab directory (absolute, real path). */
    public Path directory() {
        return directory;
    }

    /** The inventory file, {@code <lab>/hosts.ini}. */
    public Path inventory() {
        return directory.resolve("hosts.ini");
    }

    /** The known_hosts file with one line per host, {@code [address]:port ssh-ed25519 ...}. */
    public Path knownHosts() {
        return directory.resolve("known_hosts");
    }

    /** The client's private key, {@code <lab>/id_ed25519}: unencrypted ed25519 in OpenSSH format, mode 0600. */
    public Path clientKey() {
        return directory.resolve("id_ed25519");
    }

    /** The port every host listens on. */
    public int port() {
        return port;
    }

    /** The user name every host accepts. */
    public String user() {
        return user;
    }

    /** Every host, in inventory order. */
    public List<LabHost> hosts() {
        return hosts;
    }

    /**
     * The host called {@code name}.
     *
     * @throws IllegalArgumentException if the lab has no such host
     */
    public LabHost host(String name) {
        LabHost host = table.byName(name);
        if (host == null) {
            throw new IllegalArgumentException("no such lab host: " + name);
        }
        return host;
    }

    /**
     * The host's home directory on the local file system, {@code <root>/home/<user>}, where its commands start. A
     * host's tree is made the first time a session uses the host; this method makes it too, so that a caller can put
     * files there before any session.
     *
     * @throws IllegalArgumentException if the lab has no such host
     * @throws UncheckedIOException     if the tree cannot be made
     */
    public Path home(String name) {
        try {
            return table.prepare(host(name));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Takes a host down: it stops listening, so new connections are refused, and its open sessions are closed (their
     * commands are ended). Does nothing if the host is already down.
     *
     * @throws IllegalArgumentException if the lab has no such host
     */
    public synchronized void stopHost(String name) {
        LabHost host = host(name);
        if (closed || !stoppedHosts.add(name)) {
            return;
        }
        server.stopListening(host, port);
        for (AbstractSession session : server.getActiveSessions()) {
            if (table.of(session) == host) {
                session.close(true);
            }
        }
    }

    /**
     * Brings a host that {@link #stopHost} took down back up on the same address and port. Does nothing if it is up.
     *
     * @throws IllegalArgumentException if the lab has no such host
     * @throws IOException              if another program took the address and port meanwhile
     */
    public synchronized void startHost(String name) throws IOException {
        LabHost host = host(name);
        if (closed || !stoppedHosts.contains(name)) {
            return;
        }
        server.resumeListening(host, port);
        stoppedHosts.remove(name);
    }

    /** Whether the host is up: listening and not taken down by {@link #stopHost}. */
    public synchronized boolean isUp(String name) {
        host(name);
        return !closed && !stoppedHosts.contains(name);
    }

    /**
     * Stops the server, ends every process the lab started that still runs (commands, their descendants, background
     * jobs they left) and, if the lab made a temporary directory, deletes it. A lab directory given in the options
     * stays. Calling it again does nothing.
     */
    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
        }
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warn("stopping the lab server failed: {}", e.toString());
        }
        commands.stopAll();
        long deadline = System.nanoTime() + CLOSE_WAIT.toNanos();
        while (commands.runningCount() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        commands.killAll();
        commands.shutdown();
        sftpThreads.shutdownNow();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException e) {
            // The JVM is shutting down, and the hook runs or ran anyway.
        }
        if (temporaryDirectory) {
            deleteQuietly(directory);
        }
    }

    private static void deleteQuietly(Path directory) {
        try {
            LabFiles.deleteTreeInParallel(directory.resolve("hosts"), DELETE_THREADS);
            LabFiles.deleteTree(directory);
        } catch (IOException e) {
            LOG.warn("cannot delete the lab directory {}: {}", directory, e.toString());
        }
    }

    @Override
    public String toString() {
        return "Lab[" + hosts.size() + " hosts, port " + port + ", " + directory + "]";
    }
}
