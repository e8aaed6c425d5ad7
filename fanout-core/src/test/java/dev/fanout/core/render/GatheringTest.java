package dev.fanout.core.render;

import dev.fanout.core.exec.RunListener;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.record.SyntheticRun;
import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatheringTest {
    @TempDir
    Path state;

    /** 5 hosts agree, web06 says something else, web07 fails, db01 is unreachable; web03 finishes last. */
    private static SyntheticRun fleet() {
        SyntheticRun script = new SyntheticRun("cat /etc/motd");
        for (String host : List.of("web01", "web02", "web04", "web05")) {
            script.host(host, "Welcome\n", "", new Outcome.Exited(0));
        }
        script.host("web06", "Welcome back\n", "", new Outcome.Exited(0));
        script.host("web07", "Welcome\n", "cat: read error\n", new Outcome.Exited(1));
        script.host("db01", "", "", new Outcome.Unreachable("connection refused"));
        script.host("web03", "Welcome\n", "", new Outcome.Exited(0));
        return script;
    }

    private static String text(GatheredView view) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.write(out, TextStyle.PLAIN);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hostsAreGatheredAsTheyFinishWithTheSameGroupsAndTextAsTheRecordGives() throws Exception {
        RecordWriter recorder = new RecordWriter(state, List.of());
        Gathering live = Gathering.over(recorder);
        Gathering memory = Gathering.inMemory(Gathering.DEFAULT_KEPT_BYTES);
        fleet().play(RunListener.all(List.of(recorder, live, memory)));

        GatheredView fromRecord = GatheredView.of(new RecordStore(state).load(recorder.id()));
        assertThat(live.view().groups()).isEqualTo(fromRecord.groups());
        assertThat(text(live.view())).isEqualTo(text(fromRecord));
        assertThat(text(memory.view())).isEqualTo(text(fromRecord));
        assertThat(memory.view().groups()).extracting(GatheredView.Group::title).containsExactly(
                "web[01-05] (5)", "db01 (1) unreachable: connection refused", "web06 (1)",
                "web07 (1) failed: exit code 1");
        assertThat(memory.view().groups().getFirst().hosts()).containsExactly("web01", "web02", "web04", "web05",
                "web03");
        assertThat(memory.view().distinctOutputs()).isEqualTo(4);
        assertThat(memory.view().worthShowing()).isTrue();
    }

    @Test
    void outputOverTheKeptBoundIsStillGatheredButNotShown() throws Exception {
        SyntheticRun script = new SyntheticRun("yes");
        String big = "y\n".repeat(600);
        script.host("a", big, "", new Outcome.Exited(0));
        script.host("b", big, "", new Outcome.Exited(0));
        script.host("c", "n\n", "", new Outcome.Exited(0));
        Gathering memory = Gathering.inMemory(1000);
        script.play(memory);

        GatheredView view = memory.view();
        assertThat(view.groups()).extracting(GatheredView.Group::title).containsExactly("a,b (2)", "c (1)");
        assertThat(view.groups().getFirst().stdoutBytes()).isEqualTo(1200);
        assertThat(text(view)).contains("(1.2 KiB of output, more than the 1000 B kept in memory; record the run "
                + "to see it)").contains("c (1)\n---------------\nn\n");
    }

    @Test
    void aHostWhoseRecordLostOutputIsGatheredApartAndMarked() throws Exception {
        RecordWriter recorder = new RecordWriter(state, List.of());
        Gathering live = Gathering.over(recorder);
        SyntheticRun script = new SyntheticRun("cat");
        script.host("a", "same\n", "", new Outcome.Exited(0));
        script.host("b", "same\n", "", new Outcome.Exited(0));
        RunListener cutting = new RunListener() {
            @Override
            public void hostFinished(dev.fanout.core.result.HostResult result) {
                if (result.host().name().equals("b")) {
                    try {
                        Files.write(recorder.outputFile("b", dev.fanout.core.exec.OutputLines.StdStream.STDOUT),
                                new byte[0]);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }
            }
        };
        script.play(RunListener.all(List.of(recorder, cutting, live)));

        assertThat(live.view().groups()).extracting(GatheredView.Group::title)
                .containsExactly("a (1)", "b (1) output incomplete");
        assertThat(live.view().outputFaults()).extracting(f -> f.host() + " " + f.found() + "/" + f.sent())
                .containsExactly("b 0/5");
    }
}
