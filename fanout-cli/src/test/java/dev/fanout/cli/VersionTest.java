package dev.fanout.cli;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** fanout -V: the project version from the pom, the commit the build was made from and the Java runtime. */
class VersionTest {
    private static final Runtime.Version RUNTIME = Runtime.Version.parse("25.0.3+9-LTS");

    @Test
    void versionPrintsTheProjectVersionTheCommitOfTheCheckoutAndTheRuntime() throws Exception {
        for (String option : new String[]{"-V", "--version"}) {
            Cli.Result r = new Cli().run(option);

            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.err()).isEmpty();
            List<String> lines = r.out().lines().toList();
            assertThat(lines).hasSize(2);
            // surefire passes the pom's version: the one place it is written
            String commit = git("rev-parse", "--short=12", "HEAD");
            assertThat(lines.get(0)).startsWith("fanout " + System.getProperty("fanout.expected.version") + " (commit "
                    + (commit == null ? "unknown)" : commit));
            assertThat(lines.get(1)).isEqualTo("Java " + Runtime.version() + " (" + System.getProperty("java.vendor")
                    + ") at " + System.getProperty("java.home"));
        }
    }

    @Test
    void aReleaseVersionIsPrintedWithItsCommitAndDate() {
        BuildInfo info = BuildInfo.of(properties("0.2.0", "1a2b3c4d5e6f", "2026-11-30", "false"));

        assertThat(info.versionLines(RUNTIME, "Eclipse Adoptium", "/opt/fanout/runtime")).containsExactly(
                "fanout 0.2.0 (commit 1a2b3c4d5e6f, 2026-11-30)",
                "Java 25.0.3+9-LTS (Eclipse Adoptium) at /opt/fanout/runtime");
    }

    @Test
    void aBuildFromACheckoutWithUncommittedChangesSaysSo() {
        BuildInfo info = BuildInfo.of(properties("0.2.0-SNAPSHOT", "1a2b3c4d5e6f", "2026-11-30", "true"));

        assertThat(info.versionLines(RUNTIME, "Eclipse Adoptium", "/j").getFirst())
                .isEqualTo("fanout 0.2.0-SNAPSHOT (commit 1a2b3c4d5e6f-dirty, 2026-11-30)");
    }

    @Test
    void aBuildOutsideAGitCheckoutHasAnUnknownCommit() {
        Properties written = new Properties();
        written.setProperty("version", "0.2.0");
        BuildInfo info = BuildInfo.of(written);

        assertThat(info).isEqualTo(new BuildInfo("0.2.0", "unknown", "", false));
        assertThat(info.versionLines(RUNTIME, "Eclipse Adoptium", "/j").getFirst())
                .isEqualTo("fanout 0.2.0 (commit unknown)");
        assertThat(BuildInfo.of(new Properties()).version()).isEqualTo("unknown");
    }

    @Test
    void theManPagesCarryTheSameVersion() {
        assertThat(ManPages.pages().get("fanout"))
                .contains(Roff.quoted("fanout " + System.getProperty("fanout.expected.version")));
    }

    private static Properties properties(String version, String commit, String date, String dirty) {
        Properties p = new Properties();
        p.setProperty("version", version);
        p.setProperty("commit", commit);
        p.setProperty("commit.date", date);
        p.setProperty("commit.dirty", dirty);
        return p;
    }

    /** What git prints, or null outside a git checkout (a source tarball) or without git. */
    private static String git(String... args) throws Exception {
        var command = new java.util.ArrayList<>(List.of("git", "-C", Path.of("..").toAbsolutePath().toString()));
        command.addAll(List.of(args));
        Process git;
        try {
            git = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (java.io.IOException noGit) {
            return null;
        }
        String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(git.waitFor(30, TimeUnit.SECONDS)).isTrue();
        return git.exitValue() == 0 ? out : null;
    }
}
