package dev.fanout.core.render;

import com.github.difflib.DiffUtils;
import com.github.difflib.UnifiedDiffUtils;
import com.github.difflib.patch.Patch;
import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.record.StoredHost;
import dev.fanout.core.record.OutputFault;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.record.StreamCheck;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.text.Units;
import dev.fanout.core.select.NodeSet;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import dev.fanout.core.text.SafeText;

/**
 * The gathered view of a recorded run ({@code -b}, as {@code clush -b} and {@code dshbak -c}): hosts whose output
 * is identical are shown once, under their folded host set and their count ({@code web[01-20,22] (21)}), the
 * largest group first; and the {@code --diff} view: each other output as a unified diff against the most common
 * one. Immutable once built; thread-safe.
 *
 * <h2>What is gathered</h2>
 * Two hosts are in one group when they have the same stdout bytes, the same stderr bytes (each compared as a
 * whole, with SHA-256, so memory never holds every host's output) and the same ending ({@link StoredHost#ending()}:
 * {@code ok}, {@code failed: exit code 2}, {@code unreachable: ...}, {@code unfinished}). This is clush's rule
 * (outputs gathered per return code), with stderr kept apart from stdout rather than dropped or merged, because
 * which stream a line came on matters. Groups come largest first, then by their first host in natural order.
 * Hosts whose recorded output is not what they sent ({@link StoredRun#checkOutput}: the disk was full, a file
 * was cut later) are never gathered with hosts whose output is whole, and their groups are marked
 * {@code output incomplete}.
 *
 * <h2>Text form</h2>
 * <pre>
 * ---------------
 * web[01-20,22] (21)
 * ---------------
 * stdout lines, as the hosts wrote them
 * -- stderr --
 * stderr lines, if there were any
 * ---------------
 * web23 (1) failed: exit code 1
 * ---------------
 * ...
 * </pre>
 * A group with no output at all shows {@code (no output)}. On a terminal ({@link TextStyle#terminal()}) remote text
 * is made safe ({@link SafeText}); otherwise bytes pass through untouched.
 */
public final class GatheredView {
    /** The gathered digest is worth showing after a live run only when more hosts than this took part. */
    public static final int MIN_HOSTS = 5;
    /** Outputs larger than this (stdout plus stderr of one group) are not diffed. */
    public static final long MAX_DIFF_BYTES = 4L << 20;

    static final String SEPARATOR = "---------------";
    static final String STDERR_MARK = "-- stderr --";
    static final String INCOMPLETE = "output incomplete";
    private static final int CONTEXT = 3;

    private final Outputs outputs;
    private final List<Group> groups;
    private final int hostCount;
    private final int distinctOutputs;
    private final List<OutputFault> faults;

    /**
     * One set of hosts with the same output and ending. Immutable.
     *
     * @param hosts          the hosts, in selection order
     * @param nodeSet        the hosts folded, e.g. {@code web[01-20,22]}
     * @param outcome        how they ended, e.g. {@code ok} or {@code failed: exit code 2}
     * @param status         their status, or null if they had not finished when the record ends
     * @param representative the host whose recorded output stands for the group's
     * @param stdoutBytes    the size of the group's stdout
     * @param stderrBytes    the size of the group's stderr
     * @param incomplete     whether the record holds less (or other) output than these hosts sent
     */
    public record Group(List<String> hosts, String nodeSet, String outcome, Outcome.Status status, String representative,
                        long stdoutBytes, long stderrBytes, boolean incomplete) {
        public Group {
            hosts = List.copyOf(hosts);
            Objects.requireNonNull(nodeSet, "nodeSet");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(representative, "representative");
        }

        /** Whether the hosts succeeded. */
        public boolean ok() {
            return status == Outcome.Status.OK;
        }

        public int size() {
            return hosts.size();
        }

        /**
         * The group's title: {@code web[01-20,22] (21)}, followed by its ending when that is not success, and by
         * {@code output incomplete} when the record does not hold all the hosts sent.
         */
        public String title() {
            return nodeSet + " (" + hosts.size() + ")" + (ok() ? "" : " " + outcome) + mark();
        }

        /** {@code " output incomplete"} (after a failure's ending: {@code ", output incomplete"}), else empty. */
        String mark() {
            return incomplete ? (ok() ? " " : ", ") + INCOMPLETE : "";
        }

        /** Whether the hosts wrote nothing at all. */
        public boolean silent() {
            return stdoutBytes == 0 && stderrBytes == 0;
        }
    }

