package dev.fanout.ssh;

import org.apache.sshd.agent.SshAgentConstants;
import org.apache.sshd.common.SshException;
import org.apache.sshd.common.util.buffer.Buffer;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

import java.io.IOException;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Duration;
import java.util.AbstractMap.SimpleImmutableEntry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A client of the user's ssh-agent over its Unix-domain socket ({@code SSH_AUTH_SOCK}), using the JDK's
 * {@link UnixDomainSocketAddress} (MINA's own agent client needs native libraries). Each request opens its own
 * connection to the agent. Stateless apart from the socket path, and thread-safe.
 */
final class AgentClient {

    /** How long an agent may take to answer: it may ask its user to confirm a signature. */
    static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(30);

    private static final int MAX_ANSWER = 256 * 1024;
    private static final int RSA_SHA2_256 = 2;
    private static final int RSA_SHA2_512 = 4;

    private final Path socket;

    AgentClient(Path socket) {
        this.socket = socket;
    }

    Path socket() {
        return socket;
    }

    /** The public keys the agent holds, with their comments; keys of types MINA cannot read are left out. */
    List<Map.Entry<PublicKey, String>> identities() throws IOException {
        var request = new ByteArrayBuffer();
        request.putByte(SshAgentConstants.SSH2_AGENTC_REQUEST_IDENTITIES);
        Buffer answer = exchange(request);
        expect(answer, SshAgentConstants.SSH2_AGENT_IDENTITIES_ANSWER, "listing keys");
        long count = answer.getUInt();
        if (count > 1024) {
            throw new IOException("the agent claims " + count + " keys");
        }
        var keys = new ArrayList<Map.Entry<PublicKey, String>>();
        for (long i = 0; i < count; i++) {
            byte[] blob = answer.getBytes();
            String comment = answer.getString();
            try {
                keys.add(new SimpleImmutableEntry<>(new ByteArrayBuffer(blob).getRawPublicKey(), comment));
            } catch (SshException | RuntimeException e) {
                // A key type this client cannot use (e.g. a certificate or a hardware key): skip it.
            }
        }
        return keys;
    }

    /**
     * Has the agent sign {@code data} with the private half of {@code key} using {@code algorithm}.
     *
     * @return the signature algorithm the agent used and the raw signature
     */
    Map.Entry<String, byte[]> sign(PublicKey key, String algorithm, byte[] data) throws IOException {
        var request = new ByteArrayBuffer();
        request.putByte(SshAgentConstants.SSH2_AGENTC_SIGN_REQUEST);
        request.putPublicKey(key);
        request.putBytes(data);
        request.putUInt(switch (String.valueOf(algorithm)) {
            case "rsa-sha2-256" -> RSA_SHA2_256;
            case "rsa-sha2-512" -> RSA_SHA2_512;
            default -> 0;
        });
        Buffer answer = exchange(request);
        expect(answer, SshAgentConstants.SSH2_AGENT_SIGN_RESPONSE, "signing");
        var signature = new ByteArrayBuffer(answer.getBytes());
        return new SimpleImmutableEntry<>(signature.getString(), signature.getBytes());
    }

    private static void expect(Buffer answer, byte type, String what) throws IOException {
        int got = answer.getUByte();
        if (got != (type & 0xff)) {
            throw new IOException("the agent refused " + what + " (answer type " + got + ")");
        }
    }

    /**
     * Sends one framed request and reads the framed answer. The blocking socket I/O runs on a virtual thread so that
     * the wait is bounded by {@link #ANSWER_TIMEOUT} even when called from a MINA I/O thread.
     */
    private Buffer exchange(Buffer request) throws IOException {
        SocketChannel channel = SocketChannel.open(UnixDomainSocketAddress.of(socket));
        var answer = new CompletableFuture<Buffer>();
        Thread.ofVirtual().start(() -> {
            try {
                byte[] payload = request.getCompactData();
                ByteBuffer out = ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).flip();
                while (out.hasRemaining()) {
                    channel.write(out);
                }
                ByteBuffer length = readFully(channel, ByteBuffer.allocate(4));
                int size = length.getInt(0);
                if (size <= 0 || size > MAX_ANSWER) {
                    throw new IOException("the agent sent an answer of " + size + " bytes");
                }
                answer.complete(new ByteArrayBuffer(readFully(channel, ByteBuffer.allocate(size)).array()));
            } catch (IOException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try (channel) {
            return answer.get(ANSWER_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new IOException("the agent did not answer within " + Display.duration(ANSWER_TIMEOUT));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the agent", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(Display.oneLine(e.getCause()),
                    e.getCause());
        }
    }

    private static ByteBuffer readFully(SocketChannel channel, ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new IOException("the agent closed the connection");
            }
        }
        return buffer;
    }
}
