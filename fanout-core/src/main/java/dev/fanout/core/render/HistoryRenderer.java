package dev.fanout.core.render;

import dev.fanout.core.record.RecordState;
import dev.fanout.core.record.HistoryEntry;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.text.Units;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;

import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.StringJoiner;
import dev.fanout.core.text.SafeText;

/**
 * The {@code fanout history} table: one line per recorded run, newest first as given, with its id, start time,
 * host count, the selection as given (host lists folded, cut to {@value #SELECTION_WIDTH} characters; {@code -} when
 * the record does not say), the record's size, results and job. Stateless.
 *
 * <pre>
 * RUN                               STARTED              HOSTS  SELECTION               SIZE  RESULT                          JOB
 * 20261123T183000.123Z-4242-k3v9q2  2026-11-23 19:30:00     25  -g web -x web03     13.2 KiB  22 ok, 2 failed, 1 unreachable  run: df
 * 20261123T182000.001Z-4100-aa11bb  2026-11-23 19:20:00      3  -H web[01-03]          812 B  incomplete: 1 ok, 1 unfinished  run: w
 * 20261123T181000.001Z-4000-cc22dd  2026-11-23 19:10:00      2  -                    1.0 MiB  2 ok (output incomplete)        run: cat
 * </pre>
 */
public final class HistoryRenderer {
    /** The widest a selection is shown. */
    public static final int SELECTION_WIDTH = 40;
    /** The selecting options whose value is a list of hosts, folded for the listing. */
    private static final Set<String> HOST_OPTIONS = Set.of("-H", "-x", "-h");

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm:ss", Locale.ROOT);

    private final TextStyle style;
    private final ZoneId zone;

    /** Shows start times in {@code zone} (the user's, usually {@code ZoneId.systemDefault()}). */
    public HistoryRenderer(TextStyle style, ZoneId zone) {
        this.style = style;
        this.zone = zone;
    }

    /** The table's lines, a heading first, without line terminators; just the heading when there are no runs. */
    public List<String> render(List<HistoryEntry> runs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[]{"RUN", "STARTED", "HOSTS", "SELECTION", "SIZE", "RESULT", "JOB"});
        for (HistoryEntry run : runs) {
            rows.add(new String[]{SafeText.of(run.id()), TIME.format(run.started().atZone(zone)), String.valueOf(run.hostCount()),
                    selection(run), Units.bytes(run.bytes()), result(run), SafeText.of(run.job())});
        }
        int[] width = new int[6];
        for (String[] row : rows) {
            for (int c = 0; c < width.length; c++) {
                width[c] = Math.max(width[c], row[c].length());
            }
        }
        List<String> lines = new ArrayList<>();
        for (int r = 0; r < rows.size(); r++) {
            String[] row = rows.get(r);
            String resultCell = pad(row[5], width[5]);
            if (r > 0) {
                resultCell = style.paint(color(runs.get(r - 1)), resultCell);
            }
            lines.add(pad(row[0], width[0]) + "  " + pad(row[1], width[1]) + "  " + padLeft(row[2], width[2]) + "  "
                    + pad(row[3], width[3]) + "  " + padLeft(row[4], width[4]) + "  " + resultCell + "  " + row[6]);
        }
        return lines;
    }

    /**
     * The run's selection as given, host lists folded ({@code -H web01,web02} as {@code -H web[01-02]}), made safe,
     * cut to {@link #SELECTION_WIDTH} characters ({@code ...} at the end); {@code -} when the record does not say.
     */
    static String selection(HistoryEntry run) {
        if (run.selection().isEmpty()) {
            return "-";
        }
        StringJoiner words = new StringJoiner(" ");
        List<String> given = run.selection();
        for (int i = 0; i < given.size(); i++) {
            String word = given.get(i);
            boolean hostList = i > 0 && HOST_OPTIONS.contains(given.get(i - 1));
            words.add(SafeText.of(hostList ? fold(word) : word));
        }
        String text = words.toString();
        return text.length() <= SELECTION_WIDTH ? text : text.substring(0, SELECTION_WIDTH - 3) + "...";
    }

    /** {@code hosts} folded when it is a list of names and ranges ({@code @group}s are left as they are). */
    private static String fold(String hosts) {
        if (hosts.contains("@")) {
            return hosts;
        }
        try {
            return NodeSet.fold(NodeSet.expand(hosts));
        } catch (SelectionException | IllegalArgumentException e) {
            return hosts;
        }
    }

    /**
     * {@code 22 ok, 2 failed}, prefixed with the record's state when it is not complete, and marked if interrupted or
     * if its output files hold less than the hosts sent ({@code (output incomplete)}).
     */
    static String result(HistoryEntry run) {
        StringJoiner counts = new StringJoiner(", ");
        for (Outcome.Status status : Outcome.Status.values()) {
            int n = run.count(status);
            if (n > 0) {
                counts.add(n + " " + status.text());
            }
        }
        if (run.unfinished() > 0) {
            counts.add(run.unfinished() + " unfinished");
        }
        String text = counts.length() == 0 ? "no hosts" : counts.toString();
        String marks = run.interrupted() && run.state() == RecordState.COMPLETE
                ? run.outputIncomplete() ? " (interrupted, output incomplete)" : " (interrupted)"
                : run.outputIncomplete() ? " (output incomplete)" : "";
        return switch (run.state()) {
            case COMPLETE -> text + marks;
            case RUNNING -> "running: " + text + marks;
            case INCOMPLETE -> "incomplete: " + text + marks;
        };
    }

    private static String color(HistoryEntry run) {
        if (run.state() != RecordState.COMPLETE || run.interrupted() || run.outputIncomplete()) {
            return TextStyle.MAGENTA;
        }
        boolean allOk = run.count(Outcome.Status.OK) == run.hostCount();
        return allOk ? TextStyle.GREEN : run.count(Outcome.Status.FAILED) > 0 ? TextStyle.RED : TextStyle.YELLOW;
    }

    private static String pad(String s, int width) {
        return s + " ".repeat(Math.max(0, width - s.length()));
    }

    private static String padLeft(String s, int width) {
        return " ".repeat(Math.max(0, width - s.length())) + s;
    }
}
