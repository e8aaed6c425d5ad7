package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import dev.fanout.testkit.HostileServer;
import dev.fanout.testkit.HostileServer.Behaviour;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * fanout against servers that misbehave, each mixed with two healthy lab hosts, with stdout and stderr marked as
 * terminals: the hostile host gets one line with its reason, the others finish, the run ends within its connect
 * timeout, and no control byte of the server's reaches the terminal.
 */
class HostileServersTest {
    private static final Duration SLACK = Duration.ofMillis(1500);
    private static Lab lab;

    @TempDir
    static Path dir;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(new LabOptions(null, 0, "127.1.77.1", "fanout"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    /** What one hostile run gave, and how long it took. */
    private record Run(Cli.Result result, Duration took) {
    }

    private static Run runAgainst(HostileServer server, String... command) throws IOException {
        String inventory = Files.readString(lab.inventory()) + "\n[evil]\naddress = " + server.address()
                + "\nport = " + server.port() + "\n";
        Path file = Files.writeString(dir.resolve("hosts-" + server.port() + ".ini"), inventory);
        List<String> args = new java.util.ArrayList<>(List.of("run", "-i", file.toString(), "-t", "2",
                "-H", "h1,h2,evil"));
        args.addAll(List.of(command));
        long t0 = System.nanoTime();
        Cli.Result r = new Cli().terminal(true).env("NO_COLOR", "1").run(args.toArray(String[]::new));
        return new Run(r, Duration.ofNanos(System.nanoTime() - t0));
    }

    /** {@code err} without the status line: its erasing sequence and what it drew. */
    private static String withoutStatusLine(String err) {
        return err.replace("\r\u001b[K", "").replaceAll("\\[\\d+/\\d+ done[^\\]\n]*\\]", "");
    }

    /** Asserts the common promises, and returns the one line that reports the hostile host. */
    private static String assertContained(Run run, int exit, Duration limit) {
        Cli.Result r = run.result();
        assertThat(r.exit()).as(r.toString()).isEqualTo(exit);
        assertThat(r.out().lines().toList()).as(r.toString()).containsExactlyInAnyOrder("h1: h1", "h2: h2");
        assertThat(run.took()).as("time taken, " + r).isLessThan(limit.plus(SLACK));
        assertNoRawControls(r.out());
        assertNoRawControls(r.err());
        List<String> lines = withoutStatusLine(r.err()).lines().filter(l -> l.contains("evil")).toList();
        assertThat(lines).as(r.err()).hasSize(2);
        assertThat(withoutStatusLine(r.err())).contains("  ok           h[1-2]");
        return lines.getFirst();
    }

    /** No byte below 0x20 but the line end, no DEL, no C1, once fanout's own status-line erase is taken out. */
    static void assertNoRawControls(String text) {
        String withoutOwn = text.replace("\r\u001b[K", "");
        for (int i = 0; i < withoutOwn.length(); i++) {
            char c = withoutOwn.charAt(i);
            boolean control = (c < 0x20 && c != '\n' && c != '\t') || (c >= 0x7f && c <= 0x9f);
            assertThat(control).as("control character U+%04X at %d in %s", (int) c, i, withoutOwn).isFalse();
        }
    }

    @Test
    void aServerThatAcceptsAndNeverSpeaksIsUnreachableWithinTheConnectTimeout() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.SILENT)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ");
            assertThat(run.took()).isGreaterThan(Duration.ofMillis(1900));
        }
    }

    @Test
    void aServerThatNeverAcceptsIsUnreachableWithinTheConnectTimeout() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.NEVER_ACCEPTS)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ");
        }
    }

    @Test
    void aServerThatSendsItsBannerAndStallsIsUnreachableWithinTheConnectTimeout() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.BANNER_THEN_STALL)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ");
        }
    }

    @Test
    void aServerSendingAnEndlessLineIsCutOffAndUnreachable() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.ENDLESS_LINE)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ").hasSizeLessThan(1000);
            assertThat(server.bytesSent()).isLessThan(HostileServer.ENDLESS_LIMIT);
        }
    }

    @Test
    void escapeSequencesInsteadOfABannerAreShownInCaretNotationNeverRaw() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.ESCAPES_INSTEAD_OF_BANNER)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ");
            assertThat(run.result().err()).doesNotContain("\u001b]0;").doesNotContain("\u0000");
        }
    }

    @Test
    void escapeSequencesBeforeABannerNeverReachTheTerminalRaw() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.ESCAPES_BEFORE_BANNER)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ");
        }
    }

    @Test
    void aServerClosingMidKeyExchangeIsUnreachableAtOnce() throws IOException {
        try (HostileServer server = HostileServer.start(Behaviour.CLOSES_MID_KEX)) {
            Run run = runAgainst(server, "hostname");

            String line = assertContained(run, ExitCodes.UNREACHABLE, Duration.ofSeconds(2));
            assertThat(line).startsWith("fanout: evil: unreachable: ");
        }
    }

    @Test
    void aSessionKilledMidOutputKeepsWhatArrivedAndIsUnreachable() throws IOException {
        Path marker = dir.resolve("printed");
        Thread killer = Thread.ofVirtual().start(() -> {
            try {
                while (!Files.exists(marker)) {
                    Thread.sleep(20);
                }
                lab.stopHost("h3");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        try {
            long t0 = System.nanoTime();
            Cli.Result r = new Cli().terminal(true).env("NO_COLOR", "1").env("FANOUT_INVENTORY", lab.inventory().toString())
                    .run("run", "-t", "2", "-H", "h1,h2,h3", "--",
                            "if [ $(hostname) = h3 ]; then printf 'before\\033[2J\\n'; touch " + marker
                                    + "; sleep 30; echo after; else hostname; fi");
            Duration took = Duration.ofNanos(System.nanoTime() - t0);

            assertThat(r.exit()).as(r.toString()).isEqualTo(ExitCodes.UNREACHABLE);
            assertThat(r.out().lines().toList()).containsExactlyInAnyOrder("h1: h1", "h2: h2", "h3: before^[[2J");
            assertThat(withoutStatusLine(r.err())).contains("fanout: h3: unreachable: ").contains("  ok           h[1-2]");
            assertThat(took).isLessThan(Duration.ofSeconds(10));
            assertNoRawControls(r.out());
            assertNoRawControls(r.err());
        } finally {
            killer.interrupt();
            lab.startHost("h3");
        }
    }

    /** A Java class name in a message: {@code java.net.SocketException}, or a bare {@code SshException}. */
    private static final java.util.regex.Pattern CLASS_NAME = java.util.regex.Pattern.compile(
            "[a-z]+\\.[a-z]+\\.[A-Z]\\w*(Exception|Error)|\\b\\w*(Exception|Error)\\b");

    @Test
    void noMessageAboutAHostileServerOrAStoppedHostNamesAJavaClass() throws IOException {
        lab.stopHost("h3");
        try {
            for (Behaviour behaviour : Behaviour.values()) {
                try (HostileServer server = HostileServer.start(behaviour)) {
                    String inventory = Files.readString(lab.inventory()) + "\n[evil]\naddress = " + server.address()
                            + "\nport = " + server.port() + "\n";
                    Path file = Files.writeString(dir.resolve("names-" + behaviour + ".ini"), inventory);
                    for (boolean json : List.of(false, true)) {
                        List<String> args = new java.util.ArrayList<>(List.of("run", "-i", file.toString(), "-t", "2",
                                "-H", "h1,h3,evil"));
                        if (json) {
                            args.add("--json");
                        }
                        args.add("hostname");
                        Cli.Result r = new Cli().terminal(true).env("NO_COLOR", "1").run(args.toArray(String[]::new));

                        assertThat(r.exit()).as(behaviour + ": " + r).isEqualTo(ExitCodes.UNREACHABLE);
                        String said = withoutStatusLine(r.err()) + (json ? r.out() : "");
                        assertThat(said).as(behaviour.toString()).contains("h3").contains("evil");
                        assertThat(said.lines().filter(line -> CLASS_NAME.matcher(line).find()).toList())
                                .as(behaviour + ": " + said).isEmpty();
                    }
                }
            }
        } finally {
            lab.startHost("h3");
        }
    }
}
