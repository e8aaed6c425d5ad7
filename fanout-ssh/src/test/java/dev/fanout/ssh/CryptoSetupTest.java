package dev.fanout.ssh;

import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which engines MINA SSHD uses once {@link Curve25519Registrar} is installed, as the product does. */
class CryptoSetupTest {

    @Test
    void ed25519AndX25519ComeFromBouncyCastlesEnginesAndEverythingElseFromTheJdk() throws Exception {
        assertThat(SecurityUtils.isEDDSACurveSupported()).isTrue();
        assertThat(SecurityUtils.getSignature("Ed25519").getProvider().getName()).isEqualTo("fanout-curve25519");
        assertThat(SecurityUtils.getSignature("EdDSA").getProvider().getName()).isEqualTo("fanout-curve25519");
        assertThat(SecurityUtils.getKeyAgreement("X25519").getProvider().getName()).isEqualTo("fanout-curve25519");
        assertThat(SecurityUtils.getCipher("AES/GCM/NoPadding").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(SecurityUtils.getMac("HmacSHA256").getProvider().getName()).isEqualTo("SunJCE");
        assertThat(SecurityUtils.getSignature("SHA256withECDSA").getProvider().getName()).isEqualTo("SunEC");
    }

    @Test
    void minaHasTheRegistrarAndOffersEd25519AndTheCheapKeyExchanges() {
        assertThat(SecurityUtils.getRegisteredProvider("fanout-curve25519")).isInstanceOf(Curve25519Registrar.class);
        assertThat(Algorithms.signatures()).extracting(f -> f.getName()).contains("ssh-ed25519");
        assertThat(Algorithms.keyExchanges()).extracting(f -> f.getName())
                .contains("mlkem768x25519-sha256", "curve25519-sha256");
    }

    @Test
    void aJvmWithC1OnlyPrefersChaCha20AndOneWithC2AesGcmFromTheSameList() {
        var withC2 = Algorithms.ciphers(false).stream().map(f -> f.getName()).toList();
        var c1Only = Algorithms.ciphers(true).stream().map(f -> f.getName()).toList();

        assertThat(withC2).startsWith("aes128-gcm@openssh.com");
        assertThat(c1Only).startsWith("chacha20-poly1305@openssh.com");
        assertThat(c1Only).containsExactlyInAnyOrderElementsOf(withC2).doesNotHaveDuplicates()
                .contains("aes256-gcm@openssh.com", "aes128-ctr", "aes256-ctr");
    }
}
