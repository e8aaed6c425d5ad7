package dev.fanout.core.render;

import dev.fanout.core.record.EventJson;
import dev.fanout.core.record.HostRecord;
import dev.fanout.core.record.RecordedRun;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.Units;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A recorded run as one self-contained HTML page ({@code fanout show RUN --html FILE}): inline CSS and SVG, no
 * script, nothing fetched. It shows the summary numbers, a timeline with one bar per host from its start, split
 * into the connect phase (connect, host key, authentication) and the command phase, coloured by status, so slow
 * hosts stand out, and the gathered outputs (all remote text escaped). Stateless.
 *
 * <p>Stable hooks for tests and styling: {@code <td id="count-hosts">}, {@code id="count-ok"} (and
 * {@code count-failed}, {@code count-unreachable}, {@code count-timed_out}, {@code count-cancelled}),
 * {@code <svg id="timeline">} with one {@code <g class="host" data-host="NAME">} per host holding a
 * {@code <rect class="phase-connect">} and, for a host that connected, a {@code <rect class="phase-command">};
 * each gathered group is a {@code <section class="group">}.
 */
public final class HtmlReport {
    /** At most this much of each group's output is put on the page. */
    public static final long GROUP_LIMIT = 64 * 1024;
    /** Once the outputs shown reach this size, later groups show only their titles. */
    public static final long PAGE_LIMIT = 4L << 20;

    private static final int LABEL_WIDTH = 150;
    private static final int CHART_WIDTH = 800;
    private static final int AXIS_HEIGHT = 24;
    private static final int MAX_CHART_HEIGHT = 4000;

    private HtmlReport() {
    }

