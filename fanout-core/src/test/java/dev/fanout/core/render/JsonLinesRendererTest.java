package dev.fanout.core.render;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.record.RecordStore;
import dev.fanout.core.record.SyntheticRun;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.TransportException;
import dev.fanout.core.result.RunReport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.fanout.core.record.SyntheticRun.host;
import static org.assertj.core.api.Assertions.assertThat;

class JsonLinesRendererTest {
    private static final JsonFactory JSON = new JsonFactory();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();

    @TempDir
    Path state;

    /** A parsed line: field name to JSON type (string, number, boolean, array, object), plus the values. */
    private record Line(Map<String, String> types, Map<String, Object> values) {
        String event() {
            return (String) values.get("event");
        }

        Object get(String field) {
            return values.get(field);
        }
    }

    /** Parses every line of the output strictly with jackson-core; a line that is not one JSON object fails. */
    private List<Line> lines() throws IOException {
        List<Line> lines = new ArrayList<>();
        String text = out.toString(StandardCharsets.UTF_8);
        assertThat(text).endsWith("\n");
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            try (JsonParser p = JSON.createParser(line)) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
                Map<String, String> types = new LinkedHashMap<>();
                Map<String, Object> values = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    JsonToken t = p.nextToken();
                    types.put(name, switch (t) {
                        case VALUE_STRING -> "string";
                        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "number";
                        case VALUE_TRUE, VALUE_FALSE -> "boolean";
                        case START_ARRAY -> "array";
                        case START_OBJECT -> "object";
                        default -> "null";
                    });
                    values.put(name, switch (t) {
                        case VALUE_STRING -> p.getText();
                        case VALUE_NUMBER_INT -> p.getLongValue();
                        case VALUE_TRUE -> true;
                        case VALUE_FALSE -> false;
                        case START_ARRAY, START_OBJECT -> {
                            p.skipChildren();
                            yield t.name();
                        }
                        default -> null;
                    });
                }
                assertThat(p.currentToken()).isEqualTo(JsonToken.END_OBJECT);
                assertThat(p.nextToken()).as("one object per line: " + line).isNull();
                lines.add(new Line(types, values));
            }
        }
        return lines;
    }

    /** A field of the schema as docs/json-lines.md documents it. */
    private record Documented(String type, boolean always) {
    }

    /** The schema table of docs/json-lines.md: event to field to (type, always). */
    private static Map<String, Map<String, Documented>> documentedSchema() throws IOException {
        Path doc = Path.of(System.getProperty("user.dir")).resolve("../docs/json-lines.md").normalize();
        Pattern row = Pattern.compile("^\\| ([a-z_*]+) \\| `([a-z_0-9]+)` \\| ([a-z]+) \\| (always|optional) \\|");
        Map<String, Map<String, Documented>> schema = new HashMap<>();
        for (String line : Files.readAllLines(doc)) {
            Matcher m = row.matcher(line);
            if (m.find()) {
                schema.computeIfAbsent(m.group(1), k -> new LinkedHashMap<>())
                        .put(m.group(2), new Documented(m.group(3), m.group(4).equals("always")));
            }
        }
        return schema;
    }

    private static SyntheticRun mixed() {
        return new SyntheticRun("df -h /")
                .host("web01", "Filesystem Size\n/dev/sda1 20G\n", "", new Outcome.Exited(0))
                .host("web02", new byte[0], new byte[]{'d', 'f', ':', ' ', (byte) 0xff, '!'}, new Outcome.Exited(1),
                        10, 5L, 30)
                .host("db01", "", "", new Outcome.Unreachable(TransportException.Kind.CONNECTION_REFUSED,
                        "connection refused", "10.0.0.9:22"))
                .host("db02", "partial\n", "", new Outcome.TimedOut(Duration.ofSeconds(5)))
                .host("files", "", "", new Outcome.Transferred(3, 4096, 2, 1));
    }

    @Test
    void everyLineIsOneJsonObjectWithExactlyTheDocumentedFields() throws Exception {
        Map<String, Map<String, Documented>> schema = documentedSchema();
        assertThat(schema.keySet()).contains("*", "run_started", "host_started", "host_connected", "output",
                "transferred", "host_finished", "run_finished");
        JsonLinesRenderer json = new JsonLinesRenderer(out);
        SyntheticRun script = mixed();
        json.runStarted(script.hosts(), script.job());
        for (SyntheticRun.Entry e : script.entries()) {
            if (e.outcome() instanceof Outcome.Transferred) {
                json.hostStarted(e.host());
                json.hostConnected(e.host(), Duration.ofMillis(2));
                json.transferred(e.host(), 4096);
                json.hostFinished(e.result());
            } else {
                SyntheticRun.playHost(json, e);
            }
        }
        Host never = host("never");
        List<HostResult> results = new ArrayList<>(script.report().results());
        results.add(HostResult.notStarted(never, SyntheticRun.T0));
        json.runFinished(new RunReport(results, SyntheticRun.T0, Duration.ofMillis(70), true));

        List<Line> lines = lines();
        Set<String> seen = new java.util.HashSet<>();
        for (Line line : lines) {
            seen.add(line.event());
            Map<String, Documented> fields = new LinkedHashMap<>(schema.get("*"));
            fields.putAll(schema.get(line.event()));
            for (Map.Entry<String, String> field : line.types().entrySet()) {
                assertThat(fields).as("documented field of " + line.event()).containsKey(field.getKey());
                assertThat(field.getValue()).as(line.event() + "." + field.getKey())
                        .isEqualTo(fields.get(field.getKey()).type());
            }
            fields.forEach((name, doc) -> {
                if (doc.always()) {
                    assertThat(line.types()).as(line.event() + " always has " + name).containsKey(name);
                }
            });
            assertThat(Instant.parse((String) line.get("time"))).isNotNull();
        }
        assertThat(seen).containsExactlyInAnyOrder("run_started", "host_started", "host_connected", "output",
                "transferred", "host_finished", "run_finished");
        assertThat(lines.getFirst().event()).isEqualTo("run_started");
        assertThat(lines.getLast().event()).isEqualTo("run_finished");
        Line notStarted = lines.get(lines.size() - 2);
        assertThat(notStarted.values()).containsEntry("host", "never").containsEntry("not_started", true)
                .containsEntry("status", "cancelled");
    }

    @Test
    void eachOutputLineIsItsOwnEventWithItsStreamAndExactBytesWhenNotUtf8() throws Exception {
        JsonLinesRenderer json = new JsonLinesRenderer(out);
        Host web01 = host("web01");
        json.output(web01, SyntheticRun.out("one\ntwo \"quoted\"\ttab\n"));
        byte[] latin1 = {'c', 'a', 'f', (byte) 0xe9, '\n', 'l', 'a', 's', 't'};
        json.output(web01, new OutputLines(OutputLines.StdStream.STDERR, latin1, false));

        List<Line> lines = lines();

        assertThat(lines).hasSize(4);
        assertThat(lines.get(0).values()).containsEntry("stream", "stdout").containsEntry("line", "one")
                .doesNotContainKeys("line_base64", "newline");
        assertThat(lines.get(1).get("line")).isEqualTo("two \"quoted\"\ttab");
        assertThat(lines.get(2).values()).containsEntry("stream", "stderr").containsEntry("line", "caf\uFFFD")
                .containsEntry("line_base64", Base64.getEncoder().encodeToString(new byte[]{'c', 'a', 'f', (byte) 0xe9}))
                .doesNotContainKey("newline");
        assertThat(lines.get(3).values()).containsEntry("line", "last").containsEntry("newline", false)
                .doesNotContainKey("line_base64");
    }

    @Test
    void hostFinishedCarriesStatusExitCodeReasonAndTimings() throws Exception {
        JsonLinesRenderer json = new JsonLinesRenderer(out);
        SyntheticRun script = mixed();
        script.entries().forEach(e -> json.hostFinished(e.result()));
        json.runFinished(script.report());

        List<Line> lines = lines();

        assertThat(lines.get(0).values()).containsEntry("host", "web01").containsEntry("status", "ok")
                .containsEntry("exit_code", 0L).containsEntry("connect_ms", 5L).containsEntry("total_ms", 20L)
                .containsEntry("started", "2026-11-23T18:30:00Z").doesNotContainKey("reason");
        assertThat(lines.get(1).values()).containsEntry("status", "failed").containsEntry("exit_code", 1L)
                .containsEntry("reason", "exit code 1").containsEntry("total_ms", 30L);
        assertThat(lines.get(2).values()).containsEntry("status", "unreachable")
                .containsEntry("reason", "connection refused (10.0.0.9:22)")
                .containsEntry("kind", "connection_refused").containsEntry("detail", "10.0.0.9:22")
                .doesNotContainKeys("exit_code", "connect_ms");
        assertThat(lines.get(3).values()).containsEntry("status", "timed_out").containsEntry("timeout_ms", 5000L);
        assertThat(lines.get(4).values()).containsEntry("status", "ok").containsEntry("files", 3L)
                .containsEntry("bytes", 4096L);
        String runFinished = out.toString(StandardCharsets.UTF_8).lines().toList().getLast();
        assertThat(runFinished).contains("\"host_count\":5",
                "\"counts\":{\"ok\":2,\"failed\":1,\"unreachable\":1,\"timed_out\":1,\"cancelled\":0,\"skipped\":0}",
                "\"elapsed_ms\":60", "\"interrupted\":false");
    }

    @Test
    void linesOfManyHostsWritingAtOnceNeverInterleave() throws Exception {
        JsonLinesRenderer json = new JsonLinesRenderer(out);
        List<Thread> threads = new ArrayList<>();
        for (int h = 0; h < 16; h++) {
            Host host = host("host" + h);
            String text = ("payload " + host.name() + " ").repeat(40) + "\n";
            threads.add(Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100; i++) {
                    json.output(host, SyntheticRun.out(text.repeat(3)));
                }
            }));
        }
        for (Thread t : threads) {
            t.join();
        }

        List<Line> lines = lines();
        assertThat(lines).hasSize(16 * 100 * 3);
        for (Line line : lines) {
            assertThat((String) line.get("line")).isEqualTo(("payload " + line.get("host") + " ").repeat(40));
        }
    }

    @Test
    void aClosedPipeStopsTheWritingQuietly() {
        int[] writes = {0};
        OutputStream closed = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                writes[0]++;
                throw new IOException("Broken pipe");
            }
        };
        JsonLinesRenderer json = new JsonLinesRenderer(closed);

        json.hostStarted(host("a"));
        json.hostStarted(host("b"));

        assertThat(writes[0]).isEqualTo(1);
    }

    @Test
    void aRecordedRunReplaysAsJsonLinesWithItsRecordedTimes() throws Exception {
        RecordWriter recorder = new RecordWriter(state, List.of());
        mixed().play(recorder);

        JsonLinesRenderer.replay(new RecordStore(state).load(recorder.id()), out);

        List<Line> lines = lines();
        assertThat(lines).extracting(Line::event).startsWith("run_started", "host_started", "host_connected",
                "output", "output", "host_finished", "host_started").endsWith("run_finished");
        assertThat(lines.get(1).values()).containsEntry("host", "web01").containsEntry("time", "2026-11-23T18:30:00Z");
        assertThat(lines.get(2).get("time")).isEqualTo("2026-11-23T18:30:00.005Z");
        assertThat(lines.get(3).get("line")).isEqualTo("Filesystem Size");
        assertThat(lines.get(5).get("time")).isEqualTo("2026-11-23T18:30:00.020Z");
        Line web02err = lines.stream().filter(l -> "web02".equals(l.get("host")) && "output".equals(l.event()))
                .findFirst().orElseThrow();
        assertThat(web02err.values()).containsEntry("stream", "stderr").containsEntry("newline", false)
                .containsKey("line_base64");
    }
}
