package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines.StdStream;
import dev.fanout.core.record.StoredHost;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.select.NodeSet;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import dev.fanout.core.text.SafeText;

/**
 * The by-host view of a recorded run ({@code -L}, as {@code clush -L}): once the run is over, each host's output in
 * host order (natural order: {@code web2} before {@code web10}), every line with its host prefix
 * ({@code web01: ...}) unless asked not to; stdout lines to stdout, stderr lines to stderr. Stateless and
 * thread-safe.
 *
 * <p>On a terminal ({@link TextStyle#terminal()}) remote text is made safe ({@link SafeText}); otherwise bytes pass
 * through untouched. Output without a final newline gets one, as in the live view.
 */
public final class ByHostView {
    private static final int CHUNK = 64 * 1024;

    private ByHostView() {
    }

    /**
     * Writes the view.
     *
     * @param prefix whether each line starts with {@code HOST: } (false for {@code -N})
     */
    public static void write(StoredRun run, OutputStream out, OutputStream err, TextStyle outStyle,
                             TextStyle errStyle, boolean prefix) throws IOException {
        List<String> hosts = new ArrayList<>(run.results().stream().map(StoredHost::name).toList());
        hosts.sort(NodeSet.naturalOrder());
        // Buffered here and flushed, never closed: the streams are the caller's.
        BufferedOutputStream bufferedOut = new BufferedOutputStream(out, CHUNK);
        BufferedOutputStream bufferedErr = new BufferedOutputStream(err, CHUNK);
        for (String host : hosts) {
            copy(run, host, StdStream.STDOUT, bufferedOut, outStyle, prefix ? (outStyle.paint(TextStyle.CYAN,
                    SafeText.of(host)) + ": ") : "");
            bufferedOut.flush();
            copy(run, host, StdStream.STDERR, bufferedErr, errStyle, prefix ? (errStyle.paint(TextStyle.RED,
                    SafeText.of(host)) + ": ") : "");
            bufferedErr.flush();
        }
    }

    /** One host's stream, line by line, each line prefixed; a line is held whole only when it must be made safe. */
    private static void copy(StoredRun run, String host, StdStream stream, OutputStream to, TextStyle style,
                             String prefix) throws IOException {
        byte[] label = prefix.getBytes(StandardCharsets.UTF_8);
        try (InputStream in = new BufferedInputStream(run.openOutput(host, stream), CHUNK)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            boolean atStart = true;
            int b;
            byte[] chunk = new byte[CHUNK];
            int n;
            while ((n = in.read(chunk)) > 0) {
                for (int i = 0; i < n; i++) {
                    b = chunk[i];
                    if (atStart) {
                        to.write(label);
                        atStart = false;
                    }
                    if (b == '\n') {
                        flushLine(line, to, style);
                        to.write('\n');
                        atStart = true;
                    } else if (style.terminal()) {
                        line.write(b);
                    } else {
                        to.write(b);
                    }
                }
            }
            if (!atStart) {
                flushLine(line, to, style);
                to.write('\n');
            }
        }
    }

    private static void flushLine(ByteArrayOutputStream line, OutputStream to, TextStyle style) throws IOException {
        if (!style.terminal() || line.size() == 0) {
            return;
        }
        byte[] bytes = line.toByteArray();
        StringBuilder safe = new StringBuilder(bytes.length);
        SafeText.appendSafe(bytes, 0, bytes.length, safe);
        to.write(safe.toString().getBytes(StandardCharsets.UTF_8));
        line.reset();
    }
}
