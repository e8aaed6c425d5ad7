package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Route;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.Transport;
import dev.fanout.core.transport.TransportException;
import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.auth.UserAuth;
import org.apache.sshd.client.auth.UserAuthFactory;
import org.apache.sshd.client.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.client.auth.password.PasswordIdentityProvider;
import org.apache.sshd.client.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.client.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.future.AuthFuture;
import org.apache.sshd.client.future.ConnectFuture;
import org.apache.sshd.client.keyverifier.ServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.client.session.forward.ExplicitPortForwardingTracker;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.FilePasswordProvider;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.session.Session;
import org.apache.sshd.common.session.SessionListener;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.core.CoreModuleProperties;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.PublicKey;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The SSH transport over Apache MINA SSHD: one {@link SshClient} for every connection of a run, with explicit
 * settings instead of MINA's permissive defaults. Host keys are checked against the host's known_hosts file in
 * OpenSSH's format (by default {@code ~/.ssh/known_hosts}) under a {@link HostKeyPolicy}; the host-key algorithms
 * are ordered per host from its known keys, as OpenSSH does. Authentication uses the host's password if it has one
 * and its keys as {@link Identities} chooses them (the ssh-agent's when {@link Options#agentSocket()} is given, the
 * host's identity files or the user's default ones). The {@link Host} comes complete: the inventory has already
 * applied the user's ssh_config, and this transport reads none (MINA's own resolver is switched off). A host with a
 * jump host is reached through it ({@link JumpHosts}); one that needs a ProxyCommand is refused with that reason.
 * Key files are read and decrypted once per transport ({@link #preloadIdentities} does it before a run).
 * Thread-safe: one instance serves thousands of concurrent {@link #connect} calls from virtual threads.
 */
public final class MinaTransport implements Transport {

    private final Options options;
    private final SshClient client;
    private final List<NamedFactory<Signature>> signatures = Algorithms.signatures();
    private final KnownHosts knownHosts = new KnownHosts();
    private final Identities identities;
    private final JumpHosts jumpHosts = new JumpHosts(
            (jump, deadline) -> connect(jump, deadline, Duration.ofNanos(Math.max(0, deadline - System.nanoTime()))));

    /**
     * Sets up MINA SSHD's cryptography as fanout uses it ({@link Curve25519Registrar}: BouncyCastle's Curve25519
     * engines, the JDK's providers for the rest). An application calls it once, from its {@code main}, before the
     * first transport; it sets MINA's JVM-wide registrar property, which is why merely loading this class does not.
     * Without it, MINA registers BouncyCastle's whole provider: correct, but about 0.6 s of CPU slower to start, and
     * with BouncyCastle's slower AES-GCM.
     */
    public static void setUpCryptography() {
        Curve25519Registrar.install();
    }

    /** Starts a transport with {@code options}; {@link #close()} stops it. */
    public MinaTransport(Options options) {
        this.options = Objects.requireNonNull(options, "options");
        this.identities = new Identities(options.userHome(), options.passphrases(),
                options.agentSocket() == null ? null : new AgentClient(options.agentSocket()));
        if (!SecurityUtils.isEDDSACurveSupported()) {
            throw new IllegalStateException("MINA SSHD has no ssh-ed25519 support: check the system property "
                    + SecurityUtils.SECURITY_PROVIDER_REGISTRARS);
        }
        client = SshClient.setUpDefaultClient();
        client.setKeyExchangeFactories(Algorithms.keyExchanges());
        client.setCipherFactories(Algorithms.ciphers(options.chaCha20First()));
        client.setMacFactories(Algorithms.macs());
        client.setSignatureFactories(signatures);
        client.setServerKeyVerifier(new Verifier());
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setPasswordIdentityProvider(PasswordIdentityProvider.EMPTY_PASSWORDS_PROVIDER);
        client.setFilePasswordProvider(FilePasswordProvider.EMPTY);
        client.setAgentFactory(new AgentKeys());
        client.setUserAuthFactories(List.of(
                new Recording(UserAuthPublicKeyFactory.INSTANCE),
                new Recording(UserAuthPasswordFactory.INSTANCE),
                new Recording(UserAuthKeyboardInteractiveFactory.INSTANCE)));
        client.addSessionListener(new HostKeyOrder());
        // Remote commands may stay silent for long: the engine owns every timeout, MINA must not close idle sessions.
        CoreModuleProperties.IDLE_TIMEOUT.set(client, Duration.ZERO);
        client.start();
    }

    /**
     * Starts, on a daemon thread, the one-time set-up of MINA's cryptography (registrars, algorithm lists), so that it
     * overlaps with the caller's own start-up instead of delaying the first connection. Safe to call any time, or
     * never.
     */
    public static void warmUpInBackground() {
        Thread.ofPlatform().daemon().name("fanout-crypto-warm-up").start(() -> {
            SecurityUtils.isEDDSACurveSupported();
            Algorithms.signatures();
        });
    }

    /** A transport with {@link Options#defaults()}. */
    public static MinaTransport withDefaults() {
        return new MinaTransport(Options.defaults());
    }

    public Options options() {
        return options;
    }

    /**
     * Reads and decrypts, once, every key file {@code hosts} will use, asking the passphrase callback now rather than
     * in the middle of a run. Failures are remembered and reported by {@link #connect} for the hosts concerned.
     */
    public void preloadIdentities(Iterable<Host> hosts) throws InterruptedException {
        for (Host host : hosts) {
            try {
                identities.forHost(host);
            } catch (TransportException e) {
                // Reported again, per host, when connecting.
            }
        }
    }

    /**
     * Whether {@code connection}, made by a MinaTransport, is still open: its session is neither closed nor closing
     * (a server that went away closes it). Never blocks; false for a connection of another transport.
     */
    public static boolean isOpen(Connection connection) {
        return connection instanceof MinaConnection mina && !mina.closed() && mina.session().isOpen()
                && !mina.session().isClosing();
    }

    @Override
    public Connection connect(Host host, Duration timeout) throws TransportException, InterruptedException {
        Objects.requireNonNull(host, "host");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive: " + timeout);
        }
        if (!client.isStarted()) {
            throw new IllegalStateException("the transport is closed");
        }
        return connect(host, System.nanoTime() + timeout.toNanos(), timeout);
    }

    /**
     * Connects to {@code host}, through its jump host if it has one, by the {@link System#nanoTime()} deadline;
     * {@code timeout} is the limit as messages give it.
     */
    private MinaConnection connect(Host host, long deadline, Duration timeout)
            throws TransportException, InterruptedException {
        if (host.route() instanceof Route.Unsupported unsupported) {
            throw new TransportException(TransportException.Kind.CONNECT, "fanout cannot connect through "
                    + unsupported + "; use ProxyJump, or give the host a direct address in the inventory");
        }
        Identities.Offer offer = identities.forHost(host);
        HostKeyCheck check = hostKeyCheck(host);
        var attempt = new Attempt(check, offer.agentKeys());
        ExplicitPortForwardingTracker tunnel = host.jump() == null ? null : jumpHosts.tunnel(host, deadline);
        try {
            SocketAddress target = tunnel != null ? tunnel.getBoundAddress().toInetSocketAddress()
                    : new InetSocketAddress(resolve(host.address(), deadline, timeout), host.port());
            String where = host.address() + ":" + host.port()
                    + (tunnel != null ? " (through jump host " + host.jump().name() + ")" : "");
            return connect(host, target, where, attempt, offer, deadline, timeout);
        } finally {
            if (tunnel != null) {
                closeTunnel(tunnel);
            }
        }
    }

    private MinaConnection connect(Host host, SocketAddress target, String where, Attempt attempt,
                                   Identities.Offer offer, long deadline, Duration timeout)
            throws TransportException, InterruptedException {
        ConnectFuture connecting;
        try {
            connecting = client.connect(host.user(), target, attempt.context(), null);
        } catch (IOException e) {
            throw new TransportException(TransportException.Kind.CONNECT, Display.oneLine(e), where, e);
        }
        ClientSession session;
        try {
            ConnectFuture done = Waits.await(connecting, deadline);
            if (!done.isConnected()) {
                if (attempt.verdict() instanceof HostKeyCheck.Verdict.Rejected rejected) {
                    throw rejected.failure();
                }
                throw Failures.connecting(done.getException(), where);
            }
            session = done.getClientSession();
        } catch (TimeoutException e) {
            abandon(connecting);
            throw new TransportException(TransportException.Kind.CONNECT_TIMEOUT,
                    "TCP connection timed out after " + Display.duration(timeout), where, null);
        } catch (InterruptedException e) {
            abandon(connecting);
            throw e;
        }

        try {
            authenticate(session, attempt, host, offer, deadline, timeout, where);
        } catch (TransportException | InterruptedException | RuntimeException | Error e) {
            session.close(true);
            throw e;
        }
        return new MinaConnection(session);
    }

    /**
     * Stops listening on a tunnel's local port once the host's connection through it is made (or failed): the
     * forwarded connection lives on, and no other local process can use the tunnel from then on.
     */
    private static void closeTunnel(ExplicitPortForwardingTracker tunnel) {
        try {
            tunnel.close();
        } catch (IOException | RuntimeException e) {
            // The jump session is closing: the tunnel goes with it.
        }
    }

    private void authenticate(ClientSession session, Attempt attempt, Host host, Identities.Offer offer,
                              long deadline, Duration timeout, String where)
            throws TransportException, InterruptedException {
        for (KeyPair key : offer.keys()) {
            session.addPublicKeyIdentity(key);
        }
        if (host.password() != null) {
            session.addPasswordIdentity(host.password().revealString());
        }
        AuthFuture authenticating;
        try {
            authenticating = session.auth();
        } catch (IOException e) {
            throw handshakeFailure(session, attempt, e, where);
        }
        AuthFuture done;
        try {
            done = Waits.await(authenticating, deadline);
        } catch (TimeoutException e) {
            throw new TransportException(TransportException.Kind.HANDSHAKE_TIMEOUT,
                    timeoutPhase(session, attempt) + " after " + Display.duration(timeout), where, null);
        }
        recordNewHostKey(attempt);
        if (done.isSuccess()) {
            return;
        }
        Throwable failure = done.getException();
        if (failure != null && !Failures.isAuthFailure(failure)) {
            throw handshakeFailure(session, attempt, failure, where);
        }
        throw new TransportException(TransportException.Kind.AUTH,
                authFailureMessage(attempt.triedMethods(), host, offer), host.user() + "@" + where, null);
    }

    private static TransportException handshakeFailure(ClientSession session, Attempt attempt, Throwable failure,
                                                       String where) {
        if (attempt.verdict() instanceof HostKeyCheck.Verdict.Rejected rejected) {
            return rejected.failure();
        }
        return Failures.handshake(failure, session.getServerVersion() != null, where);
    }

    private static String timeoutPhase(ClientSession session, Attempt attempt) {
        if (session.getServerVersion() == null) {
            return "no SSH banner";
        }
        if (attempt.verdict() == null) {
            return "SSH key exchange did not finish";
        }
        return "authentication did not finish";
    }

    private void recordNewHostKey(Attempt attempt) throws TransportException {
        if (attempt.verdict() instanceof HostKeyCheck.Verdict.New fresh) {
            HostKeyCheck check = attempt.hostKeyCheck();
            try {
                knownHosts.append(check.file(), check.hostName(), fresh.keyType(), fresh.keyBlob());
            } catch (IOException e) {
                throw new TransportException(TransportException.Kind.CREDENTIALS, "cannot record the new host key in "
                        + check.displayFile() + ": " + Display.oneLine(e), e);
            }
        }
    }

    /**
     * Why no credential was accepted, in the words of {@code authentication failed: tried publickey (agent: 2 keys;
     * ~/.ssh/id_ed25519), password; server allows publickey, password}: the methods fanout tried with a credential
     * and which keys, then the methods the server let it start (MINA starts only those the server lists), then the
     * credentials that could not be used.
     */
    static String authFailureMessage(Set<String> tried, Host host, Identities.Offer offer) {
        var offered = new ArrayList<String>();
        var allowed = new ArrayList<String>();
        for (String method : List.of("publickey", "password", "keyboard-interactive")) {
            boolean haveCredential = method.equals("publickey") ? offer.hasKeys() : host.password() != null;
            if (tried.contains(method)) {
                allowed.add(method);
                if (haveCredential) {
                    offered.add(method.equals("publickey") ? "publickey (" + keysOffered(offer) + ")" : method);
                }
            }
        }
        var message = new StringBuilder("authentication failed: ");
        if (offered.isEmpty()) {
            message.append(host.password() == null && !offer.hasKeys()
                    ? "no password and no usable key to offer"
                    : "the server accepts none of the offered methods");
        } else {
            message.append("tried ").append(String.join(", ", offered));
        }
        message.append("; server allows ").append(allowed.isEmpty() ? "none of publickey, password" : String.join(", ", allowed));
        for (String reason : offer.skipped()) {
            message.append("; ").append(reason);
        }
        return message.toString();
    }

    /** The keys of an offer: {@code agent: 2 keys; ~/.ssh/id_ed25519}. */
    private static String keysOffered(Identities.Offer offer) {
        var parts = new ArrayList<String>();
        if (offer.agentKeys() != null && !offer.agentKeys().keys().isEmpty()) {
            int n = offer.agentKeys().keys().size();
            parts.add("agent: " + n + (n == 1 ? " key" : " keys"));
        }
        parts.addAll(offer.keyFiles());
        return String.join("; ", parts);
    }

    /**
     * What {@code host}'s known_hosts files say of it, as OpenSSH reads them: the host's own file (by default
     * {@code ~/.ssh/known_hosts} and {@code ~/.ssh/known_hosts2}), then the system's files of
     * {@link Options#globalKnownHosts()}; a file that does not exist is empty.
     */
    private HostKeyCheck hostKeyCheck(Host host) throws TransportException {
        Path ssh = options.userHome().resolve(".ssh");
        Path file = host.knownHosts() != null ? host.knownHosts() : ssh.resolve("known_hosts");
        var files = new ArrayList<Path>();
        files.add(file);
        if (host.knownHosts() == null) {
            files.add(ssh.resolve("known_hosts2"));
        }
        files.addAll(options.globalKnownHosts());
        String hostName = HostKeyCheck.hostName(host.address(), host.port());
        var known = new ArrayList<HostKeyCheck.Known>();
        var revoked = new ArrayList<HostKeyCheck.Known>();
        for (Path each : files) {
            String shown = Display.path(each, options.userHome());
            KnownHostsFile content;
            try {
                content = knownHosts.read(each);
            } catch (IOException e) {
                throw new TransportException(TransportException.Kind.CREDENTIALS,
                        "cannot read " + shown + ": " + Display.oneLine(e), e);
            }
            content.keysOf(hostName).forEach(entry -> known.add(new HostKeyCheck.Known(entry, shown)));
            content.revokedFor(hostName).forEach(entry -> revoked.add(new HostKeyCheck.Known(entry, shown)));
        }
        return new HostKeyCheck(hostName, file, Display.path(file, options.userHome()), options.hostKeyPolicy(),
                known, revoked);
    }

    /**
     * The address of {@code address} (a name or an IP literal) by the deadline: a name is resolved by
     * {@link Options#resolver()} on a virtual thread of its own, which is interrupted and left behind when the
     * deadline passes (the JDK's resolver cannot be interrupted, the host must not wait for it).
     */
    private InetAddress resolve(String address, long deadline, Duration timeout)
            throws TransportException, InterruptedException {
        try {
            return InetAddress.ofLiteral(address);
        } catch (IllegalArgumentException notALiteral) {
            // a name: resolve it below
        }
        var lookup = new CompletableFuture<InetAddress>();
        Thread resolving = Thread.ofVirtual().name("fanout-resolve").start(() -> {
            try {
                lookup.complete(options.resolver().resolve(address));
            } catch (Throwable t) {
                lookup.completeExceptionally(t);
            }
        });
        try {
            return lookup.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            resolving.interrupt();
            throw new TransportException(TransportException.Kind.CONNECT_TIMEOUT,
                    "name resolution timed out after " + Display.duration(timeout), address, null);
        } catch (InterruptedException e) {
            resolving.interrupt();
            throw e;
        } catch (ExecutionException e) {
            Throwable failure = e.getCause();
            if (failure instanceof UnknownHostException unknown) {
                String text = String.valueOf(unknown.getMessage()).toLowerCase(Locale.ROOT);
                throw text.contains("temporary failure")
                        ? new TransportException(TransportException.Kind.CONNECT,
                                "temporary failure in name resolution", address, failure)
                        : new TransportException(TransportException.Kind.UNKNOWN_HOST, "no such host", address, failure);
            }
            throw new TransportException(TransportException.Kind.CONNECT,
                    "cannot resolve the name: " + Display.oneLine(failure), address, failure);
        }
    }

    /**
     * Closes the session of a connection attempt the caller gave up on, now or whenever it appears. The attempt is
     * not cancelled: MINA 2.19 leaks an established socket when a connect is cancelled before its resume task ran,
     * while an attempt left alone either fails by itself (at the latest after MINA's one-minute I/O connect timeout)
     * or yields a session that is closed at once.
     */
    private static void abandon(ConnectFuture connecting) {
        connecting.addListener(f -> {
            ClientSession late = f.isConnected() ? f.getClientSession() : null;
            if (late != null) {
                late.close(true);
            }
        });
    }

    /** Stops the client: closes every connection still open and releases the I/O threads. */
    @Override
    public void close() {
        jumpHosts.close();
        client.stop();
    }

    /**
     * How a transport checks hosts and finds keys.
     *
     * @param hostKeyPolicy what to do with an unknown host key
     * @param userHome      the home whose {@code .ssh} holds the default keys and known_hosts
     * @param passphrases   gives the passphrase of an encrypted key file (asked once per file), or returns null when
     *                      there is none; null when no passphrase can be given at all
     * @param agentSocket   the ssh-agent socket (usually {@code $SSH_AUTH_SOCK}) whose keys are offered to hosts
     *                      without IdentitiesOnly, or null for no agent
     * @param globalKnownHosts the system's known_hosts files, read after the host's own (OpenSSH's
     *                      GlobalKnownHostsFile); new keys are never written there
     * @param resolver      turns host names into addresses, within each host's connect timeout
     * @param chaCha20First whether chacha20-poly1305 comes before AES-GCM ({@link #withChaCha20First})
     */
    public record Options(HostKeyPolicy hostKeyPolicy, Path userHome, Function<Path, Secret> passphrases,
                          Path agentSocket, List<Path> globalKnownHosts, HostResolver resolver,
                          boolean chaCha20First) {

        /** The system's known_hosts files OpenSSH reads after the user's (its GlobalKnownHostsFile default). */
        public static final List<Path> SYSTEM_KNOWN_HOSTS = List.of(Path.of("/etc/ssh/ssh_known_hosts"),
                Path.of("/etc/ssh/ssh_known_hosts2"));

        public Options {
            Objects.requireNonNull(hostKeyPolicy, "hostKeyPolicy");
            Objects.requireNonNull(userHome, "userHome");
            globalKnownHosts = List.copyOf(globalKnownHosts);
            Objects.requireNonNull(resolver, "resolver");
        }

        /** Options with the system's resolver. */
        public Options(HostKeyPolicy hostKeyPolicy, Path userHome, Function<Path, Secret> passphrases,
                       Path agentSocket, List<Path> globalKnownHosts) {
            this(hostKeyPolicy, userHome, passphrases, agentSocket, globalKnownHosts, HostResolver.SYSTEM, false);
        }

        /**
         * Strict host-key checking, the current user's home, the system's known_hosts files, no passphrases and no
         * agent (the environment's {@code SSH_AUTH_SOCK} is not read here: pass it with {@link #withAgentSocket}).
         */
        public static Options defaults() {
            return new Options(HostKeyPolicy.STRICT, Path.of(System.getProperty("user.home")), null, null,
                    SYSTEM_KNOWN_HOSTS);
        }

        public Options withHostKeyPolicy(HostKeyPolicy policy) {
            return new Options(policy, userHome, passphrases, agentSocket, globalKnownHosts, resolver, chaCha20First);
        }

        public Options withUserHome(Path home) {
            return new Options(hostKeyPolicy, home, passphrases, agentSocket, globalKnownHosts, resolver, chaCha20First);
        }

        public Options withPassphrases(Function<Path, Secret> callback) {
            return new Options(hostKeyPolicy, userHome, callback, agentSocket, globalKnownHosts, resolver, chaCha20First);
        }

        public Options withAgentSocket(Path socket) {
            return new Options(hostKeyPolicy, userHome, passphrases, socket, globalKnownHosts, resolver, chaCha20First);
        }

        public Options withGlobalKnownHosts(List<Path> files) {
            return new Options(hostKeyPolicy, userHome, passphrases, agentSocket, files, resolver, chaCha20First);
        }

        public Options withResolver(HostResolver names) {
            return new Options(hostKeyPolicy, userHome, passphrases, agentSocket, globalKnownHosts, names, chaCha20First);
        }

        /**
         * These options with chacha20-poly1305 preferred to AES-GCM: the faster of the two in a JVM that compiles
         * with C1 only, whose code has no AES or GHASH intrinsics ({@code -XX:TieredStopAtLevel=1}, as fanout's
         * launcher starts the commands that move no file data). AES-GCM comes first otherwise.
         */
        public Options withChaCha20First(boolean first) {
            return new Options(hostKeyPolicy, userHome, passphrases, agentSocket, globalKnownHosts, resolver, first);
        }
    }

    /** Judges the server's key with the connection's {@link HostKeyCheck}; runs on an I/O thread, in memory only. */
    private static final class Verifier implements ServerKeyVerifier {
        @Override
        public boolean verifyServerKey(ClientSession session, SocketAddress remoteAddress, PublicKey serverKey) {
            Attempt attempt = Attempt.of(session);
            if (attempt == null) {
                return false;
            }
            HostKeyCheck.Verdict verdict = attempt.hostKeyCheck().judge(serverKey);
            attempt.verdict(verdict);
            return !(verdict instanceof HostKeyCheck.Verdict.Rejected);
        }
    }

    /** Orders a new session's host-key algorithms from its host's known key types, before its key exchange starts. */
    private final class HostKeyOrder implements SessionListener {
        @Override
        public void sessionCreated(Session session) {
            Attempt attempt = session instanceof ClientSession client ? Attempt.of(client) : null;
            if (attempt != null && !attempt.hostKeyCheck().known().isEmpty()) {
                session.setSignatureFactories(Algorithms.preferKnownTypes(signatures,
                        attempt.hostKeyCheck().knownKeyTypes()));
            }
        }
    }

    /** A user-auth method that notes, on the session, that it was attempted. */
    private record Recording(UserAuthFactory delegate) implements UserAuthFactory {
        @Override
        public String getName() {
            return delegate.getName();
        }

        @Override
        public UserAuth createUserAuth(ClientSession session) throws IOException {
            Attempt attempt = Attempt.of(session);
            if (attempt != null) {
                attempt.triedMethods().add(delegate.getName());
            }
            return delegate.createUserAuth(session);
        }
    }
}
