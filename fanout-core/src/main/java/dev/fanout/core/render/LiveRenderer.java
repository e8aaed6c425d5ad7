package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.text.Units;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import dev.fanout.core.text.SafeText;

/**
 * The live view: every output line as soon as it is complete, prefixed with its host ({@code web01: ...}) unless
 * asked not to, and with the time it arrived if asked ({@link Labels});
 * stdout lines to stdout, stderr lines to stderr, and a line on stderr for each host that does not succeed (and
 * for each finished transfer, unless asked not to). Failure lines are bounded: after a given number of hosts failing
 * the same way (same status, same {@link Outcome#sharedReason()}), the others are left to the summary, and when the
 * run ends one line says how many were left out ({@code fanout: ... and 95 more unreachable (connection refused);
 * see the summary}). A cancelled host gets no line of its own: the summary folds them. Thread-safe: hosts format their lines on their own threads, then
 * {@link ConsoleOutput} serializes the writes, so lines of different hosts never mix and a slow reader of our
 * output slows the hosts down (the SSH window then holds their output) instead of growing a buffer.
 */
public final class LiveRenderer implements RunListener {
    /** How many hosts failing the same way get a live line each, by default. */
    public static final int FAILURE_LINES = 5;
    private static final byte[] EMPTY = new byte[0];
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSS");

    private final ConsoleOutput console;
    private final TextStyle outStyle;
    private final TextStyle errStyle;
    private final int failureLines;
    private final boolean transferLines;
    private final Labels labels;
    private final Map<String, byte[][]> prefixes = new ConcurrentHashMap<>();
    /** Hosts that failed each way (status and shared reason), in the order the ways first appeared; guarded by itself. */
    private final Map<Way, Integer> failures = new LinkedHashMap<>();

    /**
     * A live view writing to {@code console}, stdout and stderr each decorated for what it is connected to, with a
     * line for each finished transfer and at most {@link #FAILURE_LINES} lines for hosts failing the same way.
     */
    public LiveRenderer(ConsoleOutput console, TextStyle outStyle, TextStyle errStyle) {
        this(console, outStyle, errStyle, FAILURE_LINES, true);
    }

    /**
     * A live view as {@link #LiveRenderer(ConsoleOutput, TextStyle, TextStyle)}, with at most {@code failureLines}
     * lines for hosts failing the same way, and a line for each finished transfer only if {@code transferLines}.
     */
    public LiveRenderer(ConsoleOutput console, TextStyle outStyle, TextStyle errStyle, int failureLines,
                        boolean transferLines) {
        this(console, outStyle, errStyle, failureLines, transferLines, Labels.HOSTS);
    }

    /**
     * How each output line starts. Immutable.
     *
     * @param hosts      whether with its host, {@code web01: } (false: as {@code pdsh -N}, {@code clush -N})
     * @param timestamps the clock whose time each line gets, {@code 14:03:07.250 } (its zone's local time, when
     *                   the line arrived), or null for none
     */
    public record Labels(boolean hosts, Clock timestamps) {
        /** The host prefix alone, the default. */
        public static final Labels HOSTS = new Labels(true, null);
    }

    /** A live view as {@link #LiveRenderer(ConsoleOutput, TextStyle, TextStyle, int, boolean)}, lines labelled so. */
    public LiveRenderer(ConsoleOutput console, TextStyle outStyle, TextStyle errStyle, int failureLines,
                        boolean transferLines, Labels labels) {
        this.labels = Objects.requireNonNull(labels, "labels");
        if (failureLines < 1) {
            throw new IllegalArgumentException("failureLines < 1: " + failureLines);
        }
        this.console = console;
        this.outStyle = outStyle;
        this.errStyle = errStyle;
        this.failureLines = failureLines;
        this.transferLines = transferLines;
    }

