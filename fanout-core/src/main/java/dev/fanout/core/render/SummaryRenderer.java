package dev.fanout.core.render;

import dev.fanout.core.text.Units;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.select.NodeSet;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import dev.fanout.core.text.SafeText;

/**
 * The end-of-run summary: one headline with the counts, then one line per status with its hosts folded
 * ({@code web[01-03,07]}) and, for failures, the reason, hosts sharing a reason folded together: by the reason's
 * shared part ({@link Outcome#sharedReason()}), so that 500 hosts refusing connections are one line, their
 * addresses left to the live lines, {@code show} and JSON. Stateless.
 *
 * <pre>
 * fanout: 9 hosts in 1.2 s: 6 ok, 1 failed, 1 unreachable, 1 timed out
 *   ok           h[1-3],web[01-03]
 *   failed       web04: exit code 2
 *   unreachable  db01: connection refused
 *   timed out    db02: still running after 5 s, stopped
 * </pre>
 */
public final class SummaryRenderer {
    private final TextStyle style;

    public SummaryRenderer(TextStyle style) {
        this.style = style;
    }

    /** The summary's lines, without line terminators. */
    public List<String> render(RunReport report) {
        List<String> lines = new ArrayList<>();
        Map<Outcome.Status, Integer> counts = report.counts();
        StringJoiner headline = new StringJoiner(", ");
        for (Outcome.Status status : Outcome.Status.values()) {
            int n = counts.get(status);
            if (n > 0 || status == Outcome.Status.OK) {
                headline.add(style.paint(color(status), n + " " + status.text()));
            }
        }
        int total = report.results().size();
        lines.add("fanout: " + total + (total == 1 ? " host" : " hosts") + " in "
                + Units.duration(report.elapsed()) + ": " + headline
                + (report.interrupted() ? " (interrupted)" : ""));
        for (Outcome.Status status : Outcome.Status.values()) {
            List<HostResult> results = report.withStatus(status);
            if (results.isEmpty()) {
                continue;
            }
            String label = style.paint(color(status), String.format("  %-12s", status.text()));
            for (Map.Entry<String, List<String>> byReason : byReason(results).entrySet()) {
                String hosts = SafeText.of(fold(byReason.getValue()));
                String reason = SafeText.of(byReason.getKey());
                lines.add(label + " " + hosts + (reason.isEmpty() ? "" : ": " + reason));
            }
        }
        return lines;
    }

    private static Map<String, List<String>> byReason(List<HostResult> results) {
        Map<String, List<String>> groups = new LinkedHashMap<>();
        for (HostResult r : results) {
            groups.computeIfAbsent(r.outcome().sharedReason(), k -> new ArrayList<>()).add(r.host().name());
        }
        return groups;
    }

    /** The names folded ({@code web[01-03]}), or listed with commas when a name cannot be folded. */
    private static String fold(List<String> names) {
        try {
            return NodeSet.fold(names);
        } catch (IllegalArgumentException e) {
            return String.join(",", names);
        }
    }

    private static String color(Outcome.Status status) {
        return switch (status) {
            case OK -> TextStyle.GREEN;
            case FAILED -> TextStyle.RED;
            case UNREACHABLE, TIMED_OUT -> TextStyle.YELLOW;
            case CANCELLED, SKIPPED -> TextStyle.MAGENTA;
        };
    }
}
