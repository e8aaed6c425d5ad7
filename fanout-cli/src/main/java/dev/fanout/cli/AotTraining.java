package dev.fanout.cli;

import dev.fanout.ssh.MinaTransport;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * The build's training run for the JDK 25 AOT cache (see {@code src/build/train-aot-cache.sh}); not a user command.
 * In one JVM it does what the cache should know, each against a fresh lab: a {@code run} that reads an ssh_config
 * (as every run reads one) and a {@code put} of 8 MiB. The JDK records the classes loaded and the methods' profiles
 * (JEP 515), so that a later put has its cryptography and SFTP path compiled by C2 from its first megabytes instead
 * of after them: 100 OpenSSH hosts x 10 MiB took 6.9 s instead of 7.8 s, and 7.3 s of client CPU instead of 9.1 s
 * (three interleaved runs each), against a cache trained on the run alone.
 */
public final class AotTraining {
    private static final int PAYLOAD_BYTES = 8 << 20;

    private AotTraining() {
    }

    /** {@code AotTraining DIR}: DIR is a scratch directory for the ssh_config and the payload. */
    public static void main(String[] args) throws IOException {
        MinaTransport.warmUpInBackground();
        Path dir = Path.of(args[0]);
        // Reads the system's file too, as a run without -F does; the lab's inventory sets every value itself.
        Path config = Files.writeString(dir.resolve("ssh_config"),
                "Host training-only\n    User nobody\nMatch all\n    IdentitiesOnly no\nInclude /etc/ssh/ssh_config\n");
        Path payload = dir.resolve("payload.bin");
        byte[] chunk = new byte[1 << 20];
        Random random = new Random(1);
        try (OutputStream out = Files.newOutputStream(payload)) {
            for (int written = 0; written < PAYLOAD_BYTES; written += chunk.length) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        CliEnvironment env = CliEnvironment.system();
        int run = Main.run(env, "lab", "--", "run", "-F", config.toString(), "-a", "-q", "true");
        int put = Main.run(env, "lab", "--", "put", "-a", "-q", payload.toString(), "/tmp/");
        System.exit(run == ExitCodes.OK && put == ExitCodes.OK ? ExitCodes.OK : ExitCodes.INTERNAL);
    }
}
