package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.copy.GetJob;
import dev.fanout.core.copy.CopyOptions;
import dev.fanout.lab.Lab;
import dev.fanout.lab.LabHost;
import dev.fanout.lab.LabOptions;
import dev.fanout.testkit.SmallFileSystem;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** fanout put / get and the seed's batch_scp, end to end, in-process, against the embedded lab. */
class CopyAgainstLabTest {
    private static Lab lab;
    private static Cli cli;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.20.1"));
        cli = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString());
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    /** Where a path of a lab host's own file system is on this machine. */
    private static Path onHost(String host, String remotePath) {
        return lab.host(host).root().resolve(remotePath.substring(1));
    }

    @Test
    void theSeedPutLineCopiesTheFileToEveryNamedHost(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("test.py"), "print('hello')\n");

        Cli.Result r = cli.run("batch_scp", "-h", "h1,h2,h3", "-g", "web_clusters,db_servers", "-action", "put",
                "-local", file.toString(), "-remote", "/tmp/");

        assertThat(r.exit()).as(r.toString()).isZero();
        for (LabHost host : lab.hosts()) {
            assertThat(onHost(host.name(), "/tmp/test.py")).hasContent("print('hello')");
        }
        assertThat(r.err()).contains("9 ok");
    }

    @Test
    void theSeedGetLineFetchesIntoOneDirectoryPerHost(@TempDir Path dir) throws IOException {
        for (String host : List.of("db01", "db02")) {
            Path log = onHost(host, "/var/log/syslog");
            Files.createDirectories(log.getParent());
            Files.writeString(log, "log of " + host + "\n");
        }
        Path logs = dir.resolve("logs");

        Cli.Result r = cli.run("batch_scp", "-g", "db_servers", "-action", "get", "-remote", "/var/log/syslog",
                "-local", logs + "/");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(logs.resolve("db01/syslog")).hasContent("log of db01");
        assertThat(logs.resolve("db02/syslog")).hasContent("log of db02");
    }

    @Test
    void aDirectoryTreeIsPutRecursivelyWithModesAndTimesKeptByPreserve(@TempDir Path dir) throws IOException {
        Path app = Files.createDirectories(dir.resolve("app/conf"));
        Path script = Files.writeString(dir.resolve("app/run.sh"), "#!/bin/sh\necho run\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-x---"));
        Files.writeString(app.resolve("a.ini"), "[a]\n");
        FileTime then = FileTime.from(Instant.parse("2020-01-02T03:04:05Z"));
        Files.setLastModifiedTime(script, then);

        Cli.Result r = cli.run("put", "-H", "web01,web02", "-p", dir.resolve("app").toString(), "/srv/");

        assertThat(r.exit()).as(r.toString()).isZero();
        for (String host : List.of("web01", "web02")) {
            Path remote = onHost(host, "/srv/app/run.sh");
            assertThat(remote).hasContent("#!/bin/sh\necho run");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(remote))).isEqualTo("rwxr-x---");
            assertThat(Files.getLastModifiedTime(remote).toInstant()).isEqualTo(then.toInstant());
            assertThat(onHost(host, "/srv/app/conf/a.ini")).hasContent("[a]");
        }
        assertThat(r.err()).contains("fanout: web01: 2 files, ");
    }

    @Test
    void aDirectoryIsFetchedRecursivelyFromSeveralHosts(@TempDir Path dir) throws IOException {
        for (String host : List.of("h1", "h2")) {
            Path etc = Files.createDirectories(onHost(host, "/etc/app/sub"));
            Files.writeString(etc.resolve("x.conf"), host + "\n");
        }

        Cli.Result r = cli.run("get", "-H", "h1,h2", "/etc/app", dir.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(dir.resolve("h1/app/sub/x.conf")).hasContent("h1");
        assertThat(dir.resolve("h2/app/sub/x.conf")).hasContent("h2");
    }

    @Test
    void aHostNameThatTriesToEscapeTheTargetDirectoryStaysInside(@TempDir Path dir) {
        GetJob job = new GetJob("/etc/x", dir.resolve("out"), CopyOptions.DEFAULT);

        for (String evil : List.of("..", "../../etc", "a/../../b", ".", "")) {
            Path landing = job.hostDirectory(Host.of(evil, "127.0.0.1", 22, "u").name());
            assertThat(landing.normalize().getParent()).isEqualTo(dir.resolve("out"));
        }
    }

    @Test
    void aMissingLocalFileIsAUsageErrorBeforeAnyHost(@TempDir Path dir) {
        Cli.Result r = cli.run("put", "-a", dir.resolve("nope.txt").toString(), "/tmp/");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("fanout: " + dir.resolve("nope.txt") + ": no such file or directory");
    }

    @Test
    void aGetTargetThatIsAFileIsAUsageError(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plain"), "x");

        Cli.Result r = cli.run("get", "-a", "/etc/hostname", file.toString());

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).contains("not a directory");
    }

    @Test
    void aRemoteFileMissingOnOneHostFailsThatHostOnly(@TempDir Path dir) throws IOException {
        Path only = onHost("h3", "/data/only-here.txt");
        Files.createDirectories(only.getParent());
        Files.writeString(only, "x\n");

        Cli.Result r = cli.run("get", "-H", "h2,h3", "/data/only-here.txt", dir.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(dir.resolve("h3/only-here.txt")).hasContent("x");
        assertThat(r.err()).contains("failed       h2: /data/only-here.txt: no such file");
    }

    @Test
    void aPutInterruptedHalfWayLeavesNoFileAtTheFinalName(@TempDir Path dir) throws IOException {
        Path big = dir.resolve("big.bin");
        try (RandomAccessFile f = new RandomAccessFile(big.toFile(), "rw")) {
            f.setLength(2L << 30);
        }

        Cli.Result r = cli.run("put", "-H", "db01", "-u", "300ms", big.toString(), "/tmp/");

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.TIMED_OUT);
        Path tmp = onHost("db01", "/tmp");
        assertThat(tmp.resolve("big.bin")).doesNotExist();
        try (Stream<Path> left = Files.list(tmp)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.equals("big.bin"));
        }
    }

    @Test
    void skipSameLeavesIdenticalFilesAlone(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("same.txt"), "same\n");
        assertThat(cli.run("put", "-H", "web03", "-p", file.toString(), "/tmp/").exit()).isZero();
        Path remote = onHost("web03", "/tmp/same.txt");
        FileTime marked = FileTime.from(Instant.parse("2021-01-01T00:00:00Z"));
        Files.setLastModifiedTime(file, marked);
        Files.setLastModifiedTime(remote, marked);
        Files.writeString(remote, "diff\n");
        Files.setLastModifiedTime(remote, marked);

        Cli.Result r = cli.run("put", "-H", "web03", "--skip-same", "-p", file.toString(), "/tmp/");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(remote).hasContent("diff");
        assertThat(r.err()).contains("web03: 0 files");
    }

    private static Path fifo(Path path) throws IOException {
        Files.createDirectories(path.getParent());
        try {
            Process mkfifo = new ProcessBuilder("mkfifo", path.toString()).start();
            assertThat(mkfifo.waitFor()).as("mkfifo " + path).isZero();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
        return path;
    }

    /** A Unix domain socket file at {@code path}; the file stays after the listener closes. */
    private static void socket(Path path) throws IOException {
        try (var listener = ServerSocketChannel.open(StandardProtocolFamily.UNIX)) {
            listener.bind(UnixDomainSocketAddress.of(path));
        }
    }

    @Test
    void getOfANamedFifoFailsThatHostWithItsReason(@TempDir Path dir) throws IOException {
        fifo(onHost("h1", "/data/pipe"));
        Files.createDirectories(onHost("h2", "/data"));
        Files.writeString(onHost("h2", "/data/pipe"), "plain\n");

        Cli.Result r = cli.run("get", "-H", "h1,h2", "/data/pipe", dir.toString());

        assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        // MINA's SFTP server does not say which kind of special file it is (OpenSSH does: see OpenSshTest).
        assertThat(r.err()).contains("fanout: h1: failed: /data/pipe: not a regular file or directory: "
                + "a special file (fifo, socket or device)\n");
        assertThat(dir.resolve("h1/pipe")).doesNotExist();
        assertThat(dir.resolve("h2/pipe")).hasContent("plain");
    }

    @Test
    void aFetchedTreeLeavesOutLinksFifosAndSocketsAndSaysHowMany(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(onHost("web04", "/srv/tree"));
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a.txt"), "a\n");
        Files.writeString(tree.resolve("sub/b.txt"), "b\n");
        Files.createSymbolicLink(tree.resolve("link-to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(tree.resolve("sub/up"), Path.of(".."));
        fifo(tree.resolve("sub/pipe"));
        socket(tree.resolve("sock"));

        Cli.Result r = cli.run("get", "-H", "web04", "/srv/tree", dir.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).containsPattern("fanout: web04: 2 files, 4 B in [^;\n]+; 4 entries skipped: not regular files\n");
        assertThat(dir.resolve("web04/tree/a.txt")).hasContent("a");
        assertThat(dir.resolve("web04/tree/sub/b.txt")).hasContent("b");
        try (Stream<Path> all = Files.walk(dir.resolve("web04"))) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("web04", "tree", "a.txt", "sub", "b.txt");
        }
    }

    @Test
    void aRemoteNameWithABackslashIsAValidNameAndIsFetched(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(onHost("web01", "/srv/odd"));
        Files.writeString(tree.resolve("back\\slash"), "x\n");

        Cli.Result r = cli.run("get", "-H", "web01", "/srv/odd", dir.toString());

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(dir.resolve("web01/odd/back\\slash")).hasContent("x");
    }

    @Test
    void aPutTreeLeavesOutLinksAndFifosAndSaysHowMany(@TempDir Path dir) throws IOException {
        Path tree = Files.createDirectories(dir.resolve("tree"));
        Files.createDirectories(tree.resolve("sub"));
        Files.writeString(tree.resolve("a.txt"), "a\n");
        Files.writeString(tree.resolve("back\\slash"), "b\n");
        Files.createSymbolicLink(tree.resolve("link-to-a"), Path.of("a.txt"));
        Files.createSymbolicLink(tree.resolve("sub/outside"), Path.of("../.."));
        fifo(tree.resolve("sub/pipe"));

        Cli.Result r = cli.run("put", "-H", "web02", tree.toString(), "/srv/");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).containsPattern("fanout: web02: 2 files, 4 B in [^;\n]+; 3 entries skipped: not regular files\n");
        assertThat(onHost("web02", "/srv/tree/a.txt")).hasContent("a");
        assertThat(onHost("web02", "/srv/tree/back\\slash")).hasContent("b");
        try (Stream<Path> all = Files.walk(onHost("web02", "/srv/tree"))) {
            assertThat(all.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrder("tree", "a.txt", "back\\slash", "sub");
        }
    }

    @Test
    void aNamedLinkToAFileIsFollowedByPutAndGet(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("real.txt"), "real\n");
        Path link = Files.createSymbolicLink(dir.resolve("named.txt"), file.getFileName());
        Path remote = Files.createDirectories(onHost("web03", "/srv/links"));
        Files.writeString(remote.resolve("target.txt"), "remote\n");
        Files.createSymbolicLink(remote.resolve("alias.txt"), Path.of("target.txt"));

        Cli.Result put = cli.run("put", "-H", "web03", link.toString(), "/srv/links/");
        Cli.Result get = cli.run("get", "-H", "web03", "/srv/links/alias.txt", dir.resolve("got").toString());

        assertThat(put.exit()).as(put.toString()).isZero();
        assertThat(onHost("web03", "/srv/links/named.txt")).hasContent("real");
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(dir.resolve("got/web03/alias.txt")).hasContent("remote");
    }

    @Test
    void aPutOfANamedFifoIsAUsageErrorBeforeAnyHost(@TempDir Path dir) throws IOException {
        Path pipe = fifo(dir.resolve("pipe"));

        Cli.Result r = cli.run("put", "-a", pipe.toString(), "/tmp/");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err().strip()).isEqualTo("fanout: cannot read " + pipe + ": not a regular file or directory: a fifo");
    }

    @Test
    void aPutRemovesOnlyItsOwnStaleTemporaryFilesOlderThanTheRunAndSaysHowMany(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("app.conf"), "new\n");
        Path remote = Files.createDirectories(onHost("db02", "/srv/stale"));
        FileTime hourAgo = FileTime.from(Instant.now().minusSeconds(3600));
        FileTime inAMinute = FileTime.from(Instant.now().plusSeconds(60));
        List<String> kept = List.of(".app.conf.fanout-89abcdef.tmp", ".notes.tmp", ".app.conf.fanout-xyz.tmp",
                "app.conf.fanout-01234567.tmp", ".app.conf.fanout-0123ABCD.tmp");
        for (String name : kept) {
            Files.setLastModifiedTime(Files.writeString(remote.resolve(name), "other\n"),
                    name.contains("89abcdef") ? inAMinute : hourAgo);
        }
        Files.setLastModifiedTime(Files.writeString(remote.resolve(".app.conf.fanout-0123abcd.tmp"), "killed"),
                hourAgo);
        Files.setLastModifiedTime(Files.writeString(remote.resolve(".other.bin.fanout-deadbeef.tmp"), "killed"),
                hourAgo);

        Cli.Result r = cli.run("put", "-H", "db02", file.toString(), "/srv/stale/");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.err()).containsPattern("fanout: db02: 1 file, 4 B in [^;\n]+; 2 stale temporary files removed\n");
        try (Stream<Path> left = Files.list(remote)) {
            assertThat(left.map(p -> p.getFileName().toString()))
                    .containsExactlyInAnyOrderElementsOf(Stream.concat(kept.stream(), Stream.of("app.conf")).toList());
        }
        Cli.Result again = cli.run("put", "-H", "db02", file.toString(), "/srv/stale/");
        assertThat(again.err()).containsPattern("fanout: db02: 1 file, 4 B in [^;\n]+\n");
    }

    @Test
    void aGetThatFillsTheLocalDiskFailsThatHostWithOneLineAndLeavesNoTemporaryFile(@TempDir Path dir)
            throws IOException {
        for (String host : List.of("h1", "h2")) {
            Files.createDirectories(onHost(host, "/data"));
            Files.write(onHost(host, "/data/dump.bin"), new byte[host.equals("h1") ? 3 << 20 : 10_000]);
        }
        try (SmallFileSystem disk = SmallFileSystem.mount(dir.resolve("small"), 1024)) {

            Cli.Result r = cli.run("get", "-H", "h1,h2", "-f", "1", "/data/dump.bin", disk.path().toString());

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
            assertThat(r.err()).contains("fanout: h1: failed: " + disk.path().resolve("h1/dump.bin")
                    + ": no space left on device\n");
            assertThat(disk.path().resolve("h2/dump.bin")).hasSize(10_000);
            try (Stream<Path> h1 = Files.list(disk.path().resolve("h1"))) {
                assertThat(h1).isEmpty();
            }
        }
    }

    @Test
    void mkdirCreatesTheMissingDirectoriesAboveTheTargetAsInstallD(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("app.conf"), "port = 80\n");

        Cli.Result without = cli.run("put", "-H", "h1", file.toString(), "/srv/mk/conf.d/");
        Cli.Result toDirectory = cli.run("put", "-H", "h1,h2", "--mkdir", file.toString(), "/srv/mk/conf.d/");
        Cli.Result toFile = cli.run("put", "-H", "h1", "-D", file.toString(), "/opt/new/deep/app.conf");

        assertThat(without.exit()).as(without.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(without.err()).contains("no such file").doesNotContain(".fanout-");
        assertThat(toDirectory.exit()).as(toDirectory.toString()).isZero();
        assertThat(onHost("h2", "/srv/mk/conf.d/app.conf")).hasContent("port = 80");
        assertThat(toFile.exit()).as(toFile.toString()).isZero();
        assertThat(onHost("h1", "/opt/new/deep/app.conf")).hasContent("port = 80");
    }

    @Test
    void aRemotePathStartingWithTildeIsInTheLoginUsersHomeAsScpReadsIt(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("notes.txt"), "hi\n");

        Cli.Result put = cli.run("put", "-H", "web01", file.toString(), "~/notes.txt");
        Cli.Result get = cli.run("get", "-H", "web01", "~/notes.txt", dir.resolve("back").toString());
        Cli.Result other = cli.run("put", "-H", "web01", file.toString(), "~root/notes.txt");

        assertThat(put.exit()).as(put.toString()).isZero();
        assertThat(lab.home("web01").resolve("notes.txt")).hasContent("hi");
        assertThat(get.exit()).as(get.toString()).isZero();
        assertThat(dir.resolve("back/web01/notes.txt")).hasContent("hi");
        assertThat(other.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(other.err()).isEqualTo("fanout: '~root/notes.txt': another user's home (~user) cannot be named over "
                + "SFTP; write the path from /\n");
    }

    @Test
    void putWithQuietPrintsNoLinePerHostButStillItsFailures(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("quiet.txt"), "q\n");

        Cli.Result quiet = cli.run("put", "-q", "-H", "web01,web02", file.toString(), "/tmp/");
        Cli.Result failing = cli.run("put", "-q", "-H", "web01,web02", file.toString(), "/no/such/dir/");

        assertThat(quiet.exit()).as(quiet.toString()).isZero();
        assertThat(quiet.err()).as(quiet.toString()).isEmpty();
        assertThat(failing.exit()).as(failing.toString()).isEqualTo(ExitCodes.REMOTE_FAILED);
        assertThat(failing.err().lines().toList()).as(failing.toString()).hasSize(2)
                .allSatisfy(line -> assertThat(line).matches("fanout: web0[12]: failed: .*"));
    }
}
