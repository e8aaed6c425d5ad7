package dev.fanout.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The bash completion script, driven as bash drives it (COMP_WORDS, COMP_CWORD, then the function; COMPREPLY read
 * back), with a {@code fanout} on PATH that runs this build's classes; and the hidden {@code fanout complete}.
 */
class CompletionTest {
    @TempDir
    Path dir;
    private Path inventory;

    @BeforeEach
    void writeScriptInventoryAndLauncher() throws IOException {
        Files.writeString(dir.resolve("fanout.bash"), CompletionScripts.bash(ManPages.model()));
        inventory = Files.writeString(dir.resolve("hosts.ini"), """
                [web[01-04]]
                groups = web_clusters, prod
                [db01]
                groups = db_servers
                """);
        Path bin = Files.createDirectories(dir.resolve("bin"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path launcher = Files.writeString(bin.resolve("fanout"), "#!/bin/sh\nexec '" + java + "' -cp '"
                + System.getProperty("java.class.path") + "' dev.fanout.cli.Main \"$@\"\n");
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What the completion offers for {@code words}, the last one being the word under the cursor. */
    private List<String> complete(String... words) throws IOException, InterruptedException {
        StringBuilder array = new StringBuilder();
        for (String word : words) {
            array.append(" '").append(word.replace("'", "'\\''")).append("'");
        }
        // compopt works only inside a completion bash itself started: a no-op here
        String script = "source fanout.bash\ncompopt() { :; }\n"
                + "COMP_WORDS=(" + array + ")\n"
                + "COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))\n"
                + "COMP_LINE=\"${COMP_WORDS[*]}\"\nCOMP_POINT=${#COMP_LINE}\n"
                + "_fanout_complete fanout \"${COMP_WORDS[COMP_CWORD]}\" \"${COMP_WORDS[COMP_CWORD-1]}\"\n"
                + "printf '%s\\n' \"${COMPREPLY[@]}\"\n";
        ProcessBuilder builder = new ProcessBuilder("bash", "--norc", "--noprofile", "-c", script).directory(dir.toFile());
        builder.environment().put("PATH", dir.resolve("bin") + ":" + System.getenv("PATH"));
        builder.environment().put("HOME", dir.toString());
        builder.environment().put("XDG_STATE_HOME", dir.resolve("state").toString());
        builder.environment().remove("FANOUT_INVENTORY");
        builder.redirectError(ProcessBuilder.Redirect.INHERIT);
        Process bash = builder.start();
        String out = new String(bash.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(bash.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(bash.exitValue()).as(out).isZero();
        return out.lines().filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void aSubcommandIsCompletedFromItsFirstLetter() throws Exception {
        assertThat(complete("fanout", "r")).containsExactly("run");
    }

    @Test
    void anOptionIsCompletedFromItsBeginning() throws Exception {
        assertThat(complete("fanout", "run", "--exc")).contains("--exclude", "--exclude-group");
    }

    @Test
    void groupNamesAfterDashGComeFromTheInventoryTheCommandLineNames() throws Exception {
        assertThat(complete("fanout", "run", "-i", inventory.toString(), "-g", ""))
                .containsExactly("db_servers", "prod", "web_clusters");
        assertThat(complete("fanout", "run", "-g", "web_clusters,d")).containsExactly("web_clusters,db_servers");
        assertThat(complete("fanout", "hosts", "-X", "p")).containsExactly("prod");
    }

    @Test
    void hostNamesAfterDashHAndGroupsAfterAnAt() throws Exception {
        assertThat(complete("fanout", "run", "-H", "web0")).containsExactly("web01", "web02", "web03", "web04");
        assertThat(complete("fanout", "put", "-x", "db01,@w")).containsExactly("db01,@web_clusters");
        assertThat(complete("fanout", "run", "-H", "@")).contains("@prod", "@failed");
    }

    @Test
    void runIdsAfterShowAndRerunFailedNewestFirst() throws Exception {
        Path runs = Files.createDirectories(dir.resolve("state/fanout/runs"));
        Files.createDirectories(runs.resolve("20261201T101500.000Z-1-aaaaaa"));
        Files.createDirectories(runs.resolve("20261203T090000.000Z-2-bbbbbb"));
        Files.createDirectories(runs.resolve("not-a-run"));

        assertThat(complete("fanout", "show", "")).containsExactly("20261203T090000.000Z-2-bbbbbb",
                "20261201T101500.000Z-1-aaaaaa");
        assertThat(complete("fanout", "show", "-b", "20261201")).containsExactly("20261201T101500.000Z-1-aaaaaa");
        assertThat(complete("fanout", "run", "--rerun-failed", "20261203")).containsExactly(
                "20261203T090000.000Z-2-bbbbbb");
        assertThat(complete("fanout", "show", "--html", "")).doesNotContain("20261203T090000.000Z-2-bbbbbb");
    }

    @Test
    void groupsOfAPeersInventoryAreCompletedInTheFormatTheCommandLineNames() throws IOException {
        // Ansible's INI, but with a [DEFAULT] group: only --inventory-format tells
        Path ansible = Files.writeString(dir.resolve("ansible-hosts"), "[web:vars]\nansible_user=x\n[web]\nweb01\n"
                + "[DEFAULT]\nweb02\n");

        Cli.Result named = new Cli().run("complete", "groups", "--", "run", "-i", ansible.toString(),
                "--inventory-format", "ansible", "-g");
        Cli.Result unnamed = new Cli().run("complete", "groups", "--", "run", "-i", ansible.toString(), "-g");

        assertThat(named.out()).isEqualTo("DEFAULT\nall\nungrouped\nweb\n");
        assertThat(unnamed.out()).isEmpty();
    }

    @Test
    void theHelperPrintsCandidatesOnePerLineAndNothingOnAnError() {
        Cli.Result groups = new Cli().run("complete", "groups", "--", "run", "-i", inventory.toString(), "-g");
        assertThat(groups.exit()).as(groups.toString()).isZero();
        assertThat(groups.out()).isEqualTo("db_servers\nprod\nweb_clusters\n");

        Cli.Result hosts = new Cli().run("complete", "hosts", "--inventory=" + inventory);
        assertThat(hosts.out()).isEqualTo("web01\nweb02\nweb03\nweb04\ndb01\n");

        for (String[] wrong : List.of(new String[]{"complete", "groups", "-i", dir.resolve("none.ini").toString()},
                new String[]{"complete", "groups"}, new String[]{"complete", "colours"}, new String[]{"complete"})) {
            Cli.Result r = new Cli().run(wrong);
            assertThat(r.exit()).as(r.toString()).isZero();
            assertThat(r.out() + r.err()).as(r.toString()).isEmpty();
        }
    }

    @Test
    void theLauncherPrintsWhereTheManPagesAndCompletionAreWithoutStartingJava() throws Exception {
        Path built = Files.createDirectories(dir.resolve("target"));
        Files.createDirectories(built.resolve("man/man1"));
        Files.createDirectories(built.resolve("completion"));
        Files.writeString(built.resolve("completion/fanout.bash"), "");
        ProcessBuilder builder = new ProcessBuilder("/bin/bash", Path.of("..", "bin", "fanout").toAbsolutePath()
                .normalize().toString(), "--install-paths");
        builder.environment().put("FANOUT_JAR", built.resolve("fanout.jar").toString());
        builder.environment().put("FANOUT_JAVA_HOME", dir.resolve("no-java").toString());
        builder.environment().put("PATH", "/nowhere");
        Process launcher = builder.start();
        String out = new String(launcher.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(launcher.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(launcher.exitValue()).isZero();
        assertThat(out).isEqualTo("man\t" + built.resolve("man") + "\nbash\t" + built.resolve("completion/fanout.bash")
                + "\nzsh\t" + built.resolve("completion/_fanout") + "\n");
    }

    @Test
    void theHelperIsHiddenFromHelp() {
        Cli.Result help = new Cli().run("--help");
        assertThat(help.out()).containsPattern("(?m)^ +run ").doesNotContainPattern("(?m)^ +complete");
    }
}
