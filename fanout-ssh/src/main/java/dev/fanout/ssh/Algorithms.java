package dev.fanout.ssh;

import org.apache.sshd.client.ClientBuilder;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.OptionalFeature;
import org.apache.sshd.common.cipher.BuiltinCiphers;
import org.apache.sshd.common.cipher.Cipher;
import org.apache.sshd.common.kex.BuiltinDHFactories;
import org.apache.sshd.common.kex.KeyExchangeFactory;
import org.apache.sshd.common.mac.BuiltinMacs;
import org.apache.sshd.common.mac.Mac;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;

import java.util.ArrayList;
import java.util.List;
import java.util.SequencedSet;
import java.util.stream.Stream;

/**
 * The algorithm preferences the transport proposes, chosen explicitly rather than taken from MINA's defaults, and
 * the per-host ordering of host-key algorithms. Stateless and thread-safe.
 */
final class Algorithms {

    private Algorithms() {
    }

    /**
     * Key exchanges: the cheap ones first (mlkem768x25519 and curve25519 cost the client about 3 ms), then ECDH and
     * the big DH groups, and sntrup761x25519 last (about 60 ms of client CPU per connection). No SHA-1 groups.
     */
    static List<KeyExchangeFactory> keyExchanges() {
        var factories = Stream.of(
                        BuiltinDHFactories.mlkem768x25519,
                        BuiltinDHFactories.curve25519,
                        BuiltinDHFactories.curve25519_libssh,
                        BuiltinDHFactories.ecdhp256,
                        BuiltinDHFactories.ecdhp384,
                        BuiltinDHFactories.ecdhp521,
                        BuiltinDHFactories.curve448,
                        BuiltinDHFactories.mlkem768nistp256,
                        BuiltinDHFactories.mlkem1024nistp384,
                        BuiltinDHFactories.dhgex256,
                        BuiltinDHFactories.dhg16_512,
                        BuiltinDHFactories.dhg18_512,
                        BuiltinDHFactories.dhg14_256,
                        BuiltinDHFactories.sntrup761x25519_openssh,
                        BuiltinDHFactories.sntrup761x25519)
                .filter(BuiltinDHFactories::isSupported)
                .toList();
        return NamedFactory.setUpTransformedFactories(false, factories, ClientBuilder.DH2KEX);
    }

    /**
     * Ciphers: AES-GCM, then chacha20-poly1305, then AES-CTR; chacha20-poly1305 first when the JVM compiles with C1
     * only. AES-GCM is the fastest with C2, whose intrinsics do AES and GHASH in hardware; C1 has none, and its GHASH
     * in plain Java costs twice MINA's ChaCha20 and Poly1305 (integer arithmetic); measured in bench/README.md,
     * "Measurements behind the code".
     */
    static List<NamedFactory<Cipher>> ciphers(boolean c1Only) {
        Stream<BuiltinCiphers> aead = c1Only
                ? Stream.of(BuiltinCiphers.cc20p1305_openssh, BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm)
                : Stream.of(BuiltinCiphers.aes128gcm, BuiltinCiphers.aes256gcm, BuiltinCiphers.cc20p1305_openssh);
        return supported(Stream.concat(aead,
                Stream.of(BuiltinCiphers.aes128ctr, BuiltinCiphers.aes192ctr, BuiltinCiphers.aes256ctr)));
    }

    /** MACs for the non-AEAD ciphers: encrypt-then-MAC SHA-2 first; SHA-1 last, for old servers. */
    static List<NamedFactory<Mac>> macs() {
        return supported(Stream.of(
                BuiltinMacs.hmacsha256etm,
                BuiltinMacs.hmacsha512etm,
                BuiltinMacs.hmacsha256,
                BuiltinMacs.hmacsha512,
                BuiltinMacs.hmacsha1etm,
                BuiltinMacs.hmacsha1));
    }

    /**
     * Host-key and user-key signature algorithms in OpenSSH's default order. No certificates (known_hosts
     * {@code @cert-authority} is not supported) and no SHA-1 {@code ssh-rsa} signatures (disabled by OpenSSH 8.8).
     */
    static List<NamedFactory<Signature>> signatures() {
        return supported(Stream.of(
                BuiltinSignatures.ed25519,
                BuiltinSignatures.nistp256,
                BuiltinSignatures.nistp384,
                BuiltinSignatures.nistp521,
                BuiltinSignatures.sk_ssh_ed25519,
                BuiltinSignatures.sk_ecdsa_sha2_nistp256,
                BuiltinSignatures.rsaSHA512,
                BuiltinSignatures.rsaSHA256));
    }

    private static <T, E extends NamedFactory<T> & OptionalFeature> List<NamedFactory<T>> supported(Stream<E> all) {
        return all.filter(OptionalFeature::isSupported).<NamedFactory<T>>map(f -> f).toList();
    }

    /**
     * {@code signatures} with the algorithms for the host's known key types moved to the front, as OpenSSH orders its
     * host-key proposal, so that a host recorded with only an ed25519 key is asked for that key and not for the ecdsa
     * one MINA would otherwise prefer.
     */
    static List<NamedFactory<Signature>> preferKnownTypes(List<NamedFactory<Signature>> signatures,
                                                          SequencedSet<String> knownKeyTypes) {
        var preferred = new ArrayList<NamedFactory<Signature>>();
        var rest = new ArrayList<NamedFactory<Signature>>();
        for (NamedFactory<Signature> factory : signatures) {
            (knownKeyTypes.contains(keyTypeOf(factory.getName())) ? preferred : rest).add(factory);
        }
        preferred.addAll(rest);
        return preferred;
    }

    /** The key type a signature algorithm works with: the RSA SHA-2 signatures use {@code ssh-rsa} keys. */
    static String keyTypeOf(String signatureAlgorithm) {
        return switch (signatureAlgorithm) {
            case "rsa-sha2-256", "rsa-sha2-512" -> "ssh-rsa";
            default -> signatureAlgorithm;
        };
    }
}
