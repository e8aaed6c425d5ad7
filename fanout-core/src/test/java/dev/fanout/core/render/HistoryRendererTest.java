package dev.fanout.core.render;

import dev.fanout.core.record.RecordState;
import dev.fanout.core.record.HistoryEntry;
import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HistoryRendererTest {
    @Test
    void eachRunIsOneAlignedLineWithItsResultsAndJob() {
        HistoryEntry done = new HistoryEntry("20261123T183000.123Z-4242-k3v9q2", Instant.parse("2026-11-23T18:30:00.123Z"),
                "run: df -h", List.of("run", "-a", "df -h"), 25, 13_517,
                Map.of(Outcome.Status.OK, 22, Outcome.Status.FAILED, 2, Outcome.Status.UNREACHABLE, 1), 0,
                RecordState.COMPLETE, Duration.ofSeconds(2), false, false, List.of("-a"));
        HistoryEntry killed = new HistoryEntry("20261123T182000.001Z-4100-aa11bb", Instant.parse("2026-11-23T18:20:00Z"),
                "run: sleep 100", List.of(), 3, 812, Map.of(Outcome.Status.OK, 1), 1, RecordState.INCOMPLETE, null, false);
        HistoryEntry stopped = new HistoryEntry("20261123T181000.001Z-4000-cc22dd", Instant.parse("2026-11-23T18:10:00Z"),
                "run: make", List.of(), 2, 1_572_864, Map.of(Outcome.Status.OK, 1, Outcome.Status.CANCELLED, 1), 0,
                RecordState.COMPLETE, Duration.ofSeconds(9), true);

        List<String> lines = new HistoryRenderer(TextStyle.PLAIN, ZoneOffset.ofHours(1))
                .render(List.of(done, killed, stopped));

        assertThat(lines).containsExactly(
                "RUN                               STARTED              HOSTS  SELECTION      SIZE  RESULT                           JOB",
                "20261123T183000.123Z-4242-k3v9q2  2026-11-23 19:30:00     25  -a         13.2 KiB  22 ok, 2 failed, 1 unreachable   run: df -h",
                "20261123T182000.001Z-4100-aa11bb  2026-11-23 19:20:00      3  -             812 B  incomplete: 1 ok, 1 unfinished   run: sleep 100",
                "20261123T181000.001Z-4000-cc22dd  2026-11-23 19:10:00      2  -           1.5 MiB  1 ok, 1 cancelled (interrupted)  run: make");
    }

    private static HistoryEntry selectedWith(List<String> selection) {
        return new HistoryEntry("20261123T183000.123Z-4242-k3v9q2", Instant.parse("2026-11-23T18:30:00.123Z"),
                "run: uptime", List.of(), 5, 100, Map.of(Outcome.Status.OK, 5), 0, RecordState.COMPLETE,
                Duration.ofSeconds(1), false, false, selection);
    }

    @Test
    void theSelectionIsShownAsGivenWithHostListsFolded() {
        assertThat(HistoryRenderer.selection(selectedWith(List.of("-g", "web_clusters", "-x", "web03"))))
                .isEqualTo("-g web_clusters -x web03");
        assertThat(HistoryRenderer.selection(selectedWith(List.of("-H", "web01,web02,web03,db1", "-X", "db"))))
                .isEqualTo("-H db1,web[01-03] -X db");
        assertThat(HistoryRenderer.selection(selectedWith(List.of("-H", "@failed", "--rerun-failed"))))
                .isEqualTo("-H @failed --rerun-failed");
    }

    @Test
    void aLongSelectionIsCutAndAnUnknownOneIsADash() {
        String cut = HistoryRenderer.selection(selectedWith(List.of("-g", "a".repeat(60))));
        assertThat(cut).hasSize(HistoryRenderer.SELECTION_WIDTH).endsWith("...");
        assertThat(HistoryRenderer.selection(selectedWith(List.of()))).isEqualTo("-");
        assertThat(HistoryRenderer.selection(selectedWith(List.of("-g", "x\u001b[2J")))).isEqualTo("-g x^[[2J");
    }
}
