package dev.fanout.ssh;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.copy.LocalTree;
import dev.fanout.core.copy.PutJob;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import dev.fanout.testkit.OpenSshServer;
import dev.fanout.testkit.SmallFileSystem;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Puts to a remote file system that is full: a 1 MiB tmpfs served by OpenSSH's sshd and by the embedded server. */
class FullDiskTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path home;
    @TempDir
    Path local;

    private static Path threeMiB(Path dir) throws Exception {
        return Files.write(dir.resolve("big.bin"), new byte[3 << 20]);
    }

    private static Outcome put(Connection connection, Host host, Path file, String remote) throws Exception {
        try (PutJob job = new PutJob(LocalTree.scan(List.of(file)), remote, CopyOptions.DEFAULT)) {
            return job.execute(connection, new QuietContext(host));
        }
    }

    private static List<String> namesIn(Path dir) throws Exception {
        try (Stream<Path> all = Files.list(dir)) {
            return all.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Test
    void aPutTooBigForOpenSshsDiskSaysHowMuchIsFreeAndNeededBeforeWriting() throws Exception {
        try (OpenSshServer sshd = OpenSshServer.start();
             SmallFileSystem disk = SmallFileSystem.mount(sshd.userDirectory().resolve("small"), 1024)) {
            sshd.writeKnownHosts(home.resolve(".ssh/known_hosts"), "ssh-ed25519");
            Host host = Host.of("sshd", sshd.address(), sshd.port(), sshd.user())
                    .withPassword(Secret.of(sshd.password()));
            try (var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
                 Connection connection = transport.connect(host, TIMEOUT)) {

                Outcome outcome = put(connection, host, threeMiB(local), disk.path() + "/");

                assertThat(outcome).isEqualTo(new Outcome.Failed(
                        disk.path() + ": no space left: 1.0 MiB free, 3.0 MiB needed"));
                assertThat(namesIn(disk.path())).isEmpty();
            }
        }
    }

    @Test
    void aWriteThatFillsOpenSshsDiskFailsAsNoSpaceLeft() throws Exception {
        try (OpenSshServer sshd = OpenSshServer.start();
             SmallFileSystem disk = SmallFileSystem.mount(sshd.userDirectory().resolve("small"), 1024)) {
            sshd.writeKnownHosts(home.resolve(".ssh/known_hosts"), "ssh-ed25519");
            Host host = Host.of("sshd", sshd.address(), sshd.port(), sshd.user())
                    .withPassword(Secret.of(sshd.password()));
            try (var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
                 Connection connection = transport.connect(host, TIMEOUT);
                 RemoteFiles files = connection.files()) {
                String path = disk.path() + "/big.bin";

                assertThatThrownBy(() -> {
                    try (OutputStream out = files.write(path)) {
                        out.write(new byte[3 << 20]);
                    }
                }).isInstanceOfSatisfying(RemoteFileException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RemoteFileException.Kind.NO_SPACE);
                    assertThat(e.getMessage()).startsWith(path + ": no space left on device");
                });
            }
        }
    }

    @Test
    void aPutTooBigForTheEmbeddedServersDiskSaysHowMuchIsFreeAndNeeded() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(local.resolve("small"), 1024);
             InProcessServer server = InProcessServer.start(disk.path())) {
            Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
            Host host = Host.of("web01", server.address(), server.port(), InProcessServer.USER)
                    .withPassword(Secret.of(InProcessServer.PASSWORD));
            Path payload = threeMiB(Files.createDirectory(local.resolve("payload")));
            try (var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
                 Connection connection = transport.connect(host, TIMEOUT)) {

                Outcome outcome = put(connection, host, payload, "/");

                assertThat(outcome).isEqualTo(new Outcome.Failed("/: no space left: 1.0 MiB free, 3.0 MiB needed"));
                assertThat(namesIn(disk.path())).isEmpty();
            }
        }
    }

    @Test
    void aWriteThatFillsTheEmbeddedServersDiskFailsAsNoSpaceLeft() throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(local.resolve("small"), 1024);
             InProcessServer server = InProcessServer.start(disk.path())) {
            Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
            Host host = Host.of("web01", server.address(), server.port(), InProcessServer.USER)
                    .withPassword(Secret.of(InProcessServer.PASSWORD));
            try (var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
                 Connection connection = transport.connect(host, TIMEOUT);
                 RemoteFiles files = connection.files()) {

                assertThatThrownBy(() -> {
                    try (OutputStream out = files.write("/big.bin")) {
                        out.write(new byte[3 << 20]);
                    }
                }).isInstanceOfSatisfying(RemoteFileException.class, e -> {
                    assertThat(e.kind()).isEqualTo(RemoteFileException.Kind.NO_SPACE);
                    assertThat(e.getMessage()).startsWith("/big.bin: no space left on device (");
                });
            }
        }
    }

    @Test
    void aTreeReplacingItsOwnFilesOnANearlyFullDiskIsNotRefusedWhenEachFileFitsBesideTheOneItReplaces()
            throws Exception {
        try (SmallFileSystem disk = SmallFileSystem.mount(local.resolve("small"), 1024);
             InProcessServer server = InProcessServer.start(disk.path())) {
            Path tree = Files.createDirectories(local.resolve("payload/tree"));
            Files.createDirectories(disk.path().resolve("tree"));
            for (int i = 0; i < 4; i++) {
                Files.write(tree.resolve("part" + i), new byte[200 << 10]);
                Files.write(disk.path().resolve("tree/part" + i), new byte[200 << 10]);
            }
            Files.createDirectories(home.resolve(".ssh"));
            Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
            Host host = Host.of("web01", server.address(), server.port(), InProcessServer.USER)
                    .withPassword(Secret.of(InProcessServer.PASSWORD));
            try (var transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
                 Connection connection = transport.connect(host, TIMEOUT)) {

                Outcome outcome = put(connection, host, tree, "/");

                assertThat(outcome).isEqualTo(new Outcome.Transferred(4, 4 * (200 << 10)));
            }
        }
    }
}
