package dev.fanout.ssh;

import com.sun.management.OperatingSystemMXBean;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.testkit.ClientKey;
import dev.fanout.testkit.OpenSshServer;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Measures what a connection to OpenSSH costs the client: wall time and process CPU for N sequential and N
 * concurrent connects (key authentication, then close), then streams 100 MB of a command's output and reports the
 * heap it took, and times a 100 MB SFTP upload and download. Not a test: run it by hand as root, e.g.
 * {@code java -Xmx48m -cp <test classpath> dev.fanout.ssh.ConnectCostMeasurement 100}.
 */
public final class ConnectCostMeasurement {

    private ConnectCostMeasurement() {
    }

    public static void main(String[] args) throws Exception {
        int count = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path home = Files.createTempDirectory("fanout-cost-");
        try (OpenSshServer sshd = OpenSshServer.start()) {
            sshd.writeKnownHosts(home.resolve(".ssh/known_hosts"), "ed25519");
            ClientKey key = ClientKey.generateEd25519(home.resolve(".ssh/id_ed25519"));
            sshd.authorizeKey(key.publicKeyLine());
            Host byKey = Host.of("sshd", sshd.address(), sshd.port(), sshd.user());
            Host byPassword = byKey.withPassword(Secret.of(sshd.password()));
            try (var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home))) {
                run("warm-up", transport, byKey, 20, false);
                run("sequential, key", transport, byKey, count, false);
                run("concurrent, key", transport, byKey, count, true);
                run("sequential, password", transport, byPassword, count, false);
                stream(transport, byKey, 100L * 1000 * 1000);
                transfer(transport, byKey, sshd.userDirectory() + "/transfer.bin", 100 * 1000 * 1000);
            }
        } finally {
            try (var paths = Files.walk(home)) {
                for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(path);
                }
            }
        }
    }

    /** Reads {@code size} bytes of remote output and reports the rate and the heap used afterwards. */
    private static void stream(MinaTransport transport, Host host, long size) throws Exception {
        var memory = ManagementFactory.getMemoryMXBean();
        long peak = 0;
        long total = 0;
        long start = System.nanoTime();
        try (Connection connection = transport.connect(host, Duration.ofSeconds(30));
             var process = connection.start("head -c " + size + " /dev/zero")) {
            byte[] buffer = new byte[64 * 1024];
            var stdout = process.stdout();
            for (int n; (n = stdout.read(buffer)) >= 0; ) {
                total += n;
                peak = Math.max(peak, memory.getHeapMemoryUsage().getUsed());
            }
            process.waitFor(Duration.ofSeconds(30));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf("streamed %d MB of stdout in %.1f s (%.0f MB/s); max heap %d MB, peak heap used %d MB%n",
                total / 1_000_000, seconds, total / 1e6 / seconds, Runtime.getRuntime().maxMemory() >> 20,
                peak >> 20);
    }

    /** Uploads then downloads {@code size} bytes over SFTP and reports both rates. */
    private static void transfer(MinaTransport transport, Host host, String path, int size) throws Exception {
        byte[] chunk = new byte[1 << 20];
        new java.util.Random(1).nextBytes(chunk);
        try (Connection connection = transport.connect(host, Duration.ofSeconds(30));
             var files = connection.files()) {
            long start = System.nanoTime();
            try (var out = files.write(path)) {
                for (int written = 0; written < size; written += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, size - written));
                }
            }
            double up = (System.nanoTime() - start) / 1e9;
            start = System.nanoTime();
            long read = 0;
            try (var in = files.read(path)) {
                for (int n; (n = in.read(chunk)) >= 0; ) {
                    read += n;
                }
            }
            double down = (System.nanoTime() - start) / 1e9;
            files.remove(path);
            System.out.printf("SFTP %d MB: upload %.0f MB/s, download %.0f MB/s%n", read / 1_000_000,
                    size / 1e6 / up, read / 1e6 / down);
        }
    }

    private static void run(String label, MinaTransport transport, Host host, int count, boolean concurrent)
            throws Exception {
        var os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        long cpuBefore = os.getProcessCpuTime();
        long start = System.nanoTime();
        if (concurrent) {
            try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> all = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    all.add(executor.submit(() -> {
                        transport.connect(host, Duration.ofSeconds(60)).close();
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get();
                }
            }
        } else {
            for (int i = 0; i < count; i++) {
                try (Connection ignored = transport.connect(host, Duration.ofSeconds(30))) {
                    // connected and authenticated: that is what is measured
                }
            }
        }
        Duration wall = Duration.ofNanos(System.nanoTime() - start);
        Duration cpu = Duration.ofNanos(os.getProcessCpuTime() - cpuBefore);
        System.out.printf("%-22s %4d connects: wall %6d ms (%5.1f ms each), client CPU %6d ms (%5.1f ms each)%n",
                label, count, wall.toMillis(), wall.toMillis() / (double) count, cpu.toMillis(),
                cpu.toMillis() / (double) count);
    }
}
