package dev.fanout.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.Iterator;

import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.keyprovider.KeyPairProvider;
import org.apache.sshd.common.util.security.SecurityUtils;

/**
 * Loads or creates the lab's unencrypted ed25519 key pairs, stored in OpenSSH format ({@code name} mode 0600 and
 * {@code name.pub}). Stateless and thread-safe.
 */
final class LabKeys {
    private LabKeys() {
    }

    /** The key pair in {@code file}, or a new one written there (with a {@code .pub} beside it) if the file is missing. */
    static KeyPair loadOrCreate(Path file, String comment) throws IOException {
        if (Files.exists(file)) {
            return load(file);
        }
        KeyPair pair;
        ByteArrayOutputStream privateText = new ByteArrayOutputStream();
        try {
            pair = KeyUtils.generateKeyPair(KeyPairProvider.SSH_ED25519, 256);
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, comment, null, privateText);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot create an ed25519 key (is BouncyCastle on the class path?): " + e, e);
        }
        LabFiles.writePrivate(file, privateText.toByteArray());
        LabFiles.writePublic(file.resolveSibling(file.getFileName() + ".pub"),
                (publicLine(pair.getPublic()) + " " + comment + "\n").getBytes(StandardCharsets.UTF_8));
        return pair;
    }

    /** The key's OpenSSH text form without a comment, e.g. {@code ssh-ed25519 AAAAC3Nz...}. */
    static String publicLine(PublicKey key) {
        return PublicKeyEntry.toString(key);
    }

    private static KeyPair load(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(null, NamedResource.ofName(file.toString()), in,
                    null);
            Iterator<KeyPair> it = pairs == null ? null : pairs.iterator();
            if (it == null || !it.hasNext()) {
                throw new IOException("no key pair in " + file);
            }
            KeyPair pair = it.next();
            if (!KeyPairProvider.SSH_ED25519.equals(KeyUtils.getKeyType(pair))) {
                throw new IOException("not an ed25519 key: " + file);
            }
            return pair;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key " + file + ": " + e.getMessage(), e);
        }
    }
}
