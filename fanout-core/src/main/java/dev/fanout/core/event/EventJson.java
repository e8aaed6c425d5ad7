package dev.fanout.core.event;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Encodes run events as JSON Lines, one object per line: the schema shared by {@code --json} and a record's
 * {@code events.jsonl}, documented in {@code docs/json-lines.md}. Every method returns whole lines ending with
 * {@code '\n'}, ready to be written in one call. Stateless and thread-safe.
 */
public final class EventJson {
    public static final String EVENT = "event";
    public static final String TIME = "time";
    public static final String HOST = "host";
    public static final String RUN_STARTED = "run_started";
    public static final String HOST_STARTED = "host_started";
    public static final String HOST_CONNECTED = "host_connected";
    public static final String OUTPUT = "output";
    public static final String TRANSFERRED = "transferred";
    public static final String HOST_FINISHED = "host_finished";
    public static final String RUN_FINISHED = "run_finished";
    /** Written by a recorder closed before its run finished; never part of {@code --json}. */
    public static final String RECORD_CLOSED = "record_closed";

    private static final JsonFactory JSON = JsonFactory.builder().build();

    private EventJson() {
    }

    /** {@code {"event":"run_started","time":...,"job":"run: uptime","host_count":3,"hosts":["a","b","c"]}}. */
    public static byte[] runStarted(Instant time, String job, List<String> hosts) {
        return line(time, RUN_STARTED, g -> {
            g.writeStringField("job", job);
            g.writeNumberField("host_count", hosts.size());
            g.writeArrayFieldStart("hosts");
            for (String host : hosts) {
                g.writeString(host);
            }
            g.writeEndArray();
        });
    }

    /**
     * {@code {"event":"host_started","time":...,"host":"web01"}}; {@code file} (a record's file base name for the
     * host, when it is not the plain safe name) is added only when not null.
     */
    public static byte[] hostStarted(Instant time, String host, String file) {
        return line(time, HOST_STARTED, g -> {
            g.writeStringField(HOST, host);
            if (file != null) {
                g.writeStringField("file", file);
            }
        });
    }

    /** {@code {"event":"host_connected","time":...,"host":"web01","connect_ms":42}}. */
    public static byte[] hostConnected(Instant time, String host, Duration connect) {
        return line(time, HOST_CONNECTED, g -> {
            g.writeStringField(HOST, host);
            g.writeNumberField("connect_ms", connect.toMillis());
        });
    }

    /**
     * One {@code output} event per line of {@code lines}: {@code "stream"} is {@code "stdout"} or {@code "stderr"},
     * {@code "line"} the line without its terminator decoded as UTF-8 (invalid bytes replaced by U+FFFD), plus
     * {@code "line_base64"} with the exact bytes when they were not valid UTF-8, and {@code "newline":false} for a
     * last line that had no terminator.
     */
    public static byte[] output(Instant time, String host, OutputLines lines) {
        ByteArrayOutputStream all = new ByteArrayOutputStream(lines.bytes().length * 2 + 64);
        String stream = lines.stream() == OutputLines.StdStream.STDOUT ? "stdout" : "stderr";
        int[] seen = {0};
        int total = countLines(lines);
        lines.forEachLine((bytes, offset, length) -> {
            seen[0]++;
            boolean unterminated = seen[0] == total && !lines.endsWithNewline();
            all.writeBytes(line(time, OUTPUT, g -> {
                g.writeStringField(HOST, host);
                g.writeStringField("stream", stream);
                String strict = strictUtf8(bytes, offset, length);
                if (strict != null) {
                    g.writeStringField("line", strict);
                } else {
                    g.writeStringField("line", new String(bytes, offset, length, StandardCharsets.UTF_8));
                    g.writeStringField("line_base64", Base64.getEncoder().encodeToString(
                            java.util.Arrays.copyOfRange(bytes, offset, offset + length)));
                }
                if (unterminated) {
                    g.writeBooleanField("newline", false);
                }
            }));
        });
        return all.toByteArray();
    }

    /** {@code {"event":"transferred","time":...,"host":"web01","bytes":65536}}: more bytes moved by a transfer. */
    public static byte[] transferred(Instant time, String host, long bytes) {
        return line(time, TRANSFERRED, g -> {
            g.writeStringField(HOST, host);
            g.writeNumberField("bytes", bytes);
        });
    }

    /**
     * {@code host_finished}: {@code status} ({@link #statusName}), {@code reason} when not empty, {@code exit_code}
     * when the command ran to its end, {@code files} and {@code bytes} for a transfer, {@code timeout_ms} for a
     * time-out, {@code "internal_error":true} for an internal error of fanout, {@code kind} and {@code detail} for an
     * unreachable host, {@code started}, {@code connect_ms} when it connected, {@code total_ms}, and
     * {@code "not_started":true} for a host the run never started.
     */
    public static byte[] hostFinished(Instant time, HostResult result, boolean notStarted) {
        return hostFinished(time, result, notStarted, null, null);
    }

