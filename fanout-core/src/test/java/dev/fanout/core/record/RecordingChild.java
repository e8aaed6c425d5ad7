package dev.fanout.core.record;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.Outcome;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A process for the SIGKILL test: records a run up to the middle of it, says {@code READY <id>} on stdout and
 * waits to be killed. Not thread-safe.
 */
public final class RecordingChild {
    private RecordingChild() {
    }

    public static void main(String[] args) throws Exception {
        SyntheticRun script = new SyntheticRun("uptime")
                .host("web01", "up 3 days\n", "", new Outcome.Exited(0))
                .host("web02", "", "", new Outcome.Exited(0))
                .host("web03", "", "", new Outcome.Exited(0));
        RecordWriter recorder = new RecordWriter(Path.of(args[0]), List.of("run", "-a", "uptime"));
        recorder.runStarted(script.hosts(), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        Host web02 = script.entries().get(1).host();
        recorder.hostStarted(web02);
        recorder.hostConnected(web02, Duration.ofMillis(7));
        recorder.output(web02, SyntheticRun.out("first line\nsecond line\n"));
        recorder.output(web02, SyntheticRun.err("a warning\n"));
        recorder.output(web02, SyntheticRun.out("no newline yet"));
        System.out.println("READY " + recorder.id());
        System.out.flush();
        Thread.sleep(Duration.ofMinutes(5));
    }
}
