package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.render.GatheredView;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.run.Fanout;
import dev.fanout.core.run.RunResult;
import dev.fanout.core.select.Selection;
import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import dev.fanout.ssh.MinaTransport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;

import static org.assertj.core.api.Assertions.assertThat;

/** fanout used as a Java library ({@link Fanout}), without the command line, against the embedded lab. */
class FanoutLibraryAgainstLabTest {
    private static Lab lab;
    private static MinaTransport transport;
    private static List<Host> web;

    @TempDir
    Path state;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(new LabOptions(null, 0, "127.1.11.1", "fanout"));
        transport = new MinaTransport(MinaTransport.Options.defaults());
        Inventory inventory = Inventory.load(lab.inventory(), name -> null, "nobody");
        web = inventory.select(Selection.builder().groups("web_clusters").hosts("h1").build());
    }

    @AfterAll
    static void stopLab() {
        transport.close();
        lab.close();
    }

    @Test
    void aRunGivesItsVerdictAndItsHostsGatheredWithoutAStateDirectory() throws Exception {
        var lines = new ConcurrentLinkedQueue<String>();
        RunListener live = new RunListener() {
            @Override
            public void output(Host host, OutputLines output) {
                lines.add(host.name() + ": " + new String(output.bytes(), StandardCharsets.UTF_8).strip());
            }
        };

        RunResult result = Fanout.builder(transport).listener(live).build()
                .run(web, new CommandJob("case $(hostname) in web*) echo web;; *) echo other;; esac"));

        assertThat(result.verdict()).isEqualTo(RunReport.Verdict.OK);
        assertThat(result.recordId()).isEmpty();
        assertThat(lines).containsExactlyInAnyOrder("web01: web", "web02: web", "web03: web", "web04: web",
                "h1: other");
        GatheredView view = result.gathered().orElseThrow();
        assertThat(view.groups()).extracting(GatheredView.Group::title).containsExactly("web[01-04] (4)", "h1 (1)");
        ByteArrayOutputStream text = new ByteArrayOutputStream();
        view.write(text, TextStyle.PLAIN);
        assertThat(text.toString(StandardCharsets.UTF_8)).contains("web[01-04] (4)\n---------------\nweb\n");
    }

    @Test
    void aRecordedRunCanBeReadBackAndAFailureGivesItsVerdict() throws Exception {
        RunResult result = Fanout.builder(transport).recordIn(state).build()
                .run(web, new CommandJob("test $(hostname) != web02"));

        assertThat(result.verdict()).isEqualTo(RunReport.Verdict.REMOTE_FAILED);
        assertThat(result.report().maxRemoteCode()).hasValue(1);
        String id = result.recordId().orElseThrow();
        assertThat(new RecordStore(state).load(id).failedHosts()).containsExactly("web02");
        assertThat(result.gathered().orElseThrow().groups()).extracting(GatheredView.Group::title)
                .containsExactly("h1,web[01,03-04] (4)", "web02 (1) failed: exit code 1");
    }

    @Test
    void aStoppedLabHostIsUnreachableInTheVerdict() throws Exception {
        lab.stopHost("web03");
        try {
            RunResult result = Fanout.builder(transport).gather(false).build().run(web, new CommandJob("true"));

            assertThat(result.verdict()).isEqualTo(RunReport.Verdict.UNREACHABLE);
            assertThat(result.gathered()).isEmpty();
            assertThat(result.report().maxRemoteCode()).isEmpty();
        } finally {
            lab.startHost("web03");
        }
    }
}
