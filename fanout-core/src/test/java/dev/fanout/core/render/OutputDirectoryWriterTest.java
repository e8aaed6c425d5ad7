package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.record.SyntheticRun;
import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static dev.fanout.core.record.SyntheticRun.host;
import static org.assertj.core.api.Assertions.assertThat;

class OutputDirectoryWriterTest {
    @TempDir
    Path tmp;

    private static List<String> names(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void eachHostGetsAnOutAndAnErrFileWithItsRawBytes() throws Exception {
        Path dir = tmp.resolve("out/run1");
        byte[] raw = {'o', 'k', (byte) 0xff, 0x1b, '\n'};
        SyntheticRun script = new SyntheticRun("x")
                .host("web01", raw, new byte[0], new Outcome.Exited(0), 0, 5L, 10)
                .host("web02", "", "boom\n", new Outcome.Exited(1))
                .host("../etc/passwd", "sneaky\n", "", new Outcome.Exited(0))
                .host("db01", "", "", new Outcome.Unreachable("connection refused"));
        OutputDirectoryWriter writer = new OutputDirectoryWriter(dir);

        script.play(writer);

        assertThat(names(dir)).containsExactly(".._etc_passwd.err", ".._etc_passwd.out", "db01.err", "db01.out",
                "web01.err", "web01.out", "web02.err", "web02.out");
        assertThat(Files.readAllBytes(dir.resolve("web01.out"))).isEqualTo(raw);
        assertThat(dir.resolve("web01.err")).isEmptyFile();
        assertThat(dir.resolve("web02.err")).hasContent("boom");
        assertThat(dir.resolve(".._etc_passwd.out")).hasContent("sneaky");
        assertThat(writer.file("web02", StdStream.STDERR)).isEqualTo(dir.resolve("web02.err"));
        assertThat(writer.problem()).isEmpty();
        assertThat(tmp.resolve("etc")).doesNotExist();
    }

    @Test
    void outputIsWrittenAsItArrivesAndFilesOfAnEarlierRunAreReplaced() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("o"));
        Files.writeString(dir.resolve("web01.out"), "old output of an earlier run\n");
        Files.writeString(dir.resolve("web01.err"), "old errors\n");
        OutputDirectoryWriter writer = new OutputDirectoryWriter(dir);
        Host web01 = host("web01");
        writer.runStarted(List.of(web01), SyntheticRun.job("x"));
        writer.hostStarted(web01);

        writer.output(web01, SyntheticRun.out("first\n"));
        assertThat(dir.resolve("web01.out")).hasContent("first");
        writer.output(web01, SyntheticRun.out("second\n"));
        assertThat(dir.resolve("web01.out")).hasContent("first\nsecond");
        writer.hostFinished(new SyntheticRun("x").host("web01", "", "", new Outcome.Exited(0)).entries()
                .getFirst().result());

        assertThat(dir.resolve("web01.err")).isEmptyFile();
        writer.output(web01, new OutputLines(StdStream.STDOUT, "late".getBytes(), false));
        assertThat(dir.resolve("web01.out")).hasContent("first\nsecond\nlate");
    }

    @Test
    void aRecordedRunCanBeWrittenToAnOutputDirectory() throws Exception {
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"), List.of());
        new SyntheticRun("x").host("a", "1\n2\n", "e\n", new Outcome.Exited(0)).play(recorder);
        Path dir = tmp.resolve("from-record");

        new RecordStore(tmp.resolve("state")).load(recorder.id()).replay(new OutputDirectoryWriter(dir));

        assertThat(dir.resolve("a.out")).hasContent("1\n2");
        assertThat(dir.resolve("a.err")).hasContent("e");
    }
}