    /**
     * {@code host_finished} as {@link #hostFinished(Instant, HostResult, boolean)}, followed, when {@code stdout}
     * and {@code stderr} are not null, by what the host sent on each: {@code stdout_bytes}, {@code stdout_sha256}
     * (only when it sent any), {@code stderr_bytes}, {@code stderr_sha256}; a run record writes them, so that
     * readers can tell whether its output files hold everything.
     */
    public static byte[] hostFinished(Instant time, HostResult result, boolean notStarted, StreamTotal stdout,
                                      StreamTotal stderr) {
        return line(time, HOST_FINISHED, g -> {
            Outcome outcome = result.outcome();
            g.writeStringField(HOST, result.host().name());
            g.writeStringField("status", statusName(outcome.status()));
            if (!outcome.reason().isEmpty()) {
                g.writeStringField("reason", outcome.reason());
            }
            switch (outcome) {
                case Outcome.Exited(int code) -> g.writeNumberField("exit_code", code);
                case Outcome.Transferred(long files, long bytes, long skipped, long removed) -> {
                    g.writeNumberField("files", files);
                    g.writeNumberField("bytes", bytes);
                    if (skipped > 0) {
                        g.writeNumberField("skipped", skipped);
                    }
                    if (removed > 0) {
                        g.writeNumberField("stale_removed", removed);
                    }
                }
                case Outcome.TimedOut(Duration limit) -> g.writeNumberField("timeout_ms", limit.toMillis());
                case Outcome.InternalFailure f -> g.writeBooleanField("internal_error", true);
                case Outcome.Unreachable(var kind, var cause, var detail) -> {
                    if (kind != null) {
                        g.writeStringField("kind", kind.jsonName());
                    }
                    if (!detail.isEmpty()) {
                        g.writeStringField("detail", detail);
                    }
                }
                default -> {
                }
            }
            g.writeStringField("started", iso(result.started()));
            if (result.connect() != null) {
                g.writeNumberField("connect_ms", result.connect().toMillis());
            }
            g.writeNumberField("total_ms", result.total().toMillis());
            if (result.attempts() > 1) {
                g.writeNumberField("attempts", result.attempts());
            }
            if (notStarted) {
                g.writeBooleanField("not_started", true);
            }
            if (stdout != null && stderr != null) {
                writeTotal(g, "stdout", stdout);
                writeTotal(g, "stderr", stderr);
            }
        });
    }

    private static void writeTotal(JsonGenerator g, String stream, StreamTotal total) throws IOException {
        g.writeNumberField(stream + "_bytes", total.bytes());
        if (total.bytes() > 0) {
            g.writeStringField(stream + "_sha256", total.sha256());
        }
    }

    /**
     * {@code {"event":"run_finished","time":...,"host_count":3,"counts":{"ok":2,"failed":1,"unreachable":0,
     * "timed_out":0,"cancelled":0},"elapsed_ms":1234,"interrupted":false}}.
     */
    public static byte[] runFinished(Instant time, RunReport report) {
        return runFinished(time, report, -1);
    }

    /**
     * {@code run_finished} as {@link #runFinished(Instant, RunReport)}, followed, when {@code outputBytes} is not
     * negative, by {@code output_bytes}: how many bytes of output all hosts sent together, as a record counted them.
     */
    public static byte[] runFinished(Instant time, RunReport report, long outputBytes) {
        return line(time, RUN_FINISHED, g -> {
            g.writeNumberField("host_count", report.results().size());
            g.writeObjectFieldStart("counts");
            for (Map.Entry<Outcome.Status, Integer> count : report.counts().entrySet()) {
                g.writeNumberField(statusName(count.getKey()), count.getValue());
            }
            g.writeEndObject();
            g.writeNumberField("elapsed_ms", report.elapsed().toMillis());
            g.writeBooleanField("interrupted", report.interrupted());
            if (report.stopped()) {
                g.writeBooleanField("stopped", true);
            }
            if (outputBytes >= 0) {
                g.writeNumberField("output_bytes", outputBytes);
            }
        });
    }

    /** {@code {"event":"record_closed","time":...}}: the recorder was closed before its run finished. */
    public static byte[] recordClosed(Instant time) {
        return line(time, RECORD_CLOSED, g -> {
        });
    }

    /** A status as it is spelled in JSON: {@code ok}, {@code failed}, {@code unreachable}, {@code timed_out}, {@code cancelled}, {@code skipped}. */
    public static String statusName(Outcome.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    /** The status spelled {@code name} in JSON, or null if there is none. */
    public static Outcome.Status statusNamed(String name) {
        for (Outcome.Status status : Outcome.Status.values()) {
            if (statusName(status).equals(name)) {
                return status;
            }
        }
        return null;
    }

    /** An instant as ISO-8601 UTC with at most millisecond precision, e.g. {@code 2026-11-23T18:30:00.123Z}. */
    public static String iso(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS).toString();
    }

    private static int countLines(OutputLines lines) {
        int[] n = {0};
        lines.forEachLine((bytes, offset, length) -> n[0]++);
        return n[0];
    }

    private static String strictUtf8(byte[] bytes, int offset, int length) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes, offset, length)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** Fields written after {@code event} and {@code time}. */
    @FunctionalInterface
    private interface Fields {
        void write(JsonGenerator g) throws IOException;
    }

    private static byte[] line(Instant time, String event, Fields fields) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(128);
        try (JsonGenerator g = JSON.createGenerator(bytes, JsonEncoding.UTF8)) {
            g.writeStartObject();
            g.writeStringField(EVENT, event);
            g.writeStringField(TIME, iso(time));
            fields.write(g);
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory failed", e);
        }
        bytes.write('\n');
        return bytes.toByteArray();
    }
}
