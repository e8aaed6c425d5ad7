package dev.fanout.core.run;

import dev.fanout.core.render.GatheredView;
import dev.fanout.core.result.RunReport;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a run came to: the report of every host, the id of its record, its hosts gathered by output, and the
 * warnings a person should read (the record could not be written, ...). Immutable.
 *
 * @param report        one result per host, and the run's {@linkplain RunReport#verdict() verdict}
 * @param recordId      the id of the run's record ({@code fanout show ID}), if it was recorded
 * @param gathered      the hosts gathered by output, unless gathering was turned off
 * @param warnings      one line each, for a person
 */
public record RunResult(RunReport report, Optional<String> recordId, Optional<GatheredView> gathered,
                        List<String> warnings) {
    public RunResult {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(recordId, "recordId");
        Objects.requireNonNull(gathered, "gathered");
        warnings = List.copyOf(warnings);
    }

    /** What the run came to as a whole ({@link RunReport#verdict()}). */
    public RunReport.Verdict verdict() {
        return report.verdict();
    }
}
