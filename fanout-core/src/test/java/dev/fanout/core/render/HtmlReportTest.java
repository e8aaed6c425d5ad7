package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.RecordedRun;
import dev.fanout.core.record.RunRecorder;
import dev.fanout.core.record.RunRecords;
import dev.fanout.core.record.SyntheticRun;
import dev.fanout.core.result.Outcome;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

class HtmlReportTest {
    @TempDir
    Path tmp;

    /**
     * 12 hosts: 9 agree, web05 is slow (2.5 s), web07 fails with markup in its output, web09 is unreachable,
     * web11 times out.
     */
    private RecordedRun fleet() throws Exception {
        SyntheticRun script = new SyntheticRun("uptime");
        for (int i = 1; i <= 12; i++) {
            String name = String.format("web%02d", i);
            long start = i * 5L;
            Outcome outcome = new Outcome.Exited(0);
            String out = "load average: 0.01 & <fine>\n";
            long total = 300 + i * 10;
            Long connect = 60L + i;
            switch (i) {
                case 5 -> total = 2500;
                case 7 -> {
                    outcome = new Outcome.Exited(2);
                    out = "error: <script>alert('x')</script>\n";
                }
                case 9 -> {
                    outcome = new Outcome.Unreachable("connection refused");
                    out = "";
                    connect = null;
                    total = 40;
                }
                case 11 -> {
                    outcome = new Outcome.TimedOut(Duration.ofSeconds(2));
                    out = "hung\n";
                    total = 2000;
                }
                default -> {
                }
            }
            script.host(name, out.getBytes(StandardCharsets.UTF_8), new byte[0], outcome, start, connect, total);
        }
        RunRecorder recorder = new RunRecorder(tmp.resolve("state"), List.of("run", "-g", "web", "uptime"));
        script.play(recorder);
        return new RunRecords(tmp.resolve("state")).load(recorder.id());
    }

