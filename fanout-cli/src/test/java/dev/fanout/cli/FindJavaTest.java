package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The launcher's search for a Java 25 runtime (bin/lib/find-java.sh), on fake runtimes that are only a release file. */
class FindJavaTest {
    private static final Path SCRIPT = Path.of("..", "bin", "lib", "find-java.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void theFeatureVersionIsReadFromTheReleaseFile() throws Exception {
        assertThat(major(runtime("a", "JAVA_VERSION=\"25.0.1\"\n"))).isEqualTo("25");
        assertThat(major(runtime("b", "JAVA_VERSION=\"26-ea\"\n"))).isEqualTo("26");
        assertThat(major(runtime("c", "JAVA_VERSION=\"1.8.0_392\"\n"))).isEqualTo("1");
        assertThat(major(runtime("d", "IMPLEMENTOR=\"x\"\nJAVA_VERSION=\"25\""))).as("no final newline").isEqualTo("25");
        assertThat(major(runtime("e", "IMPLEMENTOR=\"x\"\n"))).isEqualTo("none");
        assertThat(major(dir.resolve("missing"))).isEqualTo("none");
    }

    @Test
    void fanoutJavaHomeThenJavaHomeComeFirstWhenTheyAreJava25() throws Exception {
        Path old = runtime("old", "JAVA_VERSION=\"17.0.9\"\n");
        Path current = runtime("current", "JAVA_VERSION=\"25.0.1\"\n");
        Path next = runtime("next", "JAVA_VERSION=\"26\"\n");

        assertThat(find(next, current)).isEqualTo(next.toString());
        assertThat(find(old, current)).isEqualTo(current.toString());
        assertThat(find(null, next)).isEqualTo(next.toString());
    }

    private Path runtime(String name, String release) throws IOException {
        Path home = Files.createDirectories(dir.resolve(name));
        Files.writeString(home.resolve("release"), release);
        Path java = Files.createDirectories(home.resolve("bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private static String major(Path home) throws Exception {
        return bash(". \"$0\"; java_major \"$1\" && echo \"$JAVA_MAJOR\" || echo none", null, null, home.toString());
    }

    private static String find(Path fanoutJavaHome, Path javaHome) throws Exception {
        return bash(". \"$0\"; find_java_home && echo \"$JAVA_25_HOME\"", fanoutJavaHome, javaHome);
    }

    private static String bash(String script, Path fanoutJavaHome, Path javaHome, String... args) throws Exception {
        var command = new ArrayList<>(List.of("bash", "-c", script, SCRIPT.toString()));
        command.addAll(List.of(args));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().remove("FANOUT_JAVA_HOME");
        builder.environment().remove("JAVA_HOME");
        if (fanoutJavaHome != null) {
            builder.environment().put("FANOUT_JAVA_HOME", fanoutJavaHome.toString());
        }
        if (javaHome != null) {
            builder.environment().put("JAVA_HOME", javaHome.toString());
        }
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(process.waitFor(10, TimeUnit.SECONDS)).isTrue();
        return out;
    }
}
