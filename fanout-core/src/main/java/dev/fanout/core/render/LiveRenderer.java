package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.Units;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The live view: every output line as soon as it is complete, prefixed with its host ({@code web01: ...});
 * stdout lines to stdout, stderr lines to stderr, and a line on stderr for each host that does not succeed (and
 * for each finished transfer). Thread-safe: hosts format their lines on their own threads, then
 * {@link ConsoleOutput} serializes the writes, so lines of different hosts never mix and a slow reader of our
 * output slows the hosts down (the SSH window then holds their output) instead of growing a buffer.
 */
public final class LiveRenderer implements RunListener {
    private final ConsoleOutput console;
    private final TextStyle outStyle;
    private final TextStyle errStyle;
    private final Map<String, byte[][]> prefixes = new ConcurrentHashMap<>();

    /** A live view writing to {@code console}, stdout and stderr each decorated for what it is connected to. */
    public LiveRenderer(ConsoleOutput console, TextStyle outStyle, TextStyle errStyle) {
        this.console = console;
        this.outStyle = outStyle;
        this.errStyle = errStyle;
    }

    @Override
    public void output(Host host, OutputLines lines) {
        boolean isErr = lines.stream() == OutputLines.StdStream.STDERR;
        TextStyle style = isErr ? errStyle : outStyle;
        byte[] prefix = prefix(host, isErr);
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(lines.bytes().length + 64);
        lines.forEachLine((bytes, offset, length) -> {
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
            console.stderr(buffer.toByteArray());
        } else {
            console.stdout(buffer.toByteArray());
        }
    }

    @Override
    public void hostFinished(HostResult result) {
        Outcome outcome = result.outcome();
        if (outcome instanceof Outcome.Transferred transferred) {
            long files = transferred.files();
            String line = "fanout: " + SafeText.of(result.host().name()) + ": " + files
                    + (files == 1 ? " file, " : " files, ") + Units.bytes(transferred.bytes()) + " in "
                    + Units.duration(result.total()) + transferred.notes() + "\n";
            console.stderr(line.getBytes(StandardCharsets.UTF_8));
            return;
        }
        if (outcome.status() == Outcome.Status.OK) {
            return;
        }
        String color = switch (outcome.status()) {
            case FAILED -> TextStyle.RED;
            default -> TextStyle.YELLOW;
        };
        String line = errStyle.paint(color, "fanout: " + SafeText.of(result.host().name()) + ": " + outcome.status().text()
                + describe(outcome)) + "\n";
        console.stderr(line.getBytes(StandardCharsets.UTF_8));
    }

    private static String describe(Outcome outcome) {
        String reason = outcome.reason();
        return reason.isEmpty() || reason.equals(outcome.status().text()) ? "" : ": " + SafeText.of(reason);
    }

    private byte[] prefix(Host host, boolean isErr) {
        byte[][] pair = prefixes.computeIfAbsent(host.name(), name -> new byte[][]{
                (outStyle.paint(TextStyle.CYAN, SafeText.of(name)) + ": ").getBytes(StandardCharsets.UTF_8),
                (errStyle.paint(TextStyle.RED, SafeText.of(name)) + ": ").getBytes(StandardCharsets.UTF_8)});
        return pair[isErr ? 1 : 0];
    }
}
