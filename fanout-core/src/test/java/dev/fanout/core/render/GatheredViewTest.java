package dev.fanout.core.render;

import dev.fanout.core.record.StoredRun;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.record.SyntheticRun;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.TransportException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class GatheredViewTest {
    @TempDir
    Path state;

    private StoredRun record(SyntheticRun script) throws Exception {
        RecordWriter recorder = new RecordWriter(state, List.of());
        script.play(recorder);
        return new RecordStore(state).load(recorder.id());
    }

    private static String text(GatheredView view, TextStyle style) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.write(out, style);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String diff(GatheredView view, TextStyle style) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        view.writeDiff(out, style);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** 21 web hosts agree, web23 says something else, web24 fails, db01 is unreachable. */
    private static SyntheticRun fleet() {
        SyntheticRun script = new SyntheticRun("cat /etc/motd");
        for (int i = 1; i <= 22; i++) {
            if (i != 21) {
                script.host(String.format("web%02d", i), "Welcome\nto the fleet\n", "", new Outcome.Exited(0));
            }
        }
        script.host("web23", "Welcome\nto the old fleet\n", "", new Outcome.Exited(0));
        script.host("web24", "Welcome\n", "cat: read error\n", new Outcome.Exited(1));
        script.host("web21", "Welcome\nto the fleet\n", "", new Outcome.Exited(0));
        script.host("db01", "", "", new Outcome.Unreachable("connection refused"));
        return script;
    }

    @Test
    void hostsWithTheSameOutputAreShownOnceUnderTheirFoldedNamesLargestGroupFirst() throws Exception {
        GatheredView view = GatheredView.of(record(fleet()));

        assertThat(view.groups()).extracting(GatheredView.Group::title).containsExactly(
                "web[01-22] (22)", "db01 (1) unreachable: connection refused", "web23 (1)",
                "web24 (1) failed: exit code 1");
        assertThat(text(view, TextStyle.PLAIN)).isEqualTo("""
                ---------------
                web[01-22] (22)
                ---------------
                Welcome
                to the fleet
                ---------------
                db01 (1) unreachable: connection refused
                ---------------
                (no output)
                ---------------
                web23 (1)
                ---------------
                Welcome
                to the old fleet
                ---------------
                web24 (1) failed: exit code 1
                ---------------
                Welcome
                -- stderr --
                cat: read error
                """);
        assertThat(view.hostCount()).isEqualTo(25);
        assertThat(view.distinctOutputs()).isEqualTo(4);
    }

    @Test
    void stdoutStderrAndTheEndingAreEachPartOfWhatMustBeIdentical() throws Exception {
        GatheredView view = GatheredView.of(record(new SyntheticRun("x")
                .host("a1", "same\n", "", new Outcome.Exited(0))
                .host("a2", "", "same\n", new Outcome.Exited(0))
                .host("a3", "same\n", "", new Outcome.Exited(3))
                .host("a4", "same\n", "", new Outcome.Exited(0))
                .host("a5", "same", "", new Outcome.Exited(0))));

        assertThat(view.groups()).extracting(GatheredView.Group::title).containsExactly(
                "a[1,4] (2)", "a2 (1)", "a3 (1) failed: exit code 3", "a5 (1)");
        assertThat(view.groups().getFirst().hosts()).containsExactly("a1", "a4");
    }

    @Test
    void skippedHostsAreLeftOutForTheyNeverRan() throws Exception {
        GatheredView view = GatheredView.of(record(new SyntheticRun("x")
                .host("a1", "same\n", "", new Outcome.Exited(0))
                .host("a2", "", "", new Outcome.Skipped("a host failed"))
                .host("a3", "", "", new Outcome.Skipped("a host failed"))));

        assertThat(view.groups()).extracting(GatheredView.Group::title).containsExactly("a1 (1)");
    }

    @Test
    void onATerminalRemoteTextIsMadeSafeAndTitlesAreColoured() throws Exception {
        GatheredView view = GatheredView.of(record(new SyntheticRun("x")
                .host("h1", "bell\u0007 \u001b[2J\n", "", new Outcome.Exited(0))
                .host("h2", "", "", new Outcome.Exited(2))));

        String text = text(view, new TextStyle(true, true));

        assertThat(text).contains(TextStyle.CYAN + "h1 (1)" + TextStyle.RESET + "\n", "bell^G ^[[2J\n",
                TextStyle.CYAN + "h2 (1)" + TextStyle.RESET + " " + TextStyle.RED + "failed: exit code 2");
        assertThat(text).doesNotContain("\u001b[2J");
        assertThat(text(view, TextStyle.PLAIN)).contains("bell\u0007 \u001b[2J\n");
    }

    @Test
    void theDigestIsWorthShowingOnlyWhenManyHostsGaveAFewDifferentOutputs() throws Exception {
        assertThat(GatheredView.of(record(fleet())).worthShowing()).isTrue();

        SyntheticRun allSame = new SyntheticRun("true");
        for (int i = 0; i < 20; i++) {
            allSame.host("s" + i, "same\n", "", new Outcome.Exited(0));
        }
        assertThat(GatheredView.of(record(allSame)).worthShowing()).as("one output").isFalse();

        SyntheticRun few = new SyntheticRun("x")
                .host("f1", "a\n", "", new Outcome.Exited(0)).host("f2", "a\n", "", new Outcome.Exited(0))
                .host("f3", "a\n", "", new Outcome.Exited(0)).host("f4", "a\n", "", new Outcome.Exited(0))
                .host("f5", "b\n", "", new Outcome.Exited(0));
        assertThat(GatheredView.of(record(few)).worthShowing()).as("only 5 hosts").isFalse();

        SyntheticRun allDifferent = new SyntheticRun("hostname");
        for (int i = 0; i < 20; i++) {
            allDifferent.host("d" + i, "d" + i + "\n", "", new Outcome.Exited(0));
        }
        assertThat(GatheredView.of(record(allDifferent)).worthShowing()).as("nothing gathers").isFalse();
    }

    @Test
    void theDiffShowsEachOtherOutputAgainstTheMostCommonOne() throws Exception {
        GatheredView view = GatheredView.of(record(fleet()));

        assertThat(diff(view, TextStyle.PLAIN)).isEqualTo("""
                ---------------
                web[01-22] (22)
                ---------------
                Welcome
                to the fleet
                ---------------
                db01 (1) unreachable: connection refused
                ---------------
                (no output)
                ---------------
                web23 (1)
                ---------------
                --- web[01-22] (22)
                +++ web23 (1)
                @@ -1,2 +1,2 @@
                 Welcome
                -to the fleet
                +to the old fleet
                ---------------
                web24 (1) failed: exit code 1
                ---------------
                --- web[01-22] (22)
                +++ web24 (1)
                @@ -1,2 +1,3 @@
                 Welcome
                -to the fleet
                +-- stderr --
                +cat: read error
                """);
    }

    @Test
    void aGroupThatDiffersOnlyInItsEndingSaysSoAndDiffLinesAreColouredOnATerminal() throws Exception {
        GatheredView view = GatheredView.of(record(new SyntheticRun("x")
                .host("a1", "v1\n", "", new Outcome.Exited(0)).host("a2", "v1\n", "", new Outcome.Exited(0))
                .host("b1", "v1\n", "", new Outcome.Exited(4))
                .host("c1", "v2\n", "", new Outcome.Exited(0))));

        assertThat(diff(view, TextStyle.PLAIN)).contains("b1 (1) failed: exit code 4\n---------------\n"
                + "(same output as a[1-2])\n");
        assertThat(diff(view, new TextStyle(true, true))).contains(TextStyle.RED + "-v1" + TextStyle.RESET,
                TextStyle.GREEN + "+v2" + TextStyle.RESET, TextStyle.CYAN + "@@ -1,1 +1,1 @@" + TextStyle.RESET);
    }

    @Test
    void unreachableHostsAtDifferentAddressesAreGatheredByTheirSharedReason() throws Exception {
        SyntheticRun script = new SyntheticRun("x");
        for (int i = 1; i <= 4; i++) {
            script.host("u" + i, "", "", new Outcome.Unreachable(TransportException.Kind.CONNECTION_REFUSED,
                    "connection refused", "127.1.99." + i + ":1"));
        }
        GatheredView view = GatheredView.of(record(script.host("a1", "v1\n", "", new Outcome.Exited(0))));

        assertThat(view.groups()).extracting(GatheredView.Group::title)
                .containsExactly("u[1-4] (4) unreachable: connection refused", "a1 (1)");
    }

    @Test
    void theDiffIsAgainstTheMostCommonOutputEvenWhenMoreHostsGaveNone() throws Exception {
        GatheredView view = GatheredView.of(record(new SyntheticRun("x")
                .host("u1", "", "", new Outcome.Unreachable("connection refused"))
                .host("u2", "", "", new Outcome.Unreachable("connection refused"))
                .host("u3", "", "", new Outcome.Unreachable("connection refused"))
                .host("a1", "v1\n", "", new Outcome.Exited(0)).host("a2", "v1\n", "", new Outcome.Exited(0))
                .host("b1", "v2\n", "", new Outcome.Exited(0))));

        assertThat(diff(view, TextStyle.PLAIN)).isEqualTo("""
                ---------------
                a[1-2] (2)
                ---------------
                v1
                ---------------
                u[1-3] (3) unreachable: connection refused
                ---------------
                (no output)
                ---------------
                b1 (1)
                ---------------
                --- a[1-2] (2)
                +++ b1 (1)
                @@ -1,1 +1,1 @@
                -v1
                +v2
                """);
    }

    @Test
    void textForAPageIsCutAtItsLimit() throws Exception {
        GatheredView view = GatheredView.of(record(new SyntheticRun("yes")
                .host("y1", "y\n".repeat(1000), "tail\n", new Outcome.Exited(0))));

        String text = view.text(view.groups().getFirst(), 100);

        assertThat(text).startsWith("y\ny\n").contains("... (1.9 KiB more not shown)").doesNotContain("tail");
        assertThat(view.text(view.groups().getFirst(), 1 << 20)).endsWith("y\n-- stderr --\ntail\n");
    }
}
