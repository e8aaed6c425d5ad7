package dev.fanout.core.record;

import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class InternalFailureRecordTest {
    @Test
    void anInternalFailureIsRecordedAsFailedWithItsFlagAndReadBackAsOne(@TempDir Path state) throws Exception {
        RecordWriter recorder = new RecordWriter(state, List.of("run", "x"));
        new SyntheticRun("x").host("h1", "", "", new Outcome.InternalFailure("internal error: stack overflow"))
                .host("h2", "ok\n", "", new Outcome.Exited(0)).play(recorder);
        recorder.close();

        StoredRun run = new RecordStore(state).load(recorder.id());

        assertThat(run.results().getFirst().outcome())
                .isEqualTo(new Outcome.InternalFailure("internal error: stack overflow"));
        assertThat(run.toReport().internalFailures()).isEqualTo(1);
        assertThat(Files.readString(recorder.directory().resolve("events.jsonl")))
                .contains("\"status\":\"failed\",\"reason\":\"internal error: stack overflow\",\"internal_error\":true");
    }
}