    /** Where a view reads again the output of a group's representative. */
    @FunctionalInterface
    interface Outputs {
        InputStream open(String host, StdStream stream) throws IOException;
    }

    GatheredView(Outputs outputs, List<Group> groups, int hostCount, int distinctOutputs, List<OutputFault> faults) {
        this.outputs = outputs;
        List<Group> sorted = new ArrayList<>(groups);
        Comparator<String> natural = NodeSet.naturalOrder();
        sorted.sort(Comparator.comparingInt(Group::size).reversed()
                .thenComparing(g -> g.hosts().stream().min(natural).orElseThrow(), natural));
        this.groups = List.copyOf(sorted);
        this.hostCount = hostCount;
        this.distinctOutputs = distinctOutputs;
        this.faults = List.copyOf(faults);
    }

    /**
     * Gathers the hosts of {@code run} (those the record saw start; never the skipped ones, which have no output
     * to show), reading their output from the record. A run being made is gathered as it goes by {@link Gathering}.
     */
    public static GatheredView of(StoredRun run) throws IOException {
        Map<Key, List<StoredHost>> byKey = new LinkedHashMap<>();
        Set<String> outputs = new HashSet<>();
        List<OutputFault> faults = new ArrayList<>();
        int hosts = 0;
        for (StoredHost host : run.results()) {
            if (host.status() == Outcome.Status.SKIPPED) {
                continue;
            }
            StreamCheck out = run.checkOutput(host.name(), StdStream.STDOUT);
            StreamCheck err = run.checkOutput(host.name(), StdStream.STDERR);
            Optional<OutputFault> fault = StoredRun.fault(host.name(), out, err);
            fault.ifPresent(faults::add);
            outputs.add(out.sha256() + "/" + err.sha256());
            byKey.computeIfAbsent(new Key(host.ending(), out.sha256(), err.sha256(), fault.isPresent()),
                    k -> new ArrayList<>()).add(host);
            hosts++;
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<Key, List<StoredHost>> e : byKey.entrySet()) {
            List<String> names = e.getValue().stream().map(StoredHost::name).toList();
            StoredHost first = e.getValue().getFirst();
            groups.add(new Group(names, fold(names), e.getKey().outcome(), first.status(),
                    first.name(), run.outputSize(first.name(), StdStream.STDOUT),
                    run.outputSize(first.name(), StdStream.STDERR), e.getKey().incomplete()));
        }
        return new GatheredView(run::openOutput, groups, hosts, outputs.size(), faults);
    }

    /** The hosts whose recorded output is not what they sent, found while gathering, in the record's order. */
    public List<OutputFault> outputFaults() {
        return faults;
    }

    /** The groups, largest first. */
    public List<Group> groups() {
        return groups;
    }

    /** How many hosts are gathered. */
    public int hostCount() {
        return hostCount;
    }

    /** How many different outputs (stdout and stderr together, whatever the ending) the hosts gave. */
    public int distinctOutputs() {
        return distinctOutputs;
    }

    /**
     * Whether a live run should end with this digest: more than {@link #MIN_HOSTS} hosts, at least two different
     * outputs, and gathering actually shortens things (at most half as many groups as hosts; when every host says
     * something different, as {@code hostname} does, the digest would only repeat the live output).
     */
    public boolean worthShowing() {
        return hostCount > MIN_HOSTS && distinctOutputs >= 2 && groups.size() * 2 <= hostCount;
    }

    /** Writes the gathered view (see the class comment), colouring titles when {@code style} says so. */
    public void write(OutputStream out, TextStyle style) throws IOException {
        for (Group group : groups) {
            writeTitle(out, style, group);
            writeBody(out, style, group);
        }
        out.flush();
    }

