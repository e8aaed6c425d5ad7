package dev.fanout.ssh;

import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.PublicKeyEntryResolver;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;
import org.apache.sshd.server.Environment;
import org.apache.sshd.server.ExitCallback;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.auth.UserAuthFactory;
import org.apache.sshd.server.auth.keyboard.UserAuthKeyboardInteractiveFactory;
import org.apache.sshd.server.auth.password.UserAuthPasswordFactory;
import org.apache.sshd.server.auth.pubkey.UserAuthPublicKeyFactory;
import org.apache.sshd.server.channel.ChannelSession;
import org.apache.sshd.server.command.Command;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArraySet;

/**
 * An in-process MINA SSH server on 127.0.0.1 and a free port, for the transport's tests: one user with a password
 * and authorized keys, commands run by {@code /bin/sh -c}, SFTP jailed in a directory. Thread-safe.
 */
final class InProcessServer implements AutoCloseable {

    static final String USER = "alice";
    static final String PASSWORD = "wonderland";

    private final SshServer server;
    private final KeyPair hostKey;
    private final Set<PublicKey> authorized = new CopyOnWriteArraySet<>();

    private InProcessServer(Path files, KeyPair hostKey, List<UserAuthFactory> methods) throws IOException {
        this.hostKey = hostKey;
        server = SshServer.setUpDefaultServer();
        server.setHost("127.0.0.1");
        server.setPort(0);
        server.setKeyPairProvider(KeyPairProvider.wrap(hostKey));
        server.setUserAuthFactories(methods);
        server.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user)
                && authorized.stream().anyMatch(known -> KeyUtils.compareKeys(known, key)));
        server.setCommandFactory((channel, command) -> new ShellCommand(command));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        server.setFileSystemFactory(new VirtualFileSystemFactory(files));
        server.start();
    }

    /** A server allowing public keys, passwords and keyboard-interactive, serving {@code files} over SFTP. */
    static InProcessServer start(Path files) throws IOException {
        return new InProcessServer(files, newHostKey(), List.of(UserAuthPublicKeyFactory.INSTANCE,
                UserAuthKeyboardInteractiveFactory.INSTANCE, UserAuthPasswordFactory.INSTANCE));
    }

    /** A server whose only method is keyboard-interactive (answered with the password). */
    static InProcessServer startKeyboardInteractiveOnly(Path files) throws IOException {
        return new InProcessServer(files, newHostKey(), List.of(UserAuthKeyboardInteractiveFactory.INSTANCE));
    }

    static KeyPair newHostKey() {
        try {
            return KeyUtils.generateKeyPair("ssh-ed25519", 256);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot generate an ed25519 key", e);
        }
    }

    String address() {
        return "127.0.0.1";
    }

    int port() {
        return server.getPort();
    }

    /** {@code [127.0.0.1]:port}, as known_hosts names this server. */
    String knownHostsName() {
        return "[" + address() + "]:" + port();
    }

    /** The server's key as known_hosts writes it after the host name: {@code ssh-ed25519 AAAA...}. */
    String hostKeyText() {
        return keyText(hostKey.getPublic());
    }

    PublicKey hostPublicKey() {
        return hostKey.getPublic();
    }

    /** A full known_hosts line for this server. */
    String hostKeyLine() {
        return knownHostsName() + " " + hostKeyText();
    }

    static String keyText(PublicKey key) {
        var buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(key);
        return KeyUtils.getKeyType(key) + " " + Base64.getEncoder().encodeToString(buffer.getCompactData());
    }

    /** Lets the user in with the key of an OpenSSH public key line. */
    void authorize(String publicKeyLine) throws IOException, GeneralSecurityException {
        authorized.add(PublicKeyEntry.parsePublicKeyEntry(publicKeyLine)
                .resolvePublicKey(null, Map.of(), PublicKeyEntryResolver.FAILING));
    }

    @Override
    public void close() throws IOException {
        server.stop(true);
    }

    /** Runs a command with {@code /bin/sh -c}, pumping its streams on virtual threads; SIGTERM-able. */
    private static final class ShellCommand implements Command {
        private final String command;
        private InputStream in;
        private OutputStream out;
        private OutputStream err;
        private ExitCallback exit;
        private Process process;

        ShellCommand(String command) {
            this.command = command;
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
            this.exit = callback;
        }

        @Override
        public void start(ChannelSession channel, Environment env) throws IOException {
            process = new ProcessBuilder("/bin/sh", "-c", command).start();
            env.addSignalListener((ch, signal) -> process.destroy());
            Thread.ofVirtual().start(() -> pump(in, process.getOutputStream(), true));
            Thread outPump = Thread.ofVirtual().start(() -> pump(process.getInputStream(), out, false));
            Thread errPump = Thread.ofVirtual().start(() -> pump(process.getErrorStream(), err, false));
            Thread.ofVirtual().start(() -> {
                try {
                    outPump.join();
                    errPump.join();
                    exit.onExit(process.waitFor());
                } catch (InterruptedException e) {
                    exit.onExit(255);
                }
            });
        }

        /**
         * Copies {@code from} to {@code to} until end-of-stream; closes {@code to} after when asked. Once {@code to}
         * fails (a process that stopped reading its stdin), the rest is read and dropped, as sshd does: closing the
         * channel's stream early would fail the whole session when the client sends more.
         */
        private static void pump(InputStream from, OutputStream to, boolean closeTarget) {
            byte[] buffer = new byte[32 * 1024];
            boolean writing = true;
            try (from) {
                for (int n; (n = from.read(buffer)) >= 0; ) {
                    try {
                        if (writing) {
                            to.write(buffer, 0, n);
                            to.flush();
                        }
                    } catch (IOException e) {
                        writing = false;
                    }
                }
                if (closeTarget) {
                    to.close();
                }
            } catch (IOException e) {
                // The channel or the process went away: nothing more to pump.
            }
        }

        @Override
        public void destroy(ChannelSession channel) {
            if (process != null) {
                process.destroyForcibly();
            }
        }
    }
}