    private static int count(String text, String regex) {
        Matcher m = Pattern.compile(regex).matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static String td(String html, String id) {
        Matcher m = Pattern.compile("<td id=\"" + id + "\">([^<]*)</td>").matcher(html);
        assertThat(m.find()).as("an element with id " + id).isTrue();
        return m.group(1);
    }

    @Test
    void thePageIsSelfContainedWithSummaryTimelineAndEscapedOutputs() throws Exception {
        Path page = tmp.resolve("report.html");

        HtmlReport.write(fleet(), page);

        String html = Files.readString(page);
        assertThat(html).startsWith("<!DOCTYPE html>").endsWith("</html>\n");
        assertThat(html).doesNotContain("<script", "src=", "href=", "url(", "@import", "<link");
        assertThat(td(html, "count-hosts")).isEqualTo("12");
        assertThat(td(html, "count-ok")).isEqualTo("9");
        assertThat(td(html, "count-failed")).isEqualTo("1");
        assertThat(td(html, "count-unreachable")).isEqualTo("1");
        assertThat(td(html, "count-timed_out")).isEqualTo("1");
        assertThat(count(html, "<g class=\"host status-")).isEqualTo(12);
        assertThat(count(html, "<rect class=\"phase-command status-")).isEqualTo(11);
        assertThat(count(html, "<rect class=\"phase-connect")).isEqualTo(12);
        assertThat(html).contains("<rect class=\"phase-connect status-unreachable\"");
        assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", "0.01 &amp; &lt;fine&gt;");
        assertThat(html).contains("<span class=\"hosts\">web[01-06,08,10,12]</span> <span class=\"count\">(9)</span>");
        assertThat(html).contains("<title>web05: ok, connected in 65 ms, total 2.5 s</title>");
    }

    @Test
    void remoteTextCannotBreakOutOfThePage() throws Exception {
        RunRecorder recorder = new RunRecorder(tmp.resolve("state"), List.of("run", "</code><b>"));
        SyntheticRun script = new SyntheticRun("echo").host("h<1>", "</pre><img src=x>\u001b[31m\n", "",
                new Outcome.Exited(0));
        script.play(recorder);
        Path page = tmp.resolve("evil.html");

        HtmlReport.write(new RunRecords(tmp.resolve("state")).load(recorder.id()), page);

        String html = Files.readString(page);
        assertThat(html).doesNotContain("<img", "</code><b>", "h<1>", "\u001b");
        assertThat(html).contains("&lt;/pre&gt;&lt;img src=x&gt;^[[31m", "data-host=\"h&lt;1&gt;\"");
    }

    @Test
    void controlCharactersInReasonsAndTheCommandLineAreShownInCaretNotation() throws Exception {
        RunRecorder recorder = new RunRecorder(tmp.resolve("state"), List.of("run", "x\u001b]0;t\u0007"));
        SyntheticRun script = new SyntheticRun("echo").host("h1", "", "",
                new Outcome.Unreachable("banner '\u001b[2J\u0000\u009b'"));
        script.play(recorder);
        Path page = tmp.resolve("controls.html");

        HtmlReport.write(new RunRecords(tmp.resolve("state")).load(recorder.id()), page);

        String html = Files.readString(page);
        assertThat(html).doesNotContain("\u001b", "\u0000", "\u0007", "\u009b");
        assertThat(html).contains("banner &#39;^[[2J^@\uFFFD&#39;", "x^[]0;t^G");
    }

    @Test
    void anIncompleteRecordShowsItsUnfinishedHostsUpToWhereItEnds() throws Exception {
        RunRecorder recorder = new RunRecorder(tmp.resolve("state"), List.of());
        SyntheticRun script = new SyntheticRun("sleep 60").host("done", "", "", new Outcome.Exited(0));
        Host stuck = SyntheticRun.host("stuck");
        recorder.runStarted(List.of(script.hosts().getFirst(), stuck), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        recorder.hostStarted(stuck);
        recorder.hostConnected(stuck, Duration.ofMillis(4));
        recorder.output(stuck, new OutputLines(OutputLines.StdStream.STDOUT, "zzz\n".getBytes(), true));
        recorder.close();
        Path page = tmp.resolve("incomplete.html");

        HtmlReport.write(new RunRecords(tmp.resolve("state")).load(recorder.id()), page);

        String html = Files.readString(page);
        assertThat(html).contains("class=\"state-incomplete\"", "<td id=\"count-unfinished\">1</td>",
                "<rect class=\"phase-command status-unfinished\"", "<span class=\"hosts\">stuck</span> <span class=\"count\">(1)</span> <span class=\"outcome\">unfinished</span>");
    }

    /** The chromium binary on the PATH, if any. */
    private static Optional<Path> chromium() {
        String path = System.getenv().getOrDefault("PATH", "");
        return Stream.of(path.split(File.pathSeparator))
                .flatMap(dir -> Stream.of("chromium", "chromium-browser").map(name -> Path.of(dir, name)))
                .filter(Files::isExecutable).findFirst();
    }

    /** Runs headless chromium on {@code page} with {@code extra} options; returns its stdout. */
    private String runChromium(Path chromium, Path page, String... extra) throws Exception {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox",
                "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--no-first-run", "--user-data-dir=" + Files.createTempDirectory(tmp, "chromium-profile")));
        command.addAll(List.of(extra));
        command.add(page.toUri().toString());
        Path stdout = Files.createTempFile(tmp, "chromium", ".out");
        Process process = new ProcessBuilder(command).redirectOutput(stdout.toFile())
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("chromium did not finish within 120 s: " + command);
        }
        assertThat(process.exitValue()).as("chromium's exit code").isZero();
        return Files.readString(stdout);
    }

    @Test
    void thePageRendersInHeadlessChromiumWithItsNumbersAndChart() throws Exception {
        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "chromium is not installed");
        Path page = tmp.resolve("report.html");
        HtmlReport.write(fleet(), page);

        String dom = runChromium(chromium.get(), page, "--dump-dom");

        assertThat(td(dom, "count-hosts")).isEqualTo("12");
        assertThat(td(dom, "count-ok")).isEqualTo("9");
        assertThat(td(dom, "count-failed")).isEqualTo("1");
        assertThat(count(dom, "<svg id=\"timeline\"")).isEqualTo(1);
        assertThat(count(dom, "<rect class=\"phase-command status-[a-z_]+\"")).isEqualTo(11);
        assertThat(dom).contains("&lt;script&gt;alert('x')&lt;/script&gt;").doesNotContain("<script");

        Path png = tmp.resolve("report.png");
        runChromium(chromium.get(), page, "--hide-scrollbars", "--window-size=1100,1000", "--screenshot=" + png);

        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(pixels(image, 0x2e9d4a)).as("green pixels of the ok bars").isGreaterThan(2000);
        assertThat(pixels(image, 0xd73a3a)).as("red pixels of the failed bar").isGreaterThan(200);
        assertThat(pixels(image, 0x8e44ad)).as("purple pixels of the timed-out bar").isGreaterThan(1000);
    }

    private static int pixels(BufferedImage image, int rgb) {
        int n = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
        }
        return n;
    }
}
