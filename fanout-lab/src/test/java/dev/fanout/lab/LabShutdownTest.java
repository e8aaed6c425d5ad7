package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class LabShutdownTest {
    /** Starts a lab, leaves a background job on h1, prints its pid and the lab directory, and exits without close. */
    public static final class ExitWithoutClose {
        public static void main(String[] args) throws Exception {
            Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.17.0.1"));
            try (LabClient client = new LabClient(lab)) {
                String pid = client.run(lab.host("h1"), "sleep 303 >/dev/null 2>&1 & echo $!").stdout().strip();
                System.out.println(pid + " " + lab.directory());
            }
            System.exit(0);
        }
    }

    @Test
    void aJvmThatExitsWithoutClosingTheLabStillEndsItsProcessesAndDeletesItsTemporaryDirectory() throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        Process child = new ProcessBuilder(List.of(java.toString(), "-cp", System.getProperty("java.class.path"),
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=error", ExitWithoutClose.class.getName()))
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        String[] printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip().split(" ");
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(child.exitValue()).isZero();

        long job = Long.parseLong(printed[0]);
        Path directory = Path.of(printed[1]);
        assertThat(Processes.awaitGone(job, Duration.ofSeconds(5))).as("the background job ends").isTrue();
        assertThat(directory).doesNotExist();
    }
}
