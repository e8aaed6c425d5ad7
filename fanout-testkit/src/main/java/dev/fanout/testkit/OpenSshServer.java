package dev.fanout.testkit;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real OpenSSH {@code sshd} started for a test on a loopback address and a free port, with its own directory,
 * host keys (ed25519 and ecdsa), configuration and authorized keys; it lets the throw-away user {@value #USER}
 * log in by password or by key. Thread-safe.
 *
 * <p>It needs root (to run sshd and to create the user once per machine with {@code useradd} and
 * {@code chpasswd}) and {@code /usr/sbin/sshd}. Without them, {@link #start()} aborts the calling test through a JUnit
 * assumption, so the test is reported as skipped: a developer machine skips these tests, while CI, which runs as
 * root and installs openssh-server, runs them.
 *
 * <p>{@link #close()} kills exactly the daemon it started and the processes that daemon spawned (its sessions).
 */
public final class OpenSshServer implements AutoCloseable {

    /** The user the fixture's clients log in as. */
    public static final String USER = TestUser.NAME;

    private static final Path SSHD = Path.of("/usr/sbin/sshd");
    private static final Path SSH_KEYGEN = Path.of("/usr/bin/ssh-keygen");
    private static final Path PRIVILEGE_SEPARATION_DIR = Path.of("/run/sshd");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(30);
    private static final int START_ATTEMPTS = 5;

    private final Path directory;
    private final boolean ownsDirectory;
    private final String address;
    private final int port;
    private final String password;
    private final Process daemon;

    private OpenSshServer(Path directory, boolean ownsDirectory, String address, int port, String password,
                          Process daemon) {
        this.directory = directory;
        this.ownsDirectory = ownsDirectory;
        this.address = address;
        this.port = port;
        this.password = password;
        this.daemon = daemon;
    }

    /** Whether this machine can run the fixture: the process is root and OpenSSH's sshd is installed. */
    public static boolean isAvailable() {
        return isRoot() && Files.isExecutable(SSHD) && Files.isExecutable(SSH_KEYGEN);
    }

    /** Aborts the calling test (reported as skipped) when {@link #isAvailable()} is false. */
    public static void assumeAvailable() {
        Assumptions.assumeTrue(isAvailable(), "needs root and OpenSSH's sshd at " + SSHD);
    }

    /** Starts a daemon on 127.0.0.1 in a new temporary directory that {@link #close()} deletes. */
    public static OpenSshServer start() throws IOException {
        assumeAvailable();
        return start(Files.createTempDirectory("fanout-sshd-"), true, "127.0.0.1");
    }

    /** Starts a daemon on 127.0.0.1 keeping its files in {@code directory} (e.g. a JUnit temporary directory). */
    public static OpenSshServer start(Path directory) throws IOException {
        return start(directory, "127.0.0.1");
    }

    /**
     * Starts a daemon on {@code loopbackAddress} (127.0.0.0/8) keeping its files in {@code directory}. The directory
     * is made traversable by others ({@code rwx--x--x}) because sshd reads the authorized keys as the user.
     */
    public static OpenSshServer start(Path directory, String loopbackAddress) throws IOException {
        assumeAvailable();
        return start(directory, false, loopbackAddress);
    }

    /**
     * Starts a daemon on 127.0.0.1 in a new temporary directory that {@link #close()} deletes, with {@code settings}
     * (sshd_config lines, such as {@code AcceptEnv FANOUT_*}) after the fixture's own.
     */
    public static OpenSshServer startWith(List<String> settings) throws IOException {
        assumeAvailable();
        return start(Files.createTempDirectory("fanout-sshd-"), true, "127.0.0.1", settings);
    }

    private static OpenSshServer start(Path directory, boolean ownsDirectory, String address) throws IOException {
        return start(directory, ownsDirectory, address, List.of());
    }

    private static OpenSshServer start(Path directory, boolean ownsDirectory, String address, List<String> settings)
            throws IOException {
        if (!address.startsWith("127.")) {
            throw new IllegalArgumentException("not a 127.0.0.0/8 loopback address: " + address);
        }
        String password = TestUser.ensureCreated();
        Files.createDirectories(directory);
        Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx--x--x"));
        Files.createDirectories(PRIVILEGE_SEPARATION_DIR);
        prepareFiles(directory);
        IOException last = null;
        for (int attempt = 0; attempt < START_ATTEMPTS; attempt++) {
            int port = freePort(address);
            try {
                Process daemon = launch(directory, address, port, settings);
                return new OpenSshServer(directory, ownsDirectory, address, port, password, daemon);
            } catch (IOException e) {
                last = e; // most likely the port was taken between probing it and sshd binding it: try another
            }
        }
        throw last;
    }

    private static void prepareFiles(Path directory) throws IOException {
        for (String type : List.of("ed25519", "ecdsa")) {
            Path key = directory.resolve("ssh_host_" + type + "_key");
            if (!Files.exists(key)) {
                Commands.run(List.of(SSH_KEYGEN.toString(), "-q", "-t", type, "-N", "", "-C", "fanout-test-host",
                        "-f", key.toString()), null, COMMAND_TIMEOUT);
            }
        }
        Path keys = Files.createDirectories(directory.resolve("authorized_keys"));
        Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path home = Files.createDirectories(directory.resolve("user-files"));
        UserPrincipal user = home.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(home, user);
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
    }

    private static Process launch(Path directory, String address, int port, List<String> settings)
            throws IOException {
        Path config = directory.resolve("sshd_config");
        Files.writeString(config, config(directory, address, port) + String.join("\n", settings) + "\n");
        Path log = directory.resolve("sshd.log");
        Files.deleteIfExists(log);
        Process daemon = new ProcessBuilder(SSHD.toString(), "-D", "-e", "-f", config.toString())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String text = Files.exists(log) ? Files.readString(log) : "";
            if (text.contains("Server listening on")) {
                return daemon;
            }
            if (!daemon.isAlive()) {
                throw new IOException("sshd exited with " + daemon.exitValue() + ": " + text.strip());
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                daemon.destroyForcibly();
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while starting sshd", e);
            }
        }
        daemon.destroyForcibly();
        throw new IOException("sshd did not listen on " + address + ":" + port + " within " + START_TIMEOUT);
    }

    private static String config(Path directory, String address, int port) {
        var lines = new ArrayList<>(List.of(
                "ListenAddress " + address + ":" + port,
                "HostKey " + directory.resolve("ssh_host_ed25519_key"),
                "HostKey " + directory.resolve("ssh_host_ecdsa_key"),
                "PidFile " + directory.resolve("sshd.pid"),
                "AuthorizedKeysFile " + directory.resolve("authorized_keys") + "/%u",
                "AllowUsers " + USER,
                "PermitRootLogin no",
                "UsePAM no",
                "StrictModes no",
                "PasswordAuthentication yes",
                "KbdInteractiveAuthentication no",
                "PubkeyAuthentication yes",
                "MaxStartups 1000:30:1000",
                "UseDNS no",
                "PrintMotd no",
                "PrintLastLog no",
                "X11Forwarding no",
                "Subsystem sftp internal-sftp",
                "LogLevel INFO"));
        if (VersionHolder.AT_LEAST_9_8) {
            // Newer daemons penalise a source address after failed logins, which the tests cause on purpose.
            lines.add("PerSourcePenalties no");
        }
        return String.join("\n", lines) + "\n";
    }

    private static int freePort(String address) throws IOException {
        try (var socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(address), 0));
            return socket.getLocalPort();
        }
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The loopback address the daemon listens on, e.g. {@code 127.0.0.1}. */
    public String address() {
        return address;
    }

    public int port() {
        return port;
    }

    /** The login user, {@value #USER}. */
    public String user() {
        return USER;
    }

    /** The login user's password (a random one, created with the user). */
    public String password() {
        return password;
    }

    /** The daemon's own directory (configuration, host keys, log). */
    public Path directory() {
        return directory;
    }

    /** A directory owned by the login user (mode 700), for file-transfer tests. */
    public Path userDirectory() {
        return directory.resolve("user-files");
    }

    /** The daemon's log so far (sshd -e), for a failing test's message. */
    public String log() {
        try {
            return Files.readString(directory.resolve("sshd.log"));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** Lets the login user in with the key of {@code publicKeyLine} (an OpenSSH public key line). */
    public void authorizeKey(String publicKeyLine) throws IOException {
        Path file = directory.resolve("authorized_keys").resolve(USER);
        Files.writeString(file, publicKeyLine.strip() + "\n", StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
    }

    /** The host name as known_hosts writes it: {@code [address]:port}, or just the address on port 22. */
    public String knownHostsName() {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    /**
     * One known_hosts line for the daemon's host key of {@code algorithm} ({@code ssh-ed25519} or
     * {@code ecdsa-sha2-nistp256}; {@code ed25519} and {@code ecdsa} also work), as OpenSSH writes it:
     * {@code [127.0.0.1]:2222 ssh-ed25519 AAAA...}.
     */
    public String hostKeyLine(String algorithm) throws IOException {
        String[] fields = hostPublicKey(algorithm).split(" ");
        return knownHostsName() + " " + fields[0] + " " + fields[1];
    }

    /** Writes (replacing) {@code file} with one known_hosts line for each of {@code algorithms}. */
    public Path writeKnownHosts(Path file, String... algorithms) throws IOException {
        var text = new StringBuilder();
        for (String algorithm : algorithms) {
            text.append(hostKeyLine(algorithm)).append('\n');
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, text);
        return file;
    }

    private String hostPublicKey(String algorithm) throws IOException {
        String type = switch (algorithm.toLowerCase(Locale.ROOT)) {
            case "ed25519", "ssh-ed25519" -> "ed25519";
            case "ecdsa", "ecdsa-sha2-nistp256" -> "ecdsa";
            default -> throw new IllegalArgumentException("no host key of algorithm " + algorithm
                    + " (the fixture has ssh-ed25519 and ecdsa-sha2-nistp256)");
        };
        return Files.readString(directory.resolve("ssh_host_" + type + "_key.pub")).strip();
    }

    /**
     * The live processes of the login user whose command line contains {@code marker}, e.g. to check that a remote
     * command was really stopped.
     */
    public List<ProcessHandle> processesOf(String marker) {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(ProcessHandle::isAlive)
                    .filter(p -> p.info().user().filter(USER::equals).isPresent())
                    .filter(p -> p.info().commandLine().filter(line -> line.contains(marker)).isPresent())
                    .toList();
        }
    }

    /**
     * Kills the daemon and every process it spawned (also the commands orphaned by a closed session, which are
     * recognised by their {@code SSH_CONNECTION} naming this daemon's address and port), then deletes the directory
     * if the fixture created it.
     */
    @Override
    public void close() {
        List<ProcessHandle> spawned = daemon.descendants().toList();
        daemon.destroy();
        spawned.forEach(ProcessHandle::destroyForcibly);
        sessionProcesses().forEach(ProcessHandle::destroyForcibly);
        try {
            if (!daemon.waitFor(5, TimeUnit.SECONDS)) {
                daemon.destroyForcibly();
                daemon.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            daemon.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        if (ownsDirectory) {
            deleteTree(directory);
        }
    }

    /** The live processes of the login user that were started through this daemon. */
    private List<ProcessHandle> sessionProcesses() {
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(p -> p.info().user().filter(USER::equals).isPresent())
                    .filter(this::cameThroughThisDaemon)
                    .toList();
        }
    }

    private boolean cameThroughThisDaemon(ProcessHandle process) {
        try {
            byte[] environment = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "environ"));
            for (String variable : new String(environment, StandardCharsets.UTF_8).split("\0")) {
                if (variable.startsWith("SSH_CONNECTION=")) {
                    String[] fields = variable.substring("SSH_CONNECTION=".length()).split(" ");
                    return fields.length == 4 && fields[2].equals(address) && fields[3].equals(Integer.toString(port));
                }
            }
            return false;
        } catch (IOException e) {
            return false; // gone already, or not readable: not ours to kill
        }
    }

    private static void deleteTree(Path root) {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> {
                try {
                    Files.deleteIfExists(path);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            // A leftover temporary directory is harmless; the daemon itself is gone.
        }
    }

    @Override
    public String toString() {
        return "OpenSshServer[" + address + ":" + port + ", " + directory + "]";
    }

    /** The installed sshd's version, read once: newer daemons need extra settings for tests. */
    private static final class VersionHolder {
        static final boolean AT_LEAST_9_8 = atLeast(9, 8);

        private static boolean atLeast(int major, int minor) {
            try {
                Process process = new ProcessBuilder(SSHD.toString(), "-V").redirectErrorStream(true).start();
                String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                process.waitFor(10, TimeUnit.SECONDS);
                Matcher m = Pattern.compile("OpenSSH_(\\d+)\\.(\\d+)").matcher(text);
                if (!m.find()) {
                    return false;
                }
                int foundMajor = Integer.parseInt(m.group(1));
                int foundMinor = Integer.parseInt(m.group(2));
                return foundMajor > major || (foundMajor == major && foundMinor >= minor);
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
