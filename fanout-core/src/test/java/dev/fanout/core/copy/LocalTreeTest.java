package dev.fanout.core.copy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The local side of a put: what a scan keeps, and the shared windows that bound what is mapped at once. */
class LocalTreeTest {

    private static final int WINDOW = 64 * 1024;

    @TempDir
    Path dir;

    private Path randomFile(String name, int size) throws IOException {
        byte[] data = new byte[size];
        new Random(size).nextBytes(data);
        return Files.write(dir.resolve(name), data);
    }

    private static byte[] readAll(LocalTree tree, LocalTree.Entry entry) throws IOException {
        try (InputStream in = tree.open(entry)) {
            var out = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[ThreadLocalRandom.current().nextInt(1000, 40_000)];
            int n;
            while ((n = in.read(buffer)) >= 0) {
                out.write(buffer, 0, n);
                if (ThreadLocalRandom.current().nextInt(8) == 0) {
                    Thread.yield();
                }
            }
            return out.toByteArray();
        }
    }

    @Test
    void manyHostsReadingALargeFileGetEveryByteAndNeverMapMoreThanTheBudget() throws Exception {
        Path big = randomFile("big.bin", 10 * WINDOW + 123);
        byte[] expected = Files.readAllBytes(big);
        try (LocalTree tree = LocalTree.scan(List.of(big), WINDOW, 3L * WINDOW)) {
            LocalTree.Entry entry = tree.roots().getFirst();
            List<CompletableFuture<byte[]>> hosts = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                var host = new CompletableFuture<byte[]>();
                Thread.ofVirtual().start(() -> {
                    try {
                        host.complete(readAll(tree, entry));
                    } catch (Throwable t) {
                        host.completeExceptionally(t);
                    }
                });
                hosts.add(host);
            }

            for (CompletableFuture<byte[]> host : hosts) {
                assertThat(Arrays.equals(host.get(30, TimeUnit.SECONDS), expected)).isTrue();
            }
            assertThat(tree.peakMappedBytes()).isBetween((long) WINDOW, 3L * WINDOW);
        }
    }

    @Test
    void hostsThatFollowEachOtherWithinTheBudgetShareTheMappedWindows() throws Exception {
        Path file = randomFile("shared.bin", 3 * WINDOW);
        Path other = randomFile("other.bin", 2 * WINDOW);
        try (LocalTree tree = LocalTree.scan(List.of(file, other), WINDOW, 3L * WINDOW)) {
            LocalTree.Entry shared = tree.roots().getFirst();
            for (int host = 0; host < 4; host++) {
                readAll(tree, shared);
            }
            assertThat(tree.mappings()).isEqualTo(3);

            readAll(tree, tree.roots().getLast());
            readAll(tree, shared);
            // other.bin took the room of the first two windows; shared.bin's third, least recently used now, goes too
            assertThat(tree.mappings()).as("the least recently used windows made room").isEqualTo(3 + 2 + 3);
        }
    }

    @Test
    void aHostWaitingForRoomInTheBudgetCanBeInterrupted() throws Exception {
        Path big = randomFile("big.bin", 4 * WINDOW);
        try (LocalTree tree = LocalTree.scan(List.of(big), WINDOW, WINDOW);
             InputStream first = tree.open(tree.roots().getFirst())) {
            assertThat(first.read()).isNotNegative();
            var outcome = new CompletableFuture<Throwable>();
            Thread second = Thread.ofVirtual().start(() -> {
                try (InputStream in = tree.open(tree.roots().getFirst())) {
                    in.skipNBytes(WINDOW);
                    outcome.complete(in.read() < 0 ? new AssertionError("end of file") : null);
                } catch (Throwable t) {
                    outcome.complete(t);
                }
            });

            Thread.sleep(200);
            assertThat(outcome).isNotDone();
            second.interrupt();
            assertThat(outcome.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);
        }
    }

    @Test
    void aFileThatShrankSinceTheScanFailsWithOneLine() throws Exception {
        Path file = randomFile("shrinking.bin", 3 * WINDOW);
        try (LocalTree tree = LocalTree.scan(List.of(file), WINDOW, 2L * WINDOW)) {
            try (var f = new RandomAccessFile(file.toFile(), "rw")) {
                f.setLength(WINDOW);
            }

            assertThatThrownBy(() -> readAll(tree, tree.roots().getFirst())).isInstanceOf(IOException.class)
                    .hasMessage(file + ": shrank from " + 3 * WINDOW + " to " + WINDOW + " bytes during the run");
        }
    }

    @Test
    void symbolicLinksAndFifosInsideADirectoryAreCountedAndLeftOutButANamedLinkIsFollowed() throws Exception {
        Path sub = Files.createDirectories(dir.resolve("tree/sub"));
        randomFile("tree/a.bin", 10);
        Files.writeString(sub.resolve("back\\slash"), "b");
        Files.createSymbolicLink(dir.resolve("tree/link"), Path.of("a.bin"));
        Files.createSymbolicLink(sub.resolve("loop"), Path.of(".."));
        Path named = Files.createSymbolicLink(dir.resolve("named"), Path.of("tree"));

        try (LocalTree scanned = LocalTree.scan(List.of(named))) {
            assertThat(scanned.entries()).extracting(LocalTree.Entry::path)
                    .containsExactly("named", "named/a.bin", "named/sub", "named/sub/back\\slash");
            assertThat(scanned.skipped()).isEqualTo(2);
            assertThat(scanned.totalBytes()).isEqualTo(11);
        }
    }

    @Test
    void anEmptyFileReadsAsEmptyWithoutAWindow() throws Exception {
        Path empty = Files.createFile(dir.resolve("empty"));
        try (LocalTree tree = LocalTree.scan(List.of(empty), WINDOW, WINDOW)) {
            assertThat(readAll(tree, tree.roots().getFirst())).isEmpty();
            assertThat(tree.peakMappedBytes()).isZero();
        }
    }
}
