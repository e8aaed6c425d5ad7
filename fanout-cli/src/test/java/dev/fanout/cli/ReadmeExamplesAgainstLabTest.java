package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README's example command lines, read from README.md, run in-process against the embedded lab in the order the
 * README gives them (so {@code history} and {@code show} see the runs before them): each must end with its exit
 * code, and the sample output the README prints after it must match the real one in shape. A README example that
 * this test does not know, or that it knows but the README no longer has, fails the test: every example is either
 * run here or on {@link #CANNOT_RUN} with its reason.
 */
class ReadmeExamplesAgainstLabTest {
    /** README examples that cannot run against the lab, with the reason. */
    private static final Map<String, String> CANNOT_RUN = Map.of(
            "fanout run -H @failed 'systemctl restart app'",
            "restarts a service, and a lab host's commands run on this machine",
            "bin/fanout lab --dir /tmp/mylab",
            "serves the lab until Ctrl-C",
            "bin/fanout lab -n 1000 -- run -g nodes true",
            "a lab of 1,009 hosts is too heavy for the suite; bench/run.sh --lab 1000 runs it",
            "bin/fanout lab --address 127.5.0.1 --port 2222 --keep -- run -a true",
            "serves the lab until Ctrl-C on a fixed port; LabCommandTest covers --address, --port and --keep",
            "fanout put -g web_clusters --sudo -K --mode 0644 --owner root:root app.conf /etc/app/",
            "a lab host's move into place runs on this machine, where /etc/app/ is this machine's; "
                    + "SudoAgainstOpenSshTest puts through sudo into a root-only directory of an OpenSSH host",
            "fanout shell -a",
            "an interactive session (the lab restarted in its middle); ShellAgainstLabTest and ShellThroughPtyTest "
                    + "drive one");

    /** A line of a code block that is a fanout command line, possibly after a prompt, variables or {@code &&}. */
    private static final Pattern COMMAND = Pattern.compile(
            "^(?:\\$ )?(?:.*&& )?((?:[A-Z_]+=\\S+ )*(?:bin/)?fanout\\s.*)$");
    private static final Pattern TIME = Pattern.compile(" in [0-9.]+ (?:ms|s)\\b");
    private static final Pattern HOST_LINE = Pattern.compile("^([a-z][a-z0-9]*): .*");
    private static final Pattern JSON_KEY = Pattern.compile("\"([a-z_]+)\":");
    private static final Pattern RUN_PREFIX = Pattern.compile("\\b\\d{8}T\\d{4}\\b");

    private static Lab lab;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.50.1"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    /** One example: the command line as written, and the lines the README shows after it in the same block. */
    record Example(String line, List<String> sample) {
    }

    /** How an example is checked: its exit code, whether its lines vary from run to run, a check of its own. */
    private record Expect(int exit, boolean varying, Check check) {
    }

    @FunctionalInterface
    private interface Check {
        void accept(Cli.Result result, Path dir) throws IOException;
    }

    private static Expect expect(int exit) {
        return new Expect(exit, false, (r, d) -> {
        });
    }

    private static Path readme() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("README.md")) && Files.isDirectory(dir.resolve("fanout-cli"))) {
                return dir.resolve("README.md");
            }
        }
        throw new AssertionError("no README.md above " + Path.of("").toAbsolutePath());
    }

    /**
     * The fanout command lines of the README's fenced code blocks, in order, each with the sample lines after it (in
     * a {@code sh} block every line is a command, so there are none).
     */
    static List<Example> examples(List<String> readme) {
        List<Example> examples = new ArrayList<>();
        boolean inBlock = false;
        boolean script = false;
        String command = null;
        List<String> sample = new ArrayList<>();
        for (String line : readme) {
            if (line.startsWith("```")) {
                if (inBlock && command != null) {
                    examples.add(new Example(command, List.copyOf(sample)));
                }
                inBlock = !inBlock;
                script = line.equals("```sh");
                command = null;
                sample.clear();
                continue;
            }
            if (!inBlock) {
                continue;
            }
            Matcher m = COMMAND.matcher(line);
            if (m.matches()) {
                if (command != null) {
                    examples.add(new Example(command, List.copyOf(sample)));
                }
                command = withoutComment(m.group(1));
                sample.clear();
            } else if (command != null && !script) {
                sample.add(line);
            }
        }
        return examples;
    }

    /** The command line without a trailing {@code # comment} (outside quotes) and trailing blanks. */
    private static String withoutComment(String line) {
        char quote = 0;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quote != 0) {
                quote = c == quote ? 0 : quote;
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && i > 0 && Character.isWhitespace(line.charAt(i - 1))) {
                return line.substring(0, i).strip();
            }
        }
        return line.strip();
    }

    /**
     * The words of a command line as a POSIX shell splits them (single and double quotes, backslashes), up to a
     * pipe ({@code |}), which ends the command.
     */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = null;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c == '\'') {
                int end = line.indexOf('\'', i + 1);
                word = word == null ? new StringBuilder() : word;
                word.append(line, i + 1, end);
                i = end;
            } else if (c == '"') {
                word = word == null ? new StringBuilder() : word;
                for (i++; line.charAt(i) != '"'; i++) {
                    if (line.charAt(i) == '\\' && "\"\\$`".indexOf(line.charAt(i + 1)) >= 0) {
                        i++;
                    }
                    word.append(line.charAt(i));
                }
            } else if (c == '\\') {
                word = word == null ? new StringBuilder() : word;
                word.append(line.charAt(++i));
            } else if (Character.isWhitespace(c)) {
                if (word != null) {
                    words.add(word.toString());
                    word = null;
                }
            } else if (c == '|') {
                break;
            } else {
                word = word == null ? new StringBuilder() : word;
                word.append(c);
            }
        }
        if (word != null) {
            words.add(word.toString());
        }
        return words;
    }

    /** What each example the lab can run must do, by its command line as the README writes it. */
    private Map<String, Expect> expectations() {
        Map<String, Expect> all = new LinkedHashMap<>();
        all.put("fanout run -g web_clusters,db_servers uptime", new Expect(0, true, (r, d) -> {
        }));
        all.put("bin/fanout lab -- batch_run -h h1,h2,h3 -g web_clusters,db_servers -cmd \"df -h\"", new Expect(0,
                true, (r, d) -> assertThat(r.err()).containsPattern("fanout: 9 hosts in [0-9.]+ m?s: 9 ok")));
        all.put("fanout lab -- run -a 'uname -s; case $(hostname) in web04) echo \"no such file: /etc/app.conf\" >&2;"
                + " exit 1;; db*) echo db;; esac'", new Expect(1, false,
                (r, d) -> assertThat(r.out()).contains("fanout: 3 distinct outputs")));
        all.put("fanout lab -- run -a --diff 'echo \"kernel 6.1.0-28\"; echo \"ntp ok\"; case $(hostname) in web04) "
                + "echo \"ntp: not synchronised\";; esac'", expect(0));
        all.put("fanout run -H h1 --json 'echo hi' | jq -c 'select(.event==\"output\" or .event==\"host_finished\")'",
                new Expect(0, false, (r, d) -> assertThat(r.out().lines()).allMatch(l -> l.startsWith("{\"event\":\""))));
        all.put("fanout run -g web_clusters -L hostname", new Expect(0, false, (r, d) -> assertThat(r.out())
                .isEqualTo("web01: web01\nweb02: web02\nweb03: web03\nweb04: web04\n")));
        all.put("fanout history", new Expect(0, true, (r, d) -> assertThat(r.out().lines().count()).isGreaterThan(3)));
        all.put("fanout show -b", new Expect(0, false, (r, d) -> assertThat(r.out()).contains("h1 (1)", "hi")));
        all.put("fanout show 20261123T1909 --json", new Expect(0, false,
                (r, d) -> assertThat(r.out()).startsWith("{\"event\":\"run_started\"")));
        all.put("fanout show --html report.html", new Expect(0, false,
                (r, d) -> assertThat(d.resolve("report.html")).content().contains("<svg id=\"timeline\"")));
        all.put("fanout put -g web_clusters -p app.conf /etc/app/", new Expect(0, false, (r, d) -> {
            for (String host : List.of("web01", "web02", "web03", "web04")) {
                assertThat(lab.host(host).root().resolve("etc/app/app.conf")).hasContent("listen 8080");
            }
        }));
        all.put("fanout lab -- run -a --serial 3 --max-fail 1 'case $(hostname) in h2|h3) echo \"disk full\" >&2; "
                + "exit 1;; esac; uptime -p'", new Expect(ExitCodes.STOPPED, true, (r, d) -> assertThat(r.err())
                .contains("  skipped      db[01-02],web[01-04]: more than 1 host failed")));
        all.put("fanout lab -- run -H h1,h2 --sudo -K 'echo \"$USER, for $SUDO_USER\"'", new Expect(
                ExitCodes.REMOTE_FAILED, false, (r, d) -> assertThat(r.out()).isEqualTo("h1: root, for "
                        + lab.user() + "\n")));
        all.put("fanout run -H web01,web02 --tty '[ -t 0 ] && echo \"a terminal, $(stty size)\"; "
                + "echo \"to stderr\" >&2'", expect(0));
        all.put("fanout run -H h1 --env LANG=C.UTF-8 --env RELEASE=2026.12 'echo \"$LANG $RELEASE\"; "
                + "ps -o args= -p $$'", expect(0));
        all.put("fanout run -g db_servers 'echo \"%h is %u@%a\"'", new Expect(0, true,
                (r, d) -> assertThat(r.out()).contains("db01: db01 is fanout@" + lab.host("db01").address())));
        all.put("fanout put -g web_clusters conf/%h.conf /etc/app/app.conf", new Expect(0, false, (r, d) -> {
            for (String host : List.of("web01", "web02", "web03", "web04")) {
                assertThat(lab.host(host).root().resolve("etc/app/app.conf")).hasContent("listen " + host + ":8080");
            }
        }));
        all.put("fanout get -g db_servers /var/log/syslog ./backup/%h-logs/", new Expect(0, false, (r, d) -> {
            assertThat(d.resolve("backup/db01-logs/syslog")).hasContent("db01 syslog");
            assertThat(d.resolve("backup/db02-logs/syslog")).hasContent("db02 syslog");
        }));
        all.put("fanout put -g web_clusters -D app.conf /etc/app/conf.d/", new Expect(0, false, (r, d) -> {
            for (String host : List.of("web01", "web02", "web03", "web04")) {
                assertThat(lab.host(host).root().resolve("etc/app/conf.d/app.conf")).hasContent("listen 8080");
            }
        }));
        all.put("fanout put -a motd.txt '~/motd.txt'", new Expect(0, false,
                (r, d) -> assertThat(lab.home("db01").resolve("motd.txt")).hasContent("welcome")));
        all.put("fanout put -a --skip-same -p dist/ /srv/app/", new Expect(0, false,
                (r, d) -> assertThat(lab.host("h1").root().resolve("srv/app/dist/index.html")).hasContent("<p>hi</p>")));
        all.put("fanout get -g db_servers /var/log/syslog ./logs/", new Expect(0, false, (r, d) -> {
            assertThat(d.resolve("logs/db01/syslog")).hasContent("db01 syslog");
            assertThat(d.resolve("logs/db02/syslog")).hasContent("db02 syslog");
        }));
        all.put("bin/fanout lab -- run -a 'hostname; echo $HOME'", new Expect(0, false,
                (r, d) -> assertThat(r.out()).contains("h1: h1\n", "db02: db02\n")));
        all.put("FANOUT_INVENTORY=/tmp/mylab/hosts.ini bin/fanout hosts", new Expect(0, false,
                (r, d) -> assertThat(r.out()).contains("web01", "db02")));
        all.put("fanout --version", new Expect(0, false, (r, d) -> assertThat(r.out())
                .containsPattern("^fanout \\S+ \\(commit [^)]+\\)\nJava \\S+ \\(.+\\) at /.+\n$")));
        return all;
    }

    /**
     * The files the copy examples name, made in {@code dir}, and what their lab hosts must hold, as the README's
     * hosts would: the target directories {@code /etc/app/} and {@code /srv/app/}, and the databases' syslog.
     */
    private static void prepare(Path dir) throws IOException {
        for (var host : lab.hosts()) {
            lab.home(host.name());
            Files.createDirectories(host.root().resolve("etc/app"));
            Files.createDirectories(host.root().resolve("srv/app"));
        }
        Files.writeString(dir.resolve("app.conf"), "listen 8080\n");
        Files.writeString(dir.resolve("motd.txt"), "welcome\n");
        Files.createDirectories(dir.resolve("conf"));
        for (String host : List.of("web01", "web02", "web03", "web04")) {
            Files.writeString(dir.resolve("conf/" + host + ".conf"), "listen " + host + ":8080\n");
        }
        Files.createDirectories(dir.resolve("dist"));
        Files.writeString(dir.resolve("dist/index.html"), "<p>hi</p>\n");
        Files.createDirectories(dir.resolve("logs"));
        for (String host : List.of("db01", "db02")) {
            Path syslog = lab.host(host).root().resolve("var/log/syslog");
            Files.createDirectories(syslog.getParent());
            Files.writeString(syslog, host + " syslog\n");
        }
    }

    @Test
    void everyExampleOfTheReadmeRunsAgainstTheLabOrSaysWhyNot(@TempDir Path state, @TempDir Path dir)
            throws IOException {
        List<Example> examples = examples(Files.readAllLines(readme()));
        Map<String, Expect> expectations = expectations();
        Set<String> found = new LinkedHashSet<>();
        prepare(dir);
        // The README shows a terminal session: stdout on a terminal (the gathered digest follows the live lines),
        // without colours; stderr captured as a log would be, so no status line comes between the lines compared.
        Cli cli = new Cli().env("FANOUT_INVENTORY", lab.inventory().toString())
                .env("XDG_STATE_HOME", state.toString()).env("NO_COLOR", "1").stdoutTerminal(true)
                .prompt(question -> lab.host("h1").password().toCharArray());   // -K: h1's password, as typed
        String lastRun = null;

        for (Example example : examples) {
            found.add(example.line());
            if (CANNOT_RUN.containsKey(example.line())) {
                continue;
            }
            Expect expect = expectations.get(example.line());
            assertThat(expect).as("a README example this test does not know; add it to expectations() or "
                    + "CANNOT_RUN: " + example.line()).isNotNull();
            List<String> args = fanoutArgs(example.line(), dir, lastRun);
            Cli.Result result = cli.run(args.toArray(String[]::new));

            assertThat(result.exit()).as(example.line() + "\n" + result).isEqualTo(expect.exit());
            checkSample(example, expect, result);
            expect.check().accept(result, dir);
            lastRun = lastRunId(cli);
        }

        Set<String> stale = new TreeSet<>(expectations.keySet());
        stale.addAll(CANNOT_RUN.keySet());
        stale.removeAll(found);
        assertThat(stale).as("examples this test knows that the README no longer has").isEmpty();
    }

    private static String lastRunId(Cli cli) {
        return cli.run("history", "-n", "1").out().lines().skip(1).map(l -> l.split(" ")[0]).findFirst().orElse(null);
    }

    /**
     * The arguments after {@code fanout} of a README command line: without {@code lab --} (the test's lab stands in
     * for a fresh one) and a pipe; local file names made relative to {@code dir}; an example's run id prefix replaced
     * by the start of the last recorded run (the test's runs start within a minute, so the README's is not unique).
     */
    private static List<String> fanoutArgs(String line, Path dir, String lastRun) {
        List<String> words = new ArrayList<>(words(line));
        while (words.getFirst().contains("=")) {
            assertThat(words.removeFirst()).as("only the inventory is set in an example's environment")
                    .startsWith("FANOUT_INVENTORY=");
        }
        assertThat(words.removeFirst()).isIn("fanout", "bin/fanout");
        if (words.getFirst().equals("lab")) {
            int dashes = words.indexOf("--");
            assertThat(dashes).as("a lab example that runs a command: " + line).isPositive();
            words.subList(0, dashes + 1).clear();
        }
        List<String> args = new ArrayList<>();
        for (String word : words) {
            if (List.of("app.conf", "motd.txt", "dist/", "./logs/", "report.html", "conf/%h.conf",
                    "./backup/%h-logs/").contains(word)) {
                String local = dir.resolve(word).toString();
                args.add(word.endsWith("/") ? local + "/" : local);
            } else if (RUN_PREFIX.matcher(word).matches() && lastRun != null) {
                args.add(lastRun.substring(0, lastRun.indexOf('Z') + 1));   // to the millisecond: one run
            } else {
                args.add(word);
            }
        }
        return args;
    }

    /**
     * The README's sample lines against the real ones: the summary, the gathered and diff views and a failure line
     * must be there as shown (times aside, blanks collapsed), in any order (hosts run at once); a host's output line
     * must be there as shown, or for an example whose output varies (uptime, df), a line of that host; a JSON line
     * must have a line of the same event with the same fields; a table heading must be the same.
     */
    private static void checkSample(Example example, Expect expect, Cli.Result result) {
        Set<String> actual = new LinkedHashSet<>();
        (result.out() + result.err()).lines().map(ReadmeExamplesAgainstLabTest::normal).forEach(actual::add);
        for (String line : example.sample()) {
            String want = normal(line);
            if (want.isEmpty() || want.equals("...") || want.startsWith("$ ")) {
                continue;
            }
            String what = example.line() + ": the README shows " + line + "\n" + result;
            Matcher host = HOST_LINE.matcher(want);
            if (want.startsWith("{")) {
                List<String> keys = keys(want);
                assertThat(actual.stream().filter(l -> l.startsWith("{")).map(ReadmeExamplesAgainstLabTest::keys))
                        .as(what).contains(keys);
            } else if (want.startsWith("RUN ")) {
                assertThat(actual.stream().filter(l -> l.startsWith("RUN "))).as(what).containsExactly(want);
            } else if (want.matches("^\\d{8}T\\d{6}.*")) {
                assertThat(actual.stream().filter(l -> l.matches("^\\d{8}T\\d{6}.*"))).as(what).isNotEmpty();
            } else if (host.matches() && !want.startsWith("fanout:") && expect.varying()) {
                assertThat(actual.stream().filter(l -> l.startsWith(host.group(1) + ": "))).as(what).isNotEmpty();
            } else {
                assertThat(actual).as(what).contains(want);
            }
        }
    }

    /** A line with its times made alike ({@code in T}) and its runs of blanks collapsed. */
    private static String normal(String line) {
        return TIME.matcher(line).replaceAll(" in T").replaceAll("\\s+", " ").strip();
    }

    /** The field names of a JSON line, in order, with its event's name first. */
    private static List<String> keys(String json) {
        List<String> keys = new ArrayList<>();
        Matcher event = Pattern.compile("\"event\":\"([a-z_]+)\"").matcher(json);
        keys.add(event.find() ? event.group(1) : "");
        Matcher m = JSON_KEY.matcher(json);
        while (m.find()) {
            keys.add(m.group(1));
        }
        return keys;
    }

    @Test
    void theExamplesAreFoundInTheReadmeWithTheirSampleOutput() throws IOException {
        List<Example> examples = examples(Files.readAllLines(readme()));

        assertThat(examples).extracting(Example::line).contains("fanout run -g web_clusters,db_servers uptime",
                "bin/fanout lab -- batch_run -h h1,h2,h3 -g web_clusters,db_servers -cmd \"df -h\"",
                "fanout show -b");
        Example first = examples.getFirst();
        assertThat(first.sample()).contains("fanout: 6 hosts in 425 ms: 6 ok");
    }

    @Test
    void aCommandLineIsSplitAsAShellSplitsIt() {
        assertThat(words("fanout run -a 'echo \"x\"; exit 1' \"df -h\" a\\ b | jq -c ."))
                .containsExactly("fanout", "run", "-a", "echo \"x\"; exit 1", "df -h", "a b");
        assertThat(withoutComment("fanout show -b    # the last run")).isEqualTo("fanout show -b");
        assertThat(withoutComment("fanout run -a 'echo #1'")).isEqualTo("fanout run -a 'echo #1'");
    }
}
