package dev.fanout.ssh;

import org.apache.sshd.common.util.security.SecurityUtils;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** Loading and using MinaTransport in a host application's JVM leaves its system properties alone. */
class NoJvmWidePropertiesTest {

    /** Run in a JVM of its own: loads MinaTransport, opens and closes one, prints the registrar property. */
    public static void main(String[] args) {
        MinaTransport.withDefaults().close();
        System.out.print(System.getProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS, "unset"));
        if (args.length > 0) {
            MinaTransport.setUpCryptography();
            System.out.print(" " + System.getProperty(SecurityUtils.SECURITY_PROVIDER_REGISTRARS, "unset"));
        }
    }

    private static String runFresh(String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> command = new java.util.ArrayList<>(List.of(java.toString(), "-cp",
                System.getProperty("java.class.path"), NoJvmWidePropertiesTest.class.getName()));
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(false).start();
        process.getOutputStream().close();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(new String(process.getErrorStream().readAllBytes())).isZero();
        return out;
    }

    @Test
    void aTransportSetsNoSystemPropertyUntilTheApplicationAsksForFanoutsCryptography() throws Exception {
        assertThat(runFresh()).isEqualTo("unset");
        assertThat(runFresh("set-up")).isEqualTo("unset " + Curve25519Registrar.class.getName());
    }
}
