package dev.fanout.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A client key pair written by {@code ssh-keygen} for a test, in OpenSSH's own format. Immutable.
 *
 * @param privateKey    the private key file (mode 600)
 * @param publicKey     the public key file, {@code privateKey + ".pub"}
 * @param publicKeyLine the public key as one authorized_keys line, {@code ssh-ed25519 AAAA... comment}
 */
public record ClientKey(Path privateKey, Path publicKey, String publicKeyLine) {

    /** Generates an unencrypted ed25519 key pair at {@code privateKey}, which must not exist yet. */
    public static ClientKey generateEd25519(Path privateKey) throws IOException {
        return generate(privateKey, "ed25519", "");
    }

    /**
     * Generates a key pair of {@code type} ({@code ed25519}, {@code ecdsa}, {@code rsa}) at {@code privateKey},
     * encrypted with {@code passphrase} unless it is empty, in OpenSSH's own format. Needs {@code ssh-keygen} on the
     * path.
     */
    public static ClientKey generate(Path privateKey, String type, String passphrase) throws IOException {
        return generate(privateKey, type, passphrase, "RFC4716");
    }

    /**
     * Like {@link #generate(Path, String, String)}, with the private key in {@code format}: {@code RFC4716} (OpenSSH's
     * own), {@code PKCS8} or {@code PEM}, as {@code ssh-keygen -m} names them.
     */
    public static ClientKey generate(Path privateKey, String type, String passphrase, String format)
            throws IOException {
        if (Files.exists(privateKey)) {
            throw new IllegalArgumentException("key file already exists: " + privateKey);
        }
        Path parent = privateKey.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Commands.run(List.of("ssh-keygen", "-q", "-t", type, "-m", format, "-N", passphrase, "-C", "fanout-test-client", "-f",
                privateKey.toString()), null, Duration.ofSeconds(60));
        Path publicKey = privateKey.resolveSibling(privateKey.getFileName() + ".pub");
        return new ClientKey(privateKey, publicKey, Files.readString(publicKey).strip());
    }
}
