package dev.fanout.ssh;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.RemoteFileException;
import dev.fanout.core.transport.RemoteFiles;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** File transfer over SFTP with an in-process server whose SFTP root is a temporary directory. */
class SftpTest {

    @TempDir
    Path home;
    @TempDir
    Path root;

    private InProcessServer server;
    private MinaTransport transport;
    private Connection connection;
    private RemoteFiles files;

    @BeforeEach
    void start() throws Exception {
        server = InProcessServer.start(root);
        Files.createDirectories(home.resolve(".ssh"));
        Files.writeString(home.resolve(".ssh/known_hosts"), server.hostKeyLine() + "\n");
        transport = new MinaTransport(MinaTransport.Options.defaults().withUserHome(home));
        connection = transport.connect(Host.of("web01", server.address(), server.port(), InProcessServer.USER)
                .withPassword(Secret.of(InProcessServer.PASSWORD)), Duration.ofSeconds(10));
        files = connection.files();
    }

    @AfterEach
    void stop() throws Exception {
        files.close();
        connection.close();
        transport.close();
        server.close();
    }

    private static void assertKind(ThrowingAction action, RemoteFileException.Kind kind, String path) {
        assertThatThrownBy(action::run).isInstanceOfSatisfying(RemoteFileException.class, e -> {
            assertThat(e.kind()).isEqualTo(kind);
            assertThat(e.path()).isEqualTo(path);
        });
    }

    interface ThrowingAction {
        void run() throws Exception;
    }

    @Test
    void aWrittenFileReadsBackTheSameBytes() throws Exception {
        byte[] data = new byte[3 * SftpRemoteFiles.BUFFER_SIZE + 12345];
        new Random(7).nextBytes(data);
        try (OutputStream out = files.write("/data.bin")) {
            out.write(data);
        }
        assertThat(Files.readAllBytes(root.resolve("data.bin"))).isEqualTo(data);
        try (InputStream in = files.read("/data.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
        }
    }

    @Test
    void writingTruncatesAnExistingFile() throws Exception {
        Files.writeString(root.resolve("notes.txt"), "a long old content");
        try (OutputStream out = files.write("/notes.txt")) {
            out.write("new".getBytes(StandardCharsets.UTF_8));
        }
        assertThat(Files.readString(root.resolve("notes.txt"))).isEqualTo("new");
    }

    @Test
    void statDescribesFilesAndDirectoriesAndIsEmptyForNothing() throws Exception {
        Files.writeString(root.resolve("f.txt"), "12345");
        Files.setPosixFilePermissions(root.resolve("f.txt"), PosixFilePermissions.fromString("rw-r-----"));
        Files.createDirectory(root.resolve("d"));
        RemoteFiles.RemoteFileAttributes file = files.stat("/f.txt").orElseThrow();
        assertThat(file.regularFile()).isTrue();
        assertThat(file.directory()).isFalse();
        assertThat(file.size()).isEqualTo(5);
        assertThat(file.permissions()).isEqualTo(0640);
        assertThat(file.modified()).isEqualTo(FileTime.from(Files.getLastModifiedTime(root.resolve("f.txt"))
                .toInstant().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        assertThat(files.stat("/d").orElseThrow().directory()).isTrue();
        assertThat(files.stat("/nothing")).isEmpty();
    }

    @Test
    void mkdirCreatesADirectoryAndRefusesAnExistingOne() throws Exception {
        files.mkdir("/made");
        assertThat(root.resolve("made")).isDirectory();
        assertKind(() -> files.mkdir("/made"), RemoteFileException.Kind.ALREADY_EXISTS, "/made");
        assertKind(() -> files.mkdir("/no/parent"), RemoteFileException.Kind.NO_SUCH_FILE, "/no/parent");
    }

    @Test
    void listShowsTheEntriesWithoutDotAndDotDot() throws Exception {
        Files.createDirectory(root.resolve("d"));
        Files.writeString(root.resolve("d/a"), "x");
        Files.createDirectory(root.resolve("d/sub"));
        assertThat(files.list("/d")).extracting(RemoteFiles.RemoteDirectoryEntry::name)
                .containsExactlyInAnyOrder("a", "sub");
        assertThat(files.list("/d")).filteredOn(e -> e.name().equals("sub")).singleElement()
                .satisfies(e -> assertThat(e.attributes().directory()).isTrue());
    }

    @Test
    void renameReplacesAnExistingTarget() throws Exception {
        Files.writeString(root.resolve("new.tmp"), "new");
        Files.writeString(root.resolve("current"), "old");
        files.rename("/new.tmp", "/current");
        assertThat(Files.readString(root.resolve("current"))).isEqualTo("new");
        assertThat(root.resolve("new.tmp")).doesNotExist();
    }

    @Test
    void setAttributesChangesPermissionsAndTheModificationTime() throws Exception {
        Files.writeString(root.resolve("run.sh"), "#!/bin/sh\n");
        FileTime modified = FileTime.from(Instant.parse("2024-05-01T10:00:00Z"));
        files.setAttributes("/run.sh", 0750, modified);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(root.resolve("run.sh"))))
                .isEqualTo("rwxr-x---");
        assertThat(Files.getLastModifiedTime(root.resolve("run.sh"))).isEqualTo(modified);
        files.setAttributes("/run.sh", 0600, null);
        assertThat(Files.getLastModifiedTime(root.resolve("run.sh"))).isEqualTo(modified);
    }

    @Test
    void removeDeletesAFileAndFailsForAMissingOne() throws Exception {
        Files.writeString(root.resolve("gone"), "x");
        files.remove("/gone");
        assertThat(root.resolve("gone")).doesNotExist();
        assertKind(() -> files.remove("/gone"), RemoteFileException.Kind.NO_SUCH_FILE, "/gone");
    }

    @Test
    void readingAMissingFileOrWritingIntoAMissingDirectoryFailsWithNoSuchFile() {
        assertKind(() -> files.read("/missing").close(), RemoteFileException.Kind.NO_SUCH_FILE, "/missing");
        assertKind(() -> files.write("/missing-dir/f").close(), RemoteFileException.Kind.NO_SUCH_FILE,
                "/missing-dir/f");
    }
}
