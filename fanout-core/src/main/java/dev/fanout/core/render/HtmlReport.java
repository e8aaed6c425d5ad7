package dev.fanout.core.render;

import dev.fanout.core.event.EventJson;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.record.StoredHost;
import dev.fanout.core.record.OutputFault;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.text.Units;

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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import dev.fanout.core.text.SafeText;

/**
 * A recorded run as one self-contained HTML page ({@code fanout show RUN --html FILE}): inline CSS and SVG, no
 * script, nothing fetched (a Content-Security-Policy meta forbids both, so even a slip of escaping could not run or
 * load anything). It shows the command line as a shell would need it typed, the record's state in plain words and
 * its integrity warnings ({@link RecordWarnings}), the summary numbers, a timeline with one bar per host from its
 * start, split into the connect phase (connect, host key, authentication) and the command phase, coloured by
 * status, a table of every host (outcome, exit code, connect and total ms, bytes on stdout and stderr), and the
 * gathered outputs in collapsible blocks (all remote text escaped). Each timeline bar and each table row links to
 * its host's output. Stateless.
 *
 * <p>Sorting without a script: each sort order is a radio button placed before the table (or the timeline) it
 * sorts; every row carries its rank for each key as a custom property ({@code style="--t:3"}), and a rule per key
 * ({@code #hs-t:checked ~ .host-table > .r { order: var(--t) }}) reorders the table's flex rows, or moves the
 * timeline's SVG rows with a {@code transform}. The ranks are computed here, so the page needs no code to sort,
 * and a viewer without CSS still sees every row in selection order. Why no script at all: the page holds what
 * remote hosts printed, and with none allowed (the policy below) a mistake in escaping cannot become code.
 *
 * <p>Stable hooks for tests and styling: {@code <td id="count-hosts">}, {@code id="count-ok"} (and
 * {@code count-failed}, {@code count-unreachable}, {@code count-timed_out}, {@code count-cancelled}),
 * {@code <p id="state">}, {@code <ul id="warnings">}, {@code <code id="command-line">},
 * {@code <svg id="timeline">} with one {@code <g class="host" data-host="NAME">} per host holding a
 * {@code <rect class="phase-connect">} and, for a host that connected, a {@code <rect class="phase-command">};
 * {@code <div id="hosts">} with one {@code <a class="r" data-host="NAME">} per host; each gathered group is a
 * {@code <details class="group">} holding an empty {@code <a id="...">} per host, the target of the links.
 */
public final class HtmlReport {
    /** At most this much of each group's output is put on the page. */
    public static final long GROUP_LIMIT = 64 * 1024;
    /** Once the outputs shown reach this size, later groups show only their titles. */
    public static final long PAGE_LIMIT = 4L << 20;
    /** With at most this many distinct outputs, their blocks are open when the page is loaded. */
    public static final int OPEN_GROUPS = 20;

    private static final int LABEL_WIDTH = 150;
    private static final int CHART_WIDTH = 800;
    private static final int AXIS_HEIGHT = 24;
    private static final int MAX_CHART_HEIGHT = 4000;
    private static final Pattern PLAIN_ID = Pattern.compile("[A-Za-z0-9-]");

    /** The host table's sort keys: radio id suffix, label, custom property. */
    private static final List<String[]> TABLE_KEYS = List.of(
            new String[]{"n", "host"}, new String[]{"s", "outcome (failures first)"},
            new String[]{"e", "exit code (highest first)"}, new String[]{"c", "connect (slowest first)"},
            new String[]{"t", "total (slowest first)"}, new String[]{"o", "stdout (largest first)"},
            new String[]{"r", "stderr (largest first)"});

    private HtmlReport() {
    }

    /** Writes the page for {@code run} to {@code file}, replacing it, after checking the record's output. */
    public static void write(StoredRun run, Path file) throws IOException {
        write(run, run.verifyOutput(), file);
    }

