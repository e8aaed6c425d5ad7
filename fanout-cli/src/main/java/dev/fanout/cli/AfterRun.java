package dev.fanout.cli;

import dev.fanout.core.record.RecordNotFoundException;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.render.ByHostView;
import dev.fanout.core.render.GatheredView;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.run.RunResult;
import dev.fanout.core.text.SafeText;

import java.io.IOException;

/** What follows a run's live lines on stdout, as its {@link ViewOptions} ask: the gathered digest, or -L's view. */
final class AfterRun {
    private AfterRun() {
    }

    /**
     * What follows a run on stdout: with -L every host's output from the run's record, sorted by host; else the
     * gathered digest when there is one.
     */
    static void show(CliEnvironment env, ViewOptions views, RunResult result, TextStyle style, TextStyle errStyle) {
        if (!views.mode.byHost) {
            result.gathered().ifPresent(view -> digest(env, views.mode, view, style));
            return;
        }
        if (result.recordId().isEmpty()) {
            env.err().println("fanout: warning: no -L view: the run is not recorded");
            return;
        }
        try {
            ByHostView.write(new RecordStore(RecordLookup.stateDirectory(env)).load(result.recordId().get()), env.out(),
                    env.err(), style, errStyle, !views.noPrefix);
        } catch (IOException | RecordNotFoundException e) {
            env.err().println("fanout: warning: no -L view: " + SafeText.of(e.getMessage()));
        }
    }

    /** The gathered digest (or diff): always with -b/--diff; after live lines when worth it. */
    private static void digest(CliEnvironment env, ViewOptions.Mode mode, GatheredView view, TextStyle style) {
        try {
            if (mode.diff) {
                view.writeDiff(env.out(), style);
            } else if (mode.gather) {
                view.write(env.out(), style);
            } else if (view.worthShowing()) {
                env.out().println();
                env.out().println(style.paint(TextStyle.BOLD, "fanout: " + view.groups().size()
                        + " distinct outputs, gathered (--no-gather to leave out):"));
                view.write(env.out(), style);
            }
        } catch (IOException e) {
            env.err().println("fanout: warning: no gathered view: " + SafeText.of(e.getMessage()));
        }
    }
}
