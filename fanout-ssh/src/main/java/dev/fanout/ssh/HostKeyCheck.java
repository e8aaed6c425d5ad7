package dev.fanout.ssh;

import dev.fanout.core.transport.TransportException;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.util.buffer.ByteArrayBuffer;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * What one connection knows of its host's keys before the handshake (the entries for its name in every known_hosts
 * file it reads: the user's, then the system's), and the judgement of the key the server then shows, following
 * OpenSSH: a key recorded for the name is trusted; a name with no recorded key is unknown; a name with other keys
 * is a changed key. Immutable and thread-safe.
 *
 * @param hostName    the name as known_hosts writes it: {@code host}, or {@code [host]:port} off port 22
 * @param file        the user's known_hosts file, where a new key is recorded
 * @param displayFile that file as messages show it (e.g. {@code ~/.ssh/known_hosts})
 * @param policy      what to do with an unknown key
 * @param known       the plain entries for the name, from every file read
 * @param revoked     the {@code @revoked} entries for the name, from every file read
 */
record HostKeyCheck(String hostName, Path file, String displayFile, HostKeyPolicy policy,
                    List<Known> known, List<Known> revoked) {

    /** An entry of a known_hosts file, with the file as messages show it. */
    record Known(KnownHostsFile.Entry entry, String file) {
        String where() {
            return file + ":" + entry.line();
        }
    }

    HostKeyCheck {
        known = List.copyOf(known);
        revoked = List.copyOf(revoked);
    }

    /** The name known_hosts uses for {@code address} and {@code port}. */
    static String hostName(String address, int port) {
        return port == 22 ? address : "[" + address + "]:" + port;
    }

    /** The key types recorded for the host, in file order; the handshake should prefer these. */
    SequencedSet<String> knownKeyTypes() {
        var types = new LinkedHashSet<String>();
        known.forEach(known -> types.add(known.entry().keyType()));
        return types;
    }

    /** Judges the key the server showed. */
    Verdict judge(PublicKey key) {
        String type = KeyUtils.getKeyType(key);
        var buffer = new ByteArrayBuffer();
        buffer.putRawPublicKey(key);
        byte[] blob = buffer.getCompactData();
        String shown = type + " " + KeyUtils.getFingerPrint(key);
        for (Known entry : revoked) {
            if (Arrays.equals(entry.entry().keyBlob(), blob)) {
                return new Verdict.Rejected(TransportException.Kind.HOST_KEY_CHANGED,
                        "host key for " + hostName + " (" + shown + ") is marked @revoked in " + entry.where());
            }
        }
        if (known.stream().anyMatch(entry -> Arrays.equals(entry.entry().keyBlob(), blob))) {
            return Verdict.TRUSTED;
        }
        if (known.isEmpty()) {
            if (policy == HostKeyPolicy.ACCEPT_NEW) {
                return new Verdict.New(type, blob);
            }
            return new Verdict.Rejected(TransportException.Kind.HOST_KEY_UNKNOWN,
                    "host key is not known; verify it, then use --accept-new or add it to " + displayFile,
                    hostName + ": " + shown);
        }
        Known sameType = known.stream().filter(e -> e.entry().keyType().equals(type)).findFirst().orElse(null);
        if (sameType != null) {
            return new Verdict.Rejected(TransportException.Kind.HOST_KEY_CHANGED,
                    "host key for " + hostName + " has CHANGED (" + shown + "): possible man-in-the-middle;"
                            + " remove the old key from " + sameType.where() + " if the change is expected");
        }
        // The handshake preferred the recorded types, so the server offers none of them: treat as a change, as
        // accepting it would let a man-in-the-middle in simply by offering another key type.
        return new Verdict.Rejected(TransportException.Kind.HOST_KEY_CHANGED,
                "host key for " + hostName + " has CHANGED: the server offers " + shown + " but only "
                        + String.join(", ", knownKeyTypes()) + " keys are known (" + known.getFirst().where()
                        + "): possible man-in-the-middle; remove the old key from " + known.getFirst().where()
                        + " if the change is expected");
    }

    /** The judgement of a server's host key. */
    sealed interface Verdict {
        Verdict TRUSTED = new Trusted();

        /** The key is recorded for the host. */
        record Trusted() implements Verdict {
        }

        /** The key is unknown and the policy accepts it: it must be recorded once the handshake is done. */
        record New(String keyType, byte[] keyBlob) implements Verdict {
        }

        /**
         * The key must not be trusted, for the reason given; {@code detail} is what is this host's alone (its name
         * and the key's fingerprint), or empty when the reason names them itself.
         */
        record Rejected(TransportException.Kind kind, String reason, String detail) implements Verdict {

            Rejected(TransportException.Kind kind, String reason) {
                this(kind, reason, "");
            }

            TransportException failure() {
                return new TransportException(kind, reason, detail, null);
            }
        }
    }
}