    /** Writes the page for {@code run}, whose output was checked as {@code faults}, to {@code file}, replacing it. */
    public static void write(StoredRun run, List<OutputFault> faults, Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            write(run, faults, out);
        }
    }

    /** Writes the page for {@code run} to {@code out} as UTF-8, after checking the output; does not close it. */
    public static void write(StoredRun run, OutputStream out) throws IOException {
        write(run, run.verifyOutput(), out);
    }

    /**
     * Writes the page for {@code run}, whose output was checked as {@code faults} ({@link StoredRun#verifyOutput}),
     * to {@code out} as UTF-8; does not close {@code out}.
     */
    public static void write(StoredRun run, List<OutputFault> faults, OutputStream out) throws IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), 64 * 1024);
        GatheredView gathered = GatheredView.of(run);
        String title = "fanout " + (run.job().isEmpty() ? "run" : run.job());
        Map<String, String> anchors = anchors(run);
        w.write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'\">\n"
                + "<title>");
        w.write(escape(title + " (" + run.id() + ")"));
        w.write("</title>\n<style>\n");
        w.write(CSS);
        w.write(sortCss());
        w.write("</style>\n</head>\n<body>\n<h1>");
        w.write(escape(title));
        w.write("</h1>\n");
        summary(w, run, faults);
        timeline(w, run, anchors);
        hostTable(w, run, anchors);
        outputs(w, gathered, anchors);
        w.write("</body>\n</html>\n");
        w.flush();
    }

    private static void summary(Writer w, StoredRun run, List<OutputFault> faults) throws IOException {
        w.write("<section id=\"summary\">\n<p class=\"meta\">Run <code>" + escape(run.id()) + "</code>, started "
                + escape(EventJson.iso(run.started())) + "</p>\n");
        if (!run.argv().isEmpty()) {
            List<String> line = new ArrayList<>(run.argv().size() + 1);
            line.add("fanout");
            line.addAll(run.argv());
            w.write("<p class=\"meta\">Command line: <code id=\"command-line\">" + escape(ShellWords.join(line))
                    + "</code></p>\n");
        }
        w.write("<p id=\"state\" class=\"state-" + run.state().name().toLowerCase(Locale.ROOT) + "\">"
                + escape(stateWords(run)) + "</p>\n");
        List<String> warnings = RecordWarnings.lines(run, faults);
        if (!warnings.isEmpty()) {
            w.write("<ul id=\"warnings\">\n");
            for (String warning : warnings) {
                w.write("<li>" + escape(warning) + "</li>\n");
            }
            w.write("</ul>\n");
        }
        w.write("<table class=\"counts\">\n");
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

    /** The record's state in plain words: {@code record complete}, {@code record incomplete: ...}. */
    static String stateWords(StoredRun run) {
        return switch (run.state()) {
            case COMPLETE -> run.interrupted()
                    ? "record complete: the run was interrupted (Ctrl-C) and some hosts did not finish"
                    : "record complete";
            case RUNNING -> "record still being written: the run was still going when this page was made; the record "
                    + "goes up to " + EventJson.iso(run.lastEvent());
            case INCOMPLETE -> "record incomplete: the run was killed or crashed; the record goes up to "
                    + EventJson.iso(run.lastEvent());
        };
    }

    private static void row(Writer w, String label, String id, String cls, String value) throws IOException {
        w.write("<tr" + (cls.isEmpty() ? "" : " class=\"" + cls + "\"") + "><th>" + escape(label)
                + "</th><td id=\"" + id + "\">" + escape(value) + "</td></tr>\n");
    }

    /**
     * Each started host's output anchor: {@code o-} and its name, any character but a letter, a digit and
     * {@code -} written as {@code _XXXX} (its code in hex), so anchors are unique, valid and readable.
     */
    private static Map<String, String> anchors(StoredRun run) {
        Map<String, String> anchors = new HashMap<>();
        for (StoredHost h : run.results()) {
            StringBuilder sb = new StringBuilder("o-");
            h.name().codePoints().forEach(c -> {
                String s = Character.toString(c);
                if (c < 128 && PLAIN_ID.matcher(s).matches()) {
                    sb.append(s);
                } else {
                    sb.append('_').append(String.format(Locale.ROOT, "%04x", c));
                }
            });
            anchors.put(h.name(), sb.toString());
        }
        return anchors;
    }

    /** The rank (1-based) of each of {@code n} rows in the order {@code by} gives their indexes; ties keep theirs. */
    private static int[] ranks(int n, Comparator<Integer> by) {
        Integer[] index = new Integer[n];
        for (int i = 0; i < n; i++) {
            index[i] = i;
        }
        Arrays.sort(index, by);
        int[] ranks = new int[n];
        for (int r = 0; r < n; r++) {
            ranks[index[r]] = r + 1;
        }
        return ranks;
    }

    private static long sentBytes(StoredRun run, StoredHost h, StdStream stream) {
        if (h.sent(stream) != null) {
            return h.sent(stream).bytes();
        }
        try {
            return run.outputSize(h.name(), stream);
        } catch (IOException e) {
            return 0;
        }
    }

    private static int exitCode(StoredHost h) {
        return h.outcome() instanceof Outcome.Exited(int code) ? code : -1;
    }

    private static void hostTable(Writer w, StoredRun run, Map<String, String> anchors) throws IOException {
        List<StoredHost> hosts = run.results();
        w.write("<section id=\"hosts-section\">\n<h2>Hosts</h2>\n");
        if (hosts.isEmpty()) {
            w.write("<p>No host started.</p>\n</section>\n");
            return;
        }
        long[] out = new long[hosts.size()];
        long[] err = new long[hosts.size()];
        for (int i = 0; i < hosts.size(); i++) {
            out[i] = sentBytes(run, hosts.get(i), StdStream.STDOUT);
            err[i] = sentBytes(run, hosts.get(i), StdStream.STDERR);
        }
        int n = hosts.size();
        List<int[]> ranks = List.of(
                ranks(n, Comparator.comparing(i -> hosts.get(i).name())),
                ranks(n, Comparator.comparing((Integer i) -> hosts.get(i).status() == Outcome.Status.OK)
                        .thenComparing(i -> hosts.get(i).describe())),
                ranks(n, Comparator.comparingInt((Integer i) -> exitCode(hosts.get(i))).reversed()),
                ranks(n, Comparator.comparingLong((Integer i) -> hosts.get(i).connect() == null ? -1
                        : hosts.get(i).connect().toMillis()).reversed()),
                ranks(n, Comparator.comparingLong((Integer i) -> durationMs(run, hosts.get(i))).reversed()),
                ranks(n, Comparator.comparingLong((Integer i) -> out[i]).reversed()),
                ranks(n, Comparator.comparingLong((Integer i) -> err[i]).reversed()));
        // the radios are siblings before the table, as the sort rules (#hs-t:checked ~ .host-table) need them
        w.write("<span class=\"sort\">Sort by:</span> <input type=\"radio\" name=\"hs\" id=\"hs-sel\" checked>"
                + "<label for=\"hs-sel\">selection order</label>");
        for (String[] key : TABLE_KEYS) {
            w.write(" <input type=\"radio\" name=\"hs\" id=\"hs-" + key[0] + "\"><label for=\"hs-" + key[0] + "\">"
                    + key[1] + "</label>");
        }
        w.write("\n");
        w.write("<div id=\"hosts\" class=\"host-table\">\n<div class=\"r head\"><label for=\"hs-n\">host</label>"
                + "<label for=\"hs-s\">outcome</label><label for=\"hs-e\">exit code</label>"
                + "<label for=\"hs-c\">connect ms</label><label for=\"hs-t\">total ms</label>"
                + "<label for=\"hs-o\">stdout</label><label for=\"hs-r\">stderr</label></div>\n");
        for (int i = 0; i < hosts.size(); i++) {
            StoredHost h = hosts.get(i);
            String status = h.finished() ? EventJson.statusName(h.status()) : "unfinished";
            StringBuilder style = new StringBuilder();
            for (int k = 0; k < TABLE_KEYS.size(); k++) {
                style.append(k == 0 ? "" : ";").append("--").append(TABLE_KEYS.get(k)[0]).append(':')
                        .append(ranks.get(k)[i]);
            }
            int code = exitCode(h);
            w.write("<a class=\"r status-" + status + "\" href=\"#" + anchors.get(h.name()) + "\" data-host=\""
                    + escape(h.name()) + "\" style=\"" + style + "\"><span>" + escape(h.name()) + "</span><span>"
                    + escape(h.describe()) + "</span><span>" + (code < 0 ? "-" : code) + "</span><span>"
                    + (h.connect() == null ? "-" : h.connect().toMillis()) + "</span><span>"
                    + (h.finished() ? String.valueOf(durationMs(run, h)) : "&gt;" + durationMs(run, h))
                    + "</span><span>" + Units.bytes(out[i]) + "</span><span>" + Units.bytes(err[i])
                    + "</span></a>\n");
        }
        w.write("</div>\n</section>\n");
    }

    /** The rules that sort the host table, one per sort key (the timeline's one rule is in {@link #CSS}). */
    private static String sortCss() {
        StringBuilder css = new StringBuilder();
        for (String[] key : TABLE_KEYS) {
            String k = key[0];
            css.append("#hs-").append(k).append(":checked ~ .host-table > .r { order: var(--").append(k)
                    .append("); }\n");
            css.append("#hs-").append(k).append(":checked ~ .host-table label[for=hs-").append(k)
                    .append("] { text-decoration: underline; }\n");
        }
        return css.toString();
    }

    private static void timeline(Writer w, StoredRun run, Map<String, String> anchors) throws IOException {
        List<StoredHost> hosts = run.results();
        w.write("<section id=\"timeline-section\">\n<h2>Timeline</h2>\n");
        if (hosts.isEmpty()) {
            w.write("<p>No host started.</p>\n</section>\n");
            return;
        }
        long spanMs = 1;
        for (StoredHost h : hosts) {
            spanMs = Math.max(spanMs, offsetMs(run, h) + durationMs(run, h));
        }
        double rowHeight = Math.clamp((double) MAX_CHART_HEIGHT / hosts.size(), 2.0, 18.0);
        boolean labels = rowHeight >= 10;
        int height = (int) Math.ceil(rowHeight * hosts.size()) + AXIS_HEIGHT;
        int width = LABEL_WIDTH + CHART_WIDTH + 20;
        int[] longest = ranks(hosts.size(),
                Comparator.comparingLong((Integer i) -> durationMs(run, hosts.get(i))).reversed());
        // the radios are siblings before the chart, as the rule #tl-d:checked ~ svg needs them
        w.write("<span class=\"sort\">Order:</span> <input type=\"radio\" name=\"tl\" id=\"tl-sel\" checked>"
                + "<label for=\"tl-sel\">selection order</label> <input type=\"radio\" name=\"tl\" id=\"tl-d\">"
                + "<label for=\"tl-d\">longest first</label>\n");
        w.write("<svg id=\"timeline\" xmlns=\"http://www.w3.org/2000/svg\" width=\"" + width + "\" height=\""
                + height + "\" viewBox=\"0 0 " + width + " " + height + "\" role=\"img\" aria-label=\"timeline of "
                + hosts.size() + " hosts\" style=\"--row:" + fmt(rowHeight) + "px\">\n");
        axis(w, spanMs, height);
        double scale = (double) CHART_WIDTH / spanMs;
        double y = AXIS_HEIGHT;
        for (int i = 0; i < hosts.size(); i++) {
            StoredHost h = hosts.get(i);
            String status = h.finished() ? EventJson.statusName(h.status()) : "unfinished";
            long start = offsetMs(run, h);
            long total = durationMs(run, h);
            long connect = h.connect() == null ? total : Math.min(h.connect().toMillis(), total);
            double x0 = LABEL_WIDTH + start * scale;
            double bar = Math.max(rowHeight - (labels ? 4 : 0.5), 1);
            w.write("<a href=\"#" + anchors.get(h.name()) + "\"><g class=\"host status-" + status + "\" data-host=\""
                    + escape(h.name()) + "\" style=\"--m:" + (longest[i] - 1 - i) + "\"><title>"
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
            w.write("</g></a>\n");
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

    private static String tooltip(StoredHost h, long totalMs) {
        StringBuilder sb = new StringBuilder(h.name()).append(": ").append(h.describe());
        if (h.connect() != null) {
            sb.append(", connected in ").append(Units.duration(h.connect()));
        }
        sb.append(", ").append(h.finished() ? "total " : "running for at least ")
                .append(Units.duration(Duration.ofMillis(totalMs)));
        return sb.toString();
    }

    private static long offsetMs(StoredRun run, StoredHost h) {
        return Math.max(0, Duration.between(run.started(), h.started()).toMillis());
    }

    private static long durationMs(StoredRun run, StoredHost h) {
        Instant end = h.total() != null ? h.started().plus(h.total()) : run.lastEvent();
        return Math.max(0, Duration.between(h.started(), end).toMillis());
    }

    private static void outputs(Writer w, GatheredView gathered, Map<String, String> anchors) throws IOException {
        w.write("<section id=\"outputs\">\n<h2>Outputs</h2>\n");
        if (gathered.groups().isEmpty()) {
            w.write("<p>No output.</p>\n");
        }
        boolean open = gathered.groups().size() <= OPEN_GROUPS;
        long shown = 0;
        for (GatheredView.Group group : gathered.groups()) {
            String status = group.status() == null ? "unfinished" : EventJson.statusName(group.status());
            w.write("<details class=\"group status-" + status + "\"" + (open ? " open" : "") + ">\n<summary><h3>"
                    + "<span class=\"hosts\">" + escape(group.nodeSet()) + "</span> <span class=\"count\">("
                    + group.size() + ")</span>"
                    + (group.ok() ? "" : " <span class=\"outcome\">" + escape(group.outcome()) + "</span>")
                    + (group.incomplete() ? " <span class=\"outcome\">" + GatheredView.INCOMPLETE + "</span>" : "")
                    + "</h3></summary>\n");
            for (String host : group.hosts()) {
                w.write("<a id=\"" + anchors.get(host) + "\"></a>");
            }
            w.write("\n");
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
            w.write("</details>\n");
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
            details.group { border-left: 4px solid #2e9d4a; padding: .3em .8em; margin: 1em 0; background: #f7f7f7; }
            details.group.status-failed { border-color: #d73a3a; }
            details.group.status-unreachable { border-color: #e08a00; }
            details.group.status-timed_out { border-color: #8e44ad; }
            details.group.status-cancelled, details.group.status-unfinished { border-color: #888; }
            details.group .hosts { font-family: ui-monospace, monospace; }
            details.group .outcome { color: #a00; font-weight: normal; }
            details.group pre { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
            details.group summary { cursor: pointer; } details.group summary h3 { display: inline; }
            details.group:has(:target) { outline: 2px solid #3b6fc2; }
            .empty { color: #777; margin: 0; }
            #warnings { color: #b35c00; font-weight: bold; }
            .sort { color: #555; } input[type=radio] { margin-left: .8em; }
            #tl-d:checked ~ svg g.host { transform: translateY(calc(var(--m) * var(--row))); }
            svg#timeline { margin-top: .5em; }
            .host-table { display: flex; flex-direction: column; margin-top: .5em; font-size: .9em; }
            .host-table > .r { display: grid; grid-template-columns: 12em minmax(10em, 1fr) 5em 6em 6em 6em 6em;
              gap: 0 .8em; padding: 1px .3em; color: inherit; text-decoration: none; border-bottom: 1px solid #eee; }
            .host-table > .r > span { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
            .host-table > .r > span:first-child { font-family: ui-monospace, monospace; }
            .host-table > .r > span:nth-child(n+3) { text-align: right; }
            .host-table > .r:hover { background: #eef3fb; }
            .host-table > .head { order: -1; font-weight: bold; border-bottom: 1px solid #aaa; }
            .host-table > .head label { cursor: pointer; } .host-table > .head label:nth-child(n+3) { text-align: right; }
            .host-table > a.status-failed > span:nth-child(2) { color: #d73a3a; }
            .host-table > a.status-unreachable > span:nth-child(2) { color: #e08a00; }
            .host-table > a.status-timed_out > span:nth-child(2) { color: #8e44ad; }
            .host-table > a.status-cancelled > span:nth-child(2),
            .host-table > a.status-unfinished > span:nth-child(2) { color: #888; }
            tr.status-ok td { color: #2e9d4a; } tr.status-failed td { color: #d73a3a; }
            tr.status-unreachable td { color: #e08a00; } tr.status-timed_out td { color: #8e44ad; }
            """;
}
