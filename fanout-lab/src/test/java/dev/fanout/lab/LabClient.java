package dev.fanout.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

import org.apache.sshd.client.SshClient;
import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.config.hosts.HostConfigEntryResolver;
import org.apache.sshd.client.keyverifier.KnownHostsServerKeyVerifier;
import org.apache.sshd.client.keyverifier.RejectAllServerKeyVerifier;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.SshConstants;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.keyprovider.KeyIdentityProvider;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * A real MINA SSH client for the tests, verifying host keys strictly against the lab's known_hosts and holding no
 * identities but the ones a test adds. Thread-safe.
 */
final class LabClient implements AutoCloseable {
    /** Generous, because the tests share two cores with other builds; a timeout fails the test rather than hides. */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Lab lab;
    private final SshClient client;
    private final KeyPair clientKey;

    LabClient(Lab lab) throws IOException {
        this(lab, lab.clientKey());
    }

    /** A client for the lab that logs in with the key in {@code keyFile} rather than the lab's. */
    LabClient(Lab lab, Path keyFile) throws IOException {
        this.lab = lab;
        this.clientKey = loadKey(keyFile);
        client = SshClient.setUpDefaultClient();
        client.setHostConfigEntryResolver(HostConfigEntryResolver.EMPTY);
        client.setKeyIdentityProvider(KeyIdentityProvider.EMPTY_KEYS_PROVIDER);
        client.setServerKeyVerifier(new KnownHostsServerKeyVerifier(RejectAllServerKeyVerifier.INSTANCE,
                lab.knownHosts()));
        List<KeyExchangeFactory> kex = new ArrayList<>(client.getKeyExchangeFactories());
        kex.sort(Comparator.comparingInt(f -> f.getName().startsWith("mlkem768x25519") ? 0
                : f.getName().startsWith("curve25519") ? 1 : 2));
        client.setKeyExchangeFactories(kex);
        client.start();
    }

    /** Loads a private key with MINA's own loaders, as fanout will. */
    static KeyPair loadKey(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in, null)
                    .iterator().next();
        } catch (GeneralSecurityException e) {
            throw new IOException(e);
        }
    }

    /** A session to the host authenticated with the lab's client key. */
    ClientSession loginWithKey(LabHost host) throws IOException {
        ClientSession session = connect(host, lab.user());
        session.addPublicKeyIdentity(clientKey);
        return authenticate(session);
    }

    /** A session to the host authenticated with {@code password}. */
    ClientSession loginWithPassword(LabHost host, String user, String password) throws IOException {
        ClientSession session = connect(host, user);
        session.addPasswordIdentity(password);
        return authenticate(session);
    }

    ClientSession loginWithKey(LabHost host, String user) throws IOException {
        ClientSession session = connect(host, user);
        session.addPublicKeyIdentity(clientKey);
        return authenticate(session);
    }

    private ClientSession connect(LabHost host, String user) throws IOException {
        return client.connect(user, host.address(), lab.port()).verify(TIMEOUT).getSession();
    }

    private static ClientSession authenticate(ClientSession session) throws IOException {
        try {
            session.auth().verify(TIMEOUT);
            return session;
        } catch (IOException | RuntimeException e) {
            session.close(true);
            throw e;
        }
    }

    /** What a command printed and how it exited. */
    record Result(String stdout, String stderr, Integer exitStatus) {
    }

    /** Runs {@code command} on a new session to the host (key login), with no input. */
    Result run(LabHost host, String command) throws IOException {
        try (ClientSession session = loginWithKey(host)) {
            return run(session, command, null);
        }
    }

    /** Runs {@code command} on the session, feeding it {@code input} (then EOF) if not null. */
    static Result run(ClientSession session, String command, String input) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ChannelExec channel = session.createExecChannel(command)) {
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(TIMEOUT);
            try (OutputStream in = channel.getInvertedIn()) {
                if (input != null) {
                    in.write(input.getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
            }
            Set<ClientChannelEvent> events = channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), TIMEOUT);
            if (!events.contains(ClientChannelEvent.CLOSED)) {
                throw new SocketTimeoutException("'" + command + "' did not finish within " + TIMEOUT);
            }
            return new Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    channel.getExitStatus());
        }
    }

    /** Sends an SSH "signal" channel request (RFC 4254 6.9), which MINA's client has no method for. */
    static void sendSignal(ChannelExec channel, String signal) throws IOException {
        ClientSession session = channel.getClientSession();
        Buffer buffer = session.createBuffer(SshConstants.SSH_MSG_CHANNEL_REQUEST, signal.length() + 32);
        buffer.putUInt(channel.getRecipient());
        buffer.putString("signal");
        buffer.putBoolean(false);
        buffer.putString(signal);
        session.writePacket(buffer).verify(TIMEOUT);
    }

    @Override
    public void close() throws IOException {
        client.stop();
    }
}