    /**
     * Writes the {@code --diff} view: the most common output (of the hosts that gave any) in full, as in the
     * gathered view, then each other
     * group's title and a unified diff from the most common output ({@code ---}) to the group's ({@code +++}),
     * stderr lines following a {@code -- stderr --} line in both. A group whose output is the same and only its
     * ending differs says so, as does a group with no output (an unreachable host); outputs over {@link #MAX_DIFF_BYTES} are not diffed. The diff is of text: bytes that
     * are not UTF-8 show as U+FFFD.
     */
    public void writeDiff(OutputStream out, TextStyle style) throws IOException {
        if (groups.isEmpty()) {
            return;
        }
        Group reference = groups.stream().filter(g -> !g.silent() && !g.incomplete()).findFirst()
                .or(() -> groups.stream().filter(g -> !g.silent()).findFirst()).orElse(groups.getFirst());
        writeTitle(out, style, reference);
        writeBody(out, style, reference);
        List<String> base = reference.stdoutBytes() + reference.stderrBytes() <= MAX_DIFF_BYTES
                ? documentLines(reference, style.terminal()) : null;
        String baseName = SafeText.of(reference.nodeSet()) + " (" + reference.size() + ")";
        for (Group group : groups) {
            if (group == reference) {
                continue;
            }
            writeTitle(out, style, group);
            if (group.silent()) {
                print(out, "(no output)");
                continue;
            }
            if (base == null || group.stdoutBytes() + group.stderrBytes() > MAX_DIFF_BYTES) {
                print(out, style.paint(TextStyle.YELLOW, "(output too large to diff: "
                        + Units.bytes(Math.max(group.stdoutBytes() + group.stderrBytes(),
                        reference.stdoutBytes() + reference.stderrBytes())) + ")"));
                continue;
            }
            List<String> lines = documentLines(group, style.terminal());
            Patch<String> patch = DiffUtils.diff(base, lines);
            if (patch.getDeltas().isEmpty()) {
                print(out, "(same output as " + SafeText.of(reference.nodeSet()) + ")");
                continue;
            }
            List<String> diff = UnifiedDiffUtils.generateUnifiedDiff(baseName,
                    SafeText.of(group.nodeSet()) + " (" + group.size() + ")", base, patch, CONTEXT);
            for (String line : diff) {
                print(out, paintDiff(style, line));
            }
        }
        out.flush();
    }

    /**
     * A group's output as text for a page or a diff: stdout, then {@code -- stderr --} and stderr if there is any;
     * decoded as UTF-8 with invalid bytes replaced and control characters made visible ({@link SafeText}); cut
     * after about {@code limit} bytes of output, with a last line saying how much was left out.
     */
    public String text(Group group, long limit) throws IOException {
        StringBuilder sb = new StringBuilder();
        long[] budget = {limit};
        appendText(group, StdStream.STDOUT, sb, budget);
        if (group.stderrBytes() > 0 && budget[0] > 0) {
            sb.append(STDERR_MARK).append('\n');
            appendText(group, StdStream.STDERR, sb, budget);
        }
        long total = group.stdoutBytes() + group.stderrBytes();
        if (total > limit) {
            sb.append("... (").append(Units.bytes(total - limit)).append(" more not shown)\n");
        }
        return sb.toString();
    }

    private void appendText(Group group, StdStream stream, StringBuilder sb, long[] budget) throws IOException {
        try (InputStream in = outputs.open(group.representative(), stream)) {
            forEachLine(in, budget, (bytes, length) -> {
                SafeText.appendSafe(bytes, 0, length, sb);
                sb.append('\n');
            });
        }
    }

    private List<String> documentLines(Group group, boolean terminal) throws IOException {
        List<String> lines = new ArrayList<>();
        long[] budget = {Long.MAX_VALUE};
        for (StdStream stream : StdStream.values()) {
            if (stream == StdStream.STDERR) {
                if (group.stderrBytes() == 0) {
                    break;
                }
                lines.add(STDERR_MARK);
            }
            try (InputStream in = outputs.open(group.representative(), stream)) {
                forEachLine(in, budget, (bytes, length) -> lines.add(terminal
                        ? safe(bytes, length) : new String(bytes, 0, length, StandardCharsets.UTF_8)));
            }
        }
        return lines;
    }

