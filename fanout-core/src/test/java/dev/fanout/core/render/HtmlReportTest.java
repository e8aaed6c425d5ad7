package dev.fanout.core.render;

import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.record.RecordWriter;
import dev.fanout.core.record.RecordStore;
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
    private StoredRun fleet() throws Exception {
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
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"), List.of("run", "-g", "web", "uptime"));
        script.play(recorder);
        return new RecordStore(tmp.resolve("state")).load(recorder.id());
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
        assertThat(html).doesNotContain("<script", "src=", "url(", "@import", "<link");
        assertThat(html).contains("<meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; "
                + "style-src 'unsafe-inline'\">");
        assertLinksStayInThePage(html);
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

    /** Every link is to an anchor of the page itself, and every such anchor exists. */
    private static void assertLinksStayInThePage(String html) {
        Matcher links = Pattern.compile("href=\"([^\"]*)\"").matcher(html);
        int n = 0;
        while (links.find()) {
            assertThat(links.group(1)).as("a link").startsWith("#");
            assertThat(html).as("the target of " + links.group(1))
                    .contains("id=\"" + links.group(1).substring(1) + "\"");
            n++;
        }
        assertThat(n).as("links").isPositive();
    }

    @Test
    void eachTimelineBarAndTableRowLinksToItsHostsOutput() throws Exception {
        Path page = tmp.resolve("report.html");

        HtmlReport.write(fleet(), page);

        String html = Files.readString(page);
        assertThat(count(html, "<a href=\"#o-web07\"><g class=\"host status-failed\"")).isEqualTo(1);
        assertThat(count(html, "<a class=\"r status-failed\" href=\"#o-web07\" data-host=\"web07\"")).isEqualTo(1);
        assertThat(count(html, "<a id=\"o-web")).isEqualTo(12);
        assertThat(html).contains("<summary><h3><span class=\"hosts\">web07</span> <span class=\"count\">(1)</span> "
                + "<span class=\"outcome\">failed: exit code 2</span></h3></summary>\n<a id=\"o-web07\"></a>");
    }

    @Test
    void theHostTableCarriesEachHostsNumbersAndItsRankForEverySortKey() throws Exception {
        Path page = tmp.resolve("report.html");

        HtmlReport.write(fleet(), page);

        String html = Files.readString(page);
        // web05 is the slowest (total rank 1), web09 never connected (last by connect time), web07 exited 2
        assertThat(html).contains("data-host=\"web05\" style=\"--n:5;--s:", ";--t:1;")
                .contains("<span>web07</span><span>failed: exit code 2</span><span>2</span><span>67</span>"
                        + "<span>370</span><span>35 B</span><span>0 B</span>")
                .contains("<span>web09</span><span>unreachable: connection refused</span><span>-</span><span>-</span>"
                        + "<span>40</span><span>0 B</span><span>0 B</span>");
        assertThat(Pattern.compile("data-host=\"web09\" style=\"[^\"]*--c:12;").matcher(html).find()).isTrue();
        assertThat(Pattern.compile("data-host=\"web07\" style=\"--n:7;--s:1;--e:1;").matcher(html).find()).isTrue();
        assertThat(html).contains("#hs-t:checked ~ .host-table > .r { order: var(--t); }",
                "<input type=\"radio\" name=\"hs\" id=\"hs-sel\" checked>");
        // the timeline's "longest first" moves web05 (row 5) to the top: 4 rows up
        assertThat(html).contains("data-host=\"web05\" style=\"--m:-4\"", "#tl-d:checked ~ svg g.host");
    }

    @Test
    void theCommandLineIsShownQuotedAsAShellNeedsIt() throws Exception {
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"),
                List.of("run", "-g", "web_clusters", "-x", "web03", "echo \"it's\" $HOME; ls", ""));
        new SyntheticRun("echo").host("h1", "", "", new Outcome.Exited(0)).play(recorder);
        Path page = tmp.resolve("quoted.html");

        HtmlReport.write(new RecordStore(tmp.resolve("state")).load(recorder.id()), page);

        assertThat(Files.readString(page)).contains("<code id=\"command-line\">fanout run -g web_clusters -x web03 "
                + "&#39;echo &quot;it&#39;\\&#39;&#39;s&quot; $HOME; ls&#39; &#39;&#39;</code>");
    }

    @Test
    void theRecordsStateAndItsIntegrityWarningsAreShownInPlainWords() throws Exception {
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"), List.of("run", "-a", "cat big"));
        new SyntheticRun("cat big").host("web01", "0123456789\n", "", new Outcome.Exited(0))
                .host("web02", "abc\n", "", new Outcome.Exited(0)).play(recorder);
        Files.write(recorder.directory().resolve("out/web01.stdout"), "01234".getBytes(StandardCharsets.UTF_8));
        StoredRun run = new RecordStore(tmp.resolve("state")).load(recorder.id());
        Path page = tmp.resolve("warned.html");

        HtmlReport.write(run, page);

        String html = Files.readString(page);
        assertThat(html).contains("<p id=\"state\" class=\"state-complete\">record complete</p>",
                "<ul id=\"warnings\">\n<li>record incomplete: output of web01 was not fully written (5 B of 11 B)</li>");
    }

    @Test
    void remoteTextCannotBreakOutOfThePage() throws Exception {
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"), List.of("run", "</code><b>"));
        SyntheticRun script = new SyntheticRun("echo").host("h<1>", "</pre><img src=x>\u001b[31m\n", "",
                new Outcome.Exited(0));
        script.play(recorder);
        Path page = tmp.resolve("evil.html");

        HtmlReport.write(new RecordStore(tmp.resolve("state")).load(recorder.id()), page);

        String html = Files.readString(page);
        assertThat(html).doesNotContain("<img", "</code><b>", "h<1>", "\u001b");
        assertThat(html).contains("&lt;/pre&gt;&lt;img src=x&gt;^[[31m", "data-host=\"h&lt;1&gt;\"");
    }

    @Test
    void controlCharactersInReasonsAndTheCommandLineAreShownInCaretNotation() throws Exception {
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"), List.of("run", "x\u001b]0;t\u0007"));
        SyntheticRun script = new SyntheticRun("echo").host("h1", "", "",
                new Outcome.Unreachable("banner '\u001b[2J\u0000\u009b'"));
        script.play(recorder);
        Path page = tmp.resolve("controls.html");

        HtmlReport.write(new RecordStore(tmp.resolve("state")).load(recorder.id()), page);

        String html = Files.readString(page);
        assertThat(html).doesNotContain("\u001b", "\u0000", "\u0007", "\u009b");
        assertThat(html).contains("banner &#39;^[[2J^@\uFFFD&#39;", "x^[]0;t^G");
    }

    @Test
    void anIncompleteRecordShowsItsUnfinishedHostsUpToWhereItEnds() throws Exception {
        RecordWriter recorder = new RecordWriter(tmp.resolve("state"), List.of());
        SyntheticRun script = new SyntheticRun("sleep 60").host("done", "", "", new Outcome.Exited(0));
        Host stuck = SyntheticRun.host("stuck");
        recorder.runStarted(List.of(script.hosts().getFirst(), stuck), script.job());
        SyntheticRun.playHost(recorder, script.entries().getFirst());
        recorder.hostStarted(stuck);
        recorder.hostConnected(stuck, Duration.ofMillis(4));
        recorder.output(stuck, new OutputLines(OutputLines.StdStream.STDOUT, "zzz\n".getBytes(), true));
        recorder.close();
        Path page = tmp.resolve("incomplete.html");

        HtmlReport.write(new RecordStore(tmp.resolve("state")).load(recorder.id()), page);

        String html = Files.readString(page);
        assertThat(html).contains("class=\"state-incomplete\">record incomplete: the run was killed or crashed; ",
                "<td id=\"count-unfinished\">1</td>",
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

    /** A synthetic fleet of {@code n} hosts and the bytes of output they sent. */
    private record Fleet(StoredRun run, long outputBytes) {
    }

    /**
     * {@code n} hosts, {@code n0001}, ...: most print one of 7 load lines, every 50th fails, the 3rd prints hostile
     * bytes (an escape sequence and a script), and the one before last is a straggler that times out after 9 s.
     */
    private Fleet fleetOf(int n) throws Exception {
        SyntheticRun script = new SyntheticRun("uptime");
        long bytes = 0;
        for (int i = 1; i <= n; i++) {
            String out = " 19:45:25 up  1:27,  0 user,  load average: 0.0" + i % 7 + ", 0.31, 0.12\n";
            Outcome outcome = new Outcome.Exited(0);
            long total = 300 + i % 13 * 20;
            if (i == 3) {
                out = "\u001b[2J\u001b]0;owned\u0007<script>alert(1)</script>\n";
            } else if (i % 50 == 0) {
                outcome = new Outcome.Exited(1);
                out = "no such file: /etc/app.conf\n";
            } else if (i == n - 1) {
                outcome = new Outcome.TimedOut(Duration.ofSeconds(9));
                total = 9000;
            }
            byte[] stdout = out.getBytes(StandardCharsets.UTF_8);
            bytes += stdout.length;
            script.host(String.format("n%04d", i), stdout, new byte[0], outcome, i % 97, 40L + i % 11, total);
        }
        Path state = tmp.resolve("state-" + n);
        RecordWriter recorder = new RecordWriter(state, List.of("run", "-g", "nodes", "uptime"));
        script.play(recorder);
        return new Fleet(new RecordStore(state).load(recorder.id()), bytes);
    }

    /** Where to keep a copy of the screenshots ({@code -Dfanout.report.shots=DIR}), if anywhere. */
    private static void keep(Path png, String name) throws Exception {
        String dir = System.getProperty("fanout.report.shots");
        if (dir != null) {
            Files.createDirectories(Path.of(dir));
            Files.copy(png, Path.of(dir, name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
    }

    @Test
    void atTenHostsThePageStaysSmallRendersAndSortsItsTimeline() throws Exception {
        checkFleetPage(10);
    }

    @Test
    void atAThousandHostsThePageStaysSmallRendersAndSortsItsTimeline() throws Exception {
        checkFleetPage(1000);
    }

    private void checkFleetPage(int n) throws Exception {
        Fleet fleet = fleetOf(n);
        Path page = tmp.resolve("fleet-" + n + ".html");

        HtmlReport.write(fleet.run(), page);

        String html = Files.readString(page);
        long size = Files.size(page);
        System.out.printf("HTML report of %d hosts: %d bytes, %d of output, %.0f bytes per host besides%n", n, size,
                fleet.outputBytes(), (double) (size - fleet.outputBytes()) / n);
        // measured: 1.6 KiB per host at 10 hosts (the fixed part, about 11 KiB, shared out), 520 bytes at 1,000
        assertThat(size).as("page bytes").isLessThan(2048L * n + fleet.outputBytes());
        assertThat(count(html, "<a class=\"r status-")).isEqualTo(n);
        assertThat(count(html, "<g class=\"host status-")).isEqualTo(n);
        assertThat(html).doesNotContain("\u001b", "\u0007", "<script").contains(
                "^[[2J^[]0;owned^G&lt;script&gt;alert(1)&lt;/script&gt;");
        assertLinksStayInThePage(html);

        Optional<Path> chromium = chromium();
        assumeTrue(chromium.isPresent(), "chromium is not installed");
        String dom = runChromium(chromium.get(), page, "--dump-dom");
        assertThat(count(dom, "<a class=\"r status-")).isEqualTo(n);
        assertThat(dom).contains("^[[2J^[]0;owned^G&lt;script&gt;alert(1)&lt;/script&gt;")
                .doesNotContain("<script", "\u001b");

        BufferedImage plain = screenshot(chromium.get(), page, "fleet-" + n + ".png");
        Path sortedPage = tmp.resolve("fleet-" + n + "-sorted.html");
        Files.writeString(sortedPage, html.replace("id=\"tl-sel\" checked>", "id=\"tl-sel\">")
                .replace("id=\"tl-d\">", "id=\"tl-d\" checked>")
                .replace("id=\"hs-sel\" checked>", "id=\"hs-sel\">").replace("id=\"hs-t\">", "id=\"hs-t\" checked>"));
        BufferedImage sorted = screenshot(chromium.get(), sortedPage, "fleet-" + n + "-longest-first.png");
        // the straggler (purple, one before last) rises to the timeline's first row when sorted by duration
        assertThat(topmostBar(sorted, 0x8e44ad)).as("the straggler's bar sorted, longest first")
                .isLessThan(topmostBar(plain, 0x8e44ad));
    }

    /** A screenshot of {@code page}, 1100 by 1000 pixels, checked not to be blank. */
    private BufferedImage screenshot(Path chromium, Path page, String name) throws Exception {
        Path png = tmp.resolve(name);
        runChromium(chromium, page, "--hide-scrollbars", "--window-size=1100,1000", "--screenshot=" + png);
        keep(png, name);
        assertThat(Files.size(png)).as("PNG bytes").isGreaterThan(1000);
        BufferedImage image = ImageIO.read(png.toFile());
        assertThat(image).isNotNull();
        assertThat(image.getWidth()).isEqualTo(1100);
        assertThat(image.getHeight()).isEqualTo(1000);
        int background = 0;
        for (int rgb : new int[]{0xffffff, 0xfafafa}) {
            background += pixels(image, rgb);
        }
        assertThat(image.getWidth() * image.getHeight() - background).as("pixels not of the background")
                .isGreaterThan(20_000);
        assertThat(pixels(image, 0x2e9d4a)).as("green pixels of the ok bars").isGreaterThan(1000);
        return image;
    }

    /**
     * The first row of {@code image} with at least 100 pixels of colour {@code rgb} (a long bar, not a figure or a
     * legend key of that colour), or the image's height if none.
     */
    private static int topmostBar(BufferedImage image, int rgb) {
        for (int y = 0; y < image.getHeight(); y++) {
            int n = 0;
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) == rgb) {
                    n++;
                }
            }
            if (n >= 100) {
                return y;
            }
        }
        return image.getHeight();
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
