package dev.fanout.ssh;

import org.apache.sshd.common.util.security.AbstractSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.SecurityUtils;
import org.apache.sshd.common.util.security.bouncycastle.BouncyCastleSecurityProviderRegistrar;
import org.apache.sshd.common.util.security.eddsa.bouncycastle.BouncyCastleEdDSASupport;
import org.apache.sshd.common.util.security.eddsa.generic.EdDSASupport;

import java.security.Provider;
import java.util.List;
import java.util.Optional;

/**
 * The cryptography set-up of MINA SSHD in fanout: BouncyCastle's Ed25519 and X25519 engines, served by a provider
 * that holds only them, and the JDK's own providers for everything else. Thread-safe and stateless apart from the
 * provider it creates once.
 *
 * <p>Not MINA's default (BouncyCastle's whole provider): slow to create and slow at AES-GCM; not the JDK alone: slow
 * at Ed25519. The measurements are in bench/README.md, "Measurements behind the code".
 */
public final class Curve25519Registrar extends AbstractSecurityProviderRegistrar {

    private static final String EDEC = "org.bouncycastle.jcajce.provider.asymmetric.edec.";

    /** Created once: a provider instance is what MINA asks for each time it needs an engine. */
    private static final Provider PROVIDER = new Curve25519Provider();

    /** Called by MINA, through the registrar list {@link #install} sets. */
    public Curve25519Registrar() {
        super(PROVIDER.getName());
    }

    /**
     * Makes MINA SSHD use this registrar alone, unless the system property
     * {@value SecurityUtils#SECURITY_PROVIDER_REGISTRARS} already chooses registrars. Must run before MINA's first
     * cryptographic operation in this JVM; later calls have no effect.
     */
    static void install() {
        if (System.getProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS) == null) {
            System.setProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS, Curve25519Registrar.class.getName());
        }
    }

    /**
     * Registers BouncyCastle's whole provider after all, for the one key format MINA decrypts only through it: an
     * encrypted PKCS#8 file ({@code BEGIN ENCRYPTED PRIVATE KEY}, as {@code ssh-keygen -m PKCS8} writes with a
     * passphrase). It costs its start-up once, for those who use such keys, and serves no algorithm: MINA keeps
     * taking every engine from the JDK and from this registrar.
     */
    static void registerBouncyCastleForKeyDecryption() {
        SecurityUtils.registerSecurityProvider(new KeyDecryptionOnly());
    }

    /** BouncyCastle's registrar, found by MINA's PKCS#8 decryptor under its name "BC", chosen for nothing else. */
    private static final class KeyDecryptionOnly extends BouncyCastleSecurityProviderRegistrar {
        @Override
        public boolean isSecurityEntitySupported(Class<?> entityType, String name) {
            return false;
        }
    }

    @Override
    public Provider getSecurityProvider() {
        return PROVIDER;
    }

    @Override
    public String getProviderName() {
        return PROVIDER.getName();
    }

    /** The provider is handed to MINA directly and never added to the JVM's global provider list. */
    @Override
    public boolean isNamedProviderUsed() {
        return false;
    }

    @Override
    public boolean isSupported() {
        return true;
    }

    @Override
    public boolean isSecurityEntitySupported(Class<?> entityType, String name) {
        return name != null && PROVIDER.getService(entityType.getSimpleName(), name) != null;
    }

    @Override
    public Optional<EdDSASupport<?, ?>> getEdDSASupport() {
        return Optional.of(new BouncyCastleEdDSASupport());
    }

    /** BouncyCastle's Ed25519 and X25519 service classes, without the rest of its provider. */
    private static final class Curve25519Provider extends Provider {

        Curve25519Provider() {
            super("fanout-curve25519", "1", "BouncyCastle's Ed25519 and X25519 engines, for MINA SSHD");
            List<String> ed25519 = List.of("EdDSA", "1.3.101.112", "OID.1.3.101.112");
            List<String> x25519 = List.of("1.3.101.110", "OID.1.3.101.110");
            service("Signature", "Ed25519", "SignatureSpi$Ed25519", ed25519);
            service("KeyFactory", "Ed25519", "KeyFactorySpi$Ed25519", ed25519);
            service("KeyPairGenerator", "Ed25519", "KeyPairGeneratorSpi$Ed25519", ed25519);
            service("KeyAgreement", "X25519", "KeyAgreementSpi$X25519", x25519);
            service("KeyFactory", "X25519", "KeyFactorySpi$X25519", x25519);
            service("KeyPairGenerator", "X25519", "KeyPairGeneratorSpi$X25519", x25519);
        }

        private void service(String type, String algorithm, String spiClass, List<String> aliases) {
            putService(new Service(this, type, algorithm, EDEC + spiClass, aliases, null));
        }
    }
}