    /** Writes the page for {@code run} to {@code file}, replacing it. */
    public static void write(RecordedRun run, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(run, out);
        }
    }

    /** Writes the page for {@code run} to {@code out} as UTF-8; does not close {@code out}. */
    public static void write(RecordedRun run, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8));
        GatheredView gathered = GatheredView.of(run);
        String title = "fanout " + (run.job().isEmpty() ? "run" : run.job());
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
        w.write(escape(title + " (" + run.id() + ")"));
        w.write("</title>\n<style>\n");
        w.write(CSS);
        w.write("</style>\n</head>\n<body>\n<h1>");
        w.write(escape(title));
        w.write("</h1>\n");
        summary(w, run);
        timeline(w, run);
        outputs(w, gathered);
        w.write("</body>\n</html>\n");
        w.flush();
    }

    private static void summary(Writer w, RecordedRun run) throws IOException {
        w.write("<section id=\"summary\">\n<p class=\"meta\">Run <code>" + escape(run.id()) + "</code>, started "
                + escape(EventJson.iso(run.started())));
        if (!run.argv().isEmpty()) {
            w.write(", command line <code>fanout " + escape(String.join(" ", run.argv())) + "</code>");
        }
        w.write("</p>\n");
        String state = switch (run.state()) {
            case COMPLETE -> run.interrupted() ? "interrupted (Ctrl-C): some hosts did not finish" : "complete";
            case RUNNING -> "still running when this page was made: the record goes up to "
                    + EventJson.iso(run.lastEvent());
            case INCOMPLETE -> "incomplete: the run was killed or crashed; the record goes up to "
                    + EventJson.iso(run.lastEvent());
        };
        w.write("<p id=\"state\" class=\"state-" + run.state().name().toLowerCase(Locale.ROOT) + "\">"
                + escape(state) + "</p>\n<table class=\"counts\">\n");
        row(w, "hosts", "count-hosts", "", String.valueOf(run.hosts().size()));
        for (Map.Entry<Outcome.Status, Integer> count : run.counts().entrySet()) {
            String name = EventJson.statusName(count.getKey());
            row(w, count.getKey().text(), "count-" + name, "status-" + name, String.valueOf(count.getValue()));
        }
        if (run.unfinished() > 0) {
            row(w, "unfinished", "count-unfinished", "status-unfinished", String.valueOf(run.unfinished()));
        }
        Duration elapsed = run.elapsed().orElse(Duration.between(run.started(), run.lastEvent()));
        row(w, "elapsed", "elapsed", "", Units.duration(elapsed));
        w.write("</table>\n</section>\n");
    }

    private static void row(Writer w, String label, String id, String cls, String value) throws IOException {
        w.write("<tr" + (cls.isEmpty() ? "" : " class=\"" + cls + "\"") + "><th>" + escape(label)
                + "</th><td id=\"" + id + "\">" + escape(value) + "</td></tr>\n");
    }

    private static void timeline(Writer w, RecordedRun run) throws IOException {
        List<HostRecord> hosts = run.results();
        w.write("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n");
        if (hosts.isEmpty()) {
            w.write("<p>No host started.</p>\n</section>\n");
            return;
        }
        long spanMs = 1;
        for (HostRecord h : hosts) {
            spanMs = Math.max(spanMs, offsetMs(run, h) + durationMs(run, h));
        }
        double rowHeight = Math.clamp((double) MAX_CHART_HEIGHT / hosts.size(), 2.0, 18.0);
        boolean labels = rowHeight >= 10;
        int height = (int) Math.ceil(rowHeight * hosts.size()) + AXIS_HEIGHT;
        int width = LABEL_WIDTH + CHART_WIDTH + 20;
        w.write("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\""
                + height + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\" aria-label=\"timeline of "
                + hosts.size() + " hosts\">\n");
        axis(w, spanMs, height);
        double scale = (double) CHART_WIDTH / spanMs;
        double y = AXIS_HEIGHT;
        for (HostRecord h : hosts) {
            String status = h.finished() ? EventJson.statusName(h.status()) : "unfinished";
            long start = offsetMs(run, h);
            long total = durationMs(run, h);
            long connect = h.connect() == null ? total : Math.min(h.connect().toMillis(), total);
            double x0 = LABEL_WIDTH + start * scale;
            double bar = Math.max(rowHeight - (labels ? 4 : 0.5), 1);
            w.write("<g class=\"host status-" + status + "\" data-host=\"" + escape(h.name()) + "\"><title>"
                    + escape(tooltip(h, total)) + "</title>");
            if (labels) {
                w.write("<text class=\"label\" x=\"" + (LABEL_WIDTH - 6) + "\" y=\"" + fmt(y + rowHeight - 5)
                        + "\">" + escape(h.name()) + "</text>");
            }
            String connectClass = h.connect() == null ? "phase-connect status-" + status : "phase-connect";
            w.write("<rect class=\"" + connectClass + "\" x=\"" + fmt(x0) + "\" y=\"" + fmt(y + 1) + "\" width=\""
                    + fmt(Math.max(connect * scale, 1)) + "\" height=\"" + fmt(bar) + "\"/>");
            if (h.connect() != null) {
                w.write("<rect class=\"phase-command status-" + status + "\" x=\"" + fmt(x0 + connect * scale)
                        + "\" y=\"" + fmt(y + 1) + "\" width=\"" + fmt(Math.max((total - connect) * scale, 1))
                        + "\" height=\"" + fmt(bar) + "\"/>");
            }
            w.write("</g>\n");
            y += rowHeight;
        }
        w.write("</svg>\n<p class=\"legend\"><span class=\"key phase-connect\"></span>connect and log in "
                + "<span class=\"key status-ok\"></span>ok <span class=\"key status-failed\"></span>failed "
                + "<span class=\"key status-unreachable\"></span>unreachable "
                + "<span class=\"key status-timed_out\"></span>timed out "
                + "<span class=\"key status-cancelled\"></span>cancelled "
                + "<span class=\"key status-unfinished\"></span>unfinished</p>\n</section>\n");
    }

    private static void axis(Writer w, long spanMs, int height) throws IOException {
        long step = niceStep(spanMs);
        w.write("<g class=\"axis\">");
        for (long t = 0; t <= spanMs; t += step) {
            double x = LABEL_WIDTH + (double) t * CHART_WIDTH / spanMs;
            w.write("<line x1=\"" + fmt(x) + "\" y1=\"" + (AXIS_HEIGHT - 4) + "\" x2=\"" + fmt(x) + "\" y2=\""
                    + height + "\"/><text x=\"" + fmt(x) + "\" y=\"" + (AXIS_HEIGHT - 8) + "\">"
                    + escape(Units.duration(Duration.ofMillis(t))) + "</text>");
        }
        w.write("</g>\n");
    }

    /** A tick interval of 1, 2 or 5 times a power of ten giving at most about ten ticks. */
    private static long niceStep(long spanMs) {
        long step = 1;
        while (true) {
            for (long m : new long[]{1, 2, 5}) {
                if (spanMs / (step * m) <= 10) {
                    return step * m;
                }
            }
            step *= 10;
        }
    }

    private static String tooltip(HostRecord h, long totalMs) {
        StringBuilder sb = new StringBuilder(h.name()).append(": ").append(h.describe());
        if (h.connect() != null) {
            sb.append(", connected in ").append(Units.duration(h.connect()));
        }
        sb.append(", ").append(h.finished() ? "total " : "running for at least ")
                .append(Units.duration(Duration.ofMillis(totalMs)));
        return sb.toString();
    }

    private static long offsetMs(RecordedRun run, HostRecord h) {
        return Math.max(0, Duration.between(run.started(), h.started()).toMillis());
    }

    private static long durationMs(RecordedRun run, HostRecord h) {
        Instant end = h.total() != null ? h.started().plus(h.total()) : run.lastEvent();
        return Math.max(0, Duration.between(h.started(), end).toMillis());
    }

    private static void outputs(Writer w, GatheredView gathered) throws IOException {
        w.write("<section id=\"outputs\">\n<h2>Outputs</h2>\n");
        if (gathered.groups().isEmpty()) {
            w.write("<p>No output.</p>\n");
        }
        long shown = 0;
        for (GatheredView.Group group : gathered.groups()) {
            String status = group.status() == null ? "unfinished" : EventJson.statusName(group.status());
            w.write("<section class=\"group status-" + status + "\">\n<h3><span class=\"hosts\">"
                    + escape(group.nodeSet()) + "</span> <span class=\"count\">(" + group.size() + ")</span>"
                    + (group.ok() ? "" : " <span class=\"outcome\">" + escape(group.outcome()) + "</span>")
                    + (group.incomplete() ? " <span class=\"outcome\">" + GatheredView.INCOMPLETE + "</span>" : "")
                    + "</h3>\n");
            if (group.silent()) {
                w.write("<p class=\"empty\">(no output)</p>\n");
            } else if (shown >= PAGE_LIMIT) {
                w.write("<p class=\"empty\">(output not shown: the page is large enough already; use fanout show "
                        + "-b)</p>\n");
            } else {
                String text = gathered.text(group, GROUP_LIMIT);
                shown += text.length();
                w.write("<pre>");
                w.write(escape(text));
                w.write("</pre>\n");
            }
            w.write("</section>\n");
        }
        w.write("</section>\n");
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * {@code text} made safe line by line ({@link SafeText#of}: no control character reaches a terminal that shows the
     * file) and escaped for HTML element content and attribute values.
     */
    static String escape(String raw) {
        StringBuilder lines = new StringBuilder(raw.length());
        int start = 0;
        for (int end = raw.indexOf('\n'); end >= 0; end = raw.indexOf('\n', start)) {
            lines.append(SafeText.of(raw.substring(start, end))).append('\n');
            start = end + 1;
        }
        String text = lines.append(SafeText.of(raw.substring(start))).toString();
        StringBuilder sb = new StringBuilder(text.length() + 16);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static final String CSS = """
            body { font-family: system-ui, sans-serif; margin: 2em; color: #222; background: #fff; }
            h1 { font-size: 1.4em; } h2 { font-size: 1.15em; margin-top: 1.5em; } h3 { font-size: 1em; margin: 0 0 .4em; }
            code, pre { font-family: ui-monospace, monospace; }
            .meta { color: #555; }
            table.counts { border-collapse: collapse; }
            table.counts th { text-align: left; padding: 2px 1.5em 2px 0; font-weight: normal; }
            table.counts td { text-align: right; font-weight: bold; }
            .state-incomplete, .state-running { color: #b35c00; font-weight: bold; }
            svg#timeline { display: block; border: 1px solid #ddd; background: #fafafa; }
            svg#timeline .axis line { stroke: #ddd; stroke-width: 1; }
            svg#timeline .axis text { font-size: 10px; fill: #666; text-anchor: middle; }
            svg#timeline text.label { font-size: 10px; fill: #333; text-anchor: end; font-family: ui-monospace, monospace; }
            svg#timeline g.host:hover rect { stroke: #000; stroke-width: .5; }
            rect.phase-connect { fill: #8fb0de; }
            rect.status-ok, .key.status-ok { fill: #2e9d4a; background: #2e9d4a; }
            rect.status-failed, .key.status-failed { fill: #d73a3a; background: #d73a3a; }
            rect.status-unreachable, .key.status-unreachable { fill: #e08a00; background: #e08a00; }
            rect.status-timed_out, .key.status-timed_out { fill: #8e44ad; background: #8e44ad; }
            rect.status-cancelled, .key.status-cancelled { fill: #888; background: #888; }
            rect.status-unfinished, .key.status-unfinished { fill: #ccc; background: #ccc; }
            .key { display: inline-block; width: 1em; height: .8em; margin: 0 .3em 0 1em; vertical-align: middle; }
            .key.phase-connect { background: #8fb0de; }
            section.group { border-left: 4px solid #2e9d4a; padding: .3em .8em; margin: 1em 0; background: #f7f7f7; }
            section.group.status-failed { border-color: #d73a3a; }
            section.group.status-unreachable { border-color: #e08a00; }
            section.group.status-timed_out { border-color: #8e44ad; }
            section.group.status-cancelled, section.group.status-unfinished { border-color: #888; }
            section.group .hosts { font-family: ui-monospace, monospace; }
            section.group .outcome { color: #a00; font-weight: normal; }
            section.group pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
            .empty { color: #777; margin: 0; }
            tr.status-ok td { color: #2e9d4a; } tr.status-failed td { color: #d73a3a; }
            tr.status-unreachable td { color: #e08a00; } tr.status-timed_out td { color: #8e44ad; }
            """;
}