    private void writeTitle(OutputStream out, TextStyle style, Group group) throws IOException {
        String hosts = style.paint(TextStyle.CYAN, SafeText.of(group.nodeSet()) + " (" + group.size() + ")");
        String ending = group.ok() ? "" : " " + style.paint(color(group), SafeText.of(group.outcome()));
        String mark = group.incomplete() ? style.paint(TextStyle.MAGENTA, group.mark()) : "";
        print(out, SEPARATOR);
        print(out, hosts + ending + mark);
        print(out, SEPARATOR);
    }

    private void writeBody(OutputStream out, TextStyle style, Group group) throws IOException {
        if (group.silent()) {
            print(out, "(no output)");
            return;
        }
        copy(out, style, group, StdStream.STDOUT);
        if (group.stderrBytes() > 0) {
            print(out, style.paint(TextStyle.RED, STDERR_MARK));
            copy(out, style, group, StdStream.STDERR);
        }
    }

    /** Copies a stream's recorded output: raw, or line by line made safe on a terminal; ends with a newline. */
    private void copy(OutputStream out, TextStyle style, Group group, StdStream stream) throws IOException {
        try (InputStream in = outputs.open(group.representative(), stream)) {
            if (style.terminal()) {
                forEachLine(in, new long[]{Long.MAX_VALUE}, (bytes, length) -> print(out, safe(bytes, length)));
                return;
            }
            byte[] buffer = new byte[64 * 1024];
            int last = '\n';
            int n;
            while ((n = in.read(buffer)) > 0) {
                out.write(buffer, 0, n);
                last = buffer[n - 1];
            }
            if (last != '\n') {
                out.write('\n');
            }
        }
    }

    private static String color(Group group) {
        return group.status() == Outcome.Status.FAILED ? TextStyle.RED : TextStyle.YELLOW;
    }

    private static String paintDiff(TextStyle style, String line) {
        if (line.startsWith("+++") || line.startsWith("---")) {
            return style.paint(TextStyle.BOLD, line);
        }
        if (line.startsWith("@@")) {
            return style.paint(TextStyle.CYAN, line);
        }
        if (line.startsWith("+")) {
            return style.paint(TextStyle.GREEN, line);
        }
        if (line.startsWith("-")) {
            return style.paint(TextStyle.RED, line);
        }
        return line;
    }

    private static void print(OutputStream out, String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
    }

    private static String safe(byte[] bytes, int length) {
        StringBuilder sb = new StringBuilder(length);
        SafeText.appendSafe(bytes, 0, length, sb);
        return sb.toString();
    }

    /** Receives one line, terminator excluded, in {@code bytes[0, length)}; the array is reused. */
    @FunctionalInterface
    private interface LineSink {
        void line(byte[] bytes, int length) throws IOException;
    }

    /** Cuts a stream into lines, stopping once {@code budget[0]} bytes have been taken (budget is decreased). */
    private static void forEachLine(InputStream in, long[] budget, LineSink sink) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream(256);
        byte[] buffer = new byte[64 * 1024];
        int n;
        while (budget[0] > 0 && (n = in.read(buffer)) > 0) {
            int take = (int) Math.min(n, budget[0]);
            budget[0] -= take;
            int start = 0;
            for (int i = 0; i < take; i++) {
                if (buffer[i] == '\n') {
                    line.write(buffer, start, i - start);
                    sink.line(line.toByteArray(), line.size());
                    line.reset();
                    start = i + 1;
                }
            }
            line.write(buffer, start, take - start);
        }
        if (line.size() > 0) {
            sink.line(line.toByteArray(), line.size());
        }
    }

    static String fold(List<String> names) {
        try {
            return NodeSet.fold(names);
        } catch (IllegalArgumentException e) {
            return String.join(",", names);
        }
    }

    record Key(String outcome, String stdout, String stderr, boolean incomplete) {
    }
}
