package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * bin/fanout in a release tree (the tarball, /opt/fanout; see fanout-dist): it runs the tree's runtime, jar and AOT
 * cache, whatever Java the machine has, on a tree whose java only prints how it was started.
 */
class ReleaseLauncherTest {
    private static final Path BIN = Path.of("..", "bin").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    private Path tree() throws IOException {
        Path tree = dir.resolve("fanout-0.2.0-linux-x64");
        Files.createDirectories(tree.resolve("bin/lib"));
        for (String script : List.of("fanout", "batch_run", "batch_scp")) {
            Files.copy(BIN.resolve(script), tree.resolve("bin").resolve(script));
        }
        Files.copy(BIN.resolve("lib/jvm-options.sh"), tree.resolve("bin/lib/jvm-options.sh"));
        Path java = Files.createDirectories(tree.resolve("runtime/bin")).resolve("java");
        Files.writeString(java, "#!/bin/sh\necho \"$0 $*\"\n");
        Files.setPosixFilePermissions(java, PosixFilePermissions.fromString("rwxr-xr-x"));
        Path jar = Files.writeString(Files.createDirectories(tree.resolve("lib")).resolve("fanout.jar"), "jar");
        Path aot = Files.writeString(tree.resolve("lib/fanout.aot"), "aot");
        Files.setLastModifiedTime(jar, FileTime.from(Instant.parse("2026-12-01T10:00:00Z")));
        Files.setLastModifiedTime(aot, FileTime.from(Instant.parse("2026-12-01T10:01:00Z")));
        return tree;
    }

    private String launch(Path launcher, String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("/bin/bash", launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("FANOUT_JAVA_HOME", dir.resolve("elsewhere").toString());
        builder.environment().remove("FANOUT_JAR");
        builder.environment().put("PATH", "/usr/bin:/bin");
        Process process = builder.start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void aReleaseRunsItsOwnRuntimeJarAndAotCacheWhateverJavaTheMachineHas() throws Exception {
        Path tree = tree();

        String started = launch(tree.resolve("bin/fanout"), "--version");

        assertThat(started).startsWith(tree.resolve("runtime/bin/java") + " ")
                .contains(" -XX:AOTCache=" + tree.resolve("lib/fanout.aot") + " ")
                .endsWith(" -jar " + tree.resolve("lib/fanout.jar") + " --version\n");
    }

    @Test
    void batchRunAndBatchScpReachedThroughALinkRunTheTreesFanout() throws Exception {
        Path tree = tree();
        Path usrBin = Files.createDirectories(dir.resolve("usr/bin"));
        for (String command : List.of("batch_run", "batch_scp")) {
            Path link = Files.createSymbolicLink(usrBin.resolve(command),
                    usrBin.relativize(tree.resolve("bin").resolve(command)));

            assertThat(launch(link, "-h", "h1")).startsWith(tree.resolve("runtime/bin/java") + " ")
                    .endsWith(" -jar " + tree.resolve("lib/fanout.jar") + " " + command + " -h h1\n");
        }
    }

    @Test
    void anAotCacheOlderThanTheJarIsNotUsed() throws Exception {
        Path tree = tree();
        Files.setLastModifiedTime(tree.resolve("lib/fanout.aot"), FileTime.from(Instant.parse("2026-12-01T09:00:00Z")));

        assertThat(launch(tree.resolve("bin/fanout"), "hosts")).doesNotContain("AOTCache");
    }

    @Test
    void theInstallPathsOfAReleaseAreItsShareDirectory() throws Exception {
        Path tree = tree();

        assertThat(launch(tree.resolve("bin/fanout"), "--install-paths")).isEqualTo(
                "man\t" + tree.resolve("share/man") + "\nbash\t" + tree.resolve("share/bash-completion/completions/fanout")
                        + "\nzsh\t" + tree.resolve("share/zsh/vendor-completions/_fanout") + "\n");
    }
}