    @Override
    public void output(Host host, OutputLines lines) {
        boolean isErr = lines.stream() == OutputLines.StdStream.STDERR;
        TextStyle style = isErr ? errStyle : outStyle;
        byte[] prefix = prefix(host, isErr);
        byte[] time = labels.timestamps() == null ? EMPTY : (TIME.withZone(labels.timestamps().getZone())
                .format(labels.timestamps().instant()) + " ").getBytes(StandardCharsets.US_ASCII);
        Block buffer = BLOCK.get();
        buffer.reset();
        lines.forEachLine((bytes, offset, length) -> {
            buffer.writeBytes(time);
            buffer.writeBytes(prefix);
            if (style.terminal()) {
                StringBuilder sb = new StringBuilder(length);
                SafeText.appendSafe(bytes, offset, length, sb);
                buffer.writeBytes(sb.toString().getBytes(StandardCharsets.UTF_8));
            } else {
                buffer.write(bytes, offset, length);
            }
            buffer.write('\n');
        });
        if (isErr) {
            console.stderr(buffer.array(), buffer.size());
        } else {
            console.stdout(buffer.array(), buffer.size());
        }
    }

    /**
     * Each output reader's formatting buffer, reused for every block it prints: a reader thread reads one stream of
     * one host and the console writes the block before returning, so no block outlives the call.
     */
    private static final ThreadLocal<Block> BLOCK = ThreadLocal.withInitial(Block::new);

    /** A byte buffer whose array the console may read in place. */
    private static final class Block extends ByteArrayOutputStream {
        Block() {
            super(8 * 1024);
        }

        byte[] array() {
            return buf;
        }
    }

    @Override
    public void hostFinished(HostResult result) {
        Outcome outcome = result.outcome();
        if (outcome instanceof Outcome.Transferred transferred) {
            if (!transferLines) {
                return;
            }
            long files = transferred.files();
            String line = "fanout: " + SafeText.of(result.host().name()) + ": " + files
                    + (files == 1 ? " file, " : " files, ") + Units.bytes(transferred.bytes()) + " in "
                    + Units.duration(result.total()) + transferred.notes() + "\n";
            console.stderr(line.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (outcome.status() == Outcome.Status.OK || outcome.status() == Outcome.Status.CANCELLED) {
            return;
        }
        int seen;
        synchronized (failures) {
            seen = failures.merge(new Way(outcome.status(), outcome.sharedReason()), 1, Integer::sum);
        }
        if (seen > failureLines) {
            return;
        }
        String line = errStyle.paint(color(outcome.status()), "fanout: " + SafeText.of(result.host().name()) + ": "
                + outcome.status().text() + describe(outcome.reason(), outcome.status())) + "\n";
        console.stderr(line.getBytes(StandardCharsets.UTF_8));
    }

    /** Says, one line for each way hosts failed, how many hosts failing that way had no line of their own. */
    @Override
    public void runFinished(RunReport report) {
        StringBuilder lines = new StringBuilder();
        synchronized (failures) {
            for (Map.Entry<Way, Integer> e : failures.entrySet()) {
                int more = e.getValue() - failureLines;
                if (more > 0) {
                    Way way = e.getKey();
                    String reason = way.reason().isEmpty() || way.reason().equals(way.status().text()) ? ""
                            : " (" + SafeText.of(way.reason()) + ")";
                    lines.append(errStyle.paint(color(way.status()), "fanout: ... and " + more + " more "
                            + way.status().text() + reason + "; see the summary")).append('\n');
                }
            }
        }
        if (!lines.isEmpty()) {
            console.stderr(lines.toString().getBytes(StandardCharsets.UTF_8));
        }
    }

    private static String color(Outcome.Status status) {
        return status == Outcome.Status.FAILED ? TextStyle.RED : TextStyle.YELLOW;
    }

    private static String describe(String reason, Outcome.Status status) {
        return reason.isEmpty() || reason.equals(status.text()) ? "" : ": " + SafeText.of(reason);
    }

    /** One way of failing: a status and the reason's shared part. */
    private record Way(Outcome.Status status, String reason) {
    }

    private byte[] prefix(Host host, boolean isErr) {
        if (!labels.hosts()) {
            return EMPTY;
        }
        byte[][] pair = prefixes.computeIfAbsent(host.name(), name -> new byte[][]{
                (outStyle.paint(TextStyle.CYAN, SafeText.of(name)) + ": ").getBytes(StandardCharsets.UTF_8),
                (errStyle.paint(TextStyle.RED, SafeText.of(name)) + ": ").getBytes(StandardCharsets.UTF_8)});
        return pair[isErr ? 1 : 0];
    }
}
