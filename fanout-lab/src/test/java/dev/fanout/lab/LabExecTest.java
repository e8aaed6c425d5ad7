package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabExecTest {
    private static Lab lab;
    private static LabClient client;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.11.0.1").withNodes(191));
        client = new LabClient(lab);
    }

    @AfterAll
    static void stopLab() throws Exception {
        if (client != null) {
            client.close();
        }
        if (lab != null) {
            lab.close();
        }
    }

    @Test
    void eachHostAnswersHostnameWithItsOwnName() throws Exception {
        for (String name : List.of("h1", "h3", "web01", "web04", "db02", "node0001", "node0191")) {
            assertThat(client.run(lab.host(name), "hostname").stdout()).isEqualTo(name + "\n");
        }
    }

    @Test
    void commandsStartInTheHostsOwnHomeWithItsEnvironment() throws Exception {
        LabHost web02 = lab.host("web02");
        LabClient.Result result = client.run(web02,
                "echo $HOME; pwd; echo $USER $LOGNAME; echo $FANOUT_LAB_HOST; echo $FANOUT_LAB_ROOT; echo $TMPDIR");
        String home = lab.home("web02").toString();
        assertThat(result.stdout().lines().toList()).containsExactly(home, home, "fanout fanout", "web02",
                web02.root().toString(), web02.root().resolve("tmp").toString());
        assertThat(lab.home("web02")).isEqualTo(web02.root().resolve("home").resolve("fanout"));
    }

    @Test
    void exitStatusAndStandardErrorPassThrough() throws Exception {
        LabClient.Result result = client.run(lab.host("db01"), "echo out; echo oops >&2; exit 3");
        assertThat(result.exitStatus()).isEqualTo(3);
        assertThat(result.stdout()).isEqualTo("out\n");
        assertThat(result.stderr()).isEqualTo("oops\n");
        assertThat(client.run(lab.host("db01"), "true").exitStatus()).isZero();
        assertThat(client.run(lab.host("db01"), "no-such-command-here").exitStatus()).isEqualTo(127);
    }

    @Test
    void standardInputReachesTheCommandUntilEndOfFile() throws Exception {
        try (ClientSession session = client.loginWithKey(lab.host("h2"))) {
            LabClient.Result result = LabClient.run(session, "tr a-z A-Z; echo done", "hello\nworld\n");
            assertThat(result.stdout()).isEqualTo("HELLO\nWORLD\ndone\n");
            assertThat(result.exitStatus()).isZero();
        }
    }

    @Test
    void largeOutputArrivesWhole() throws Exception {
        LabClient.Result result = client.run(lab.host("h1"), "seq 1 200000");
        assertThat(result.stdout().lines().count()).isEqualTo(200000);
        assertThat(result.stdout()).endsWith("\n199999\n200000\n");
    }

    @Test
    void aSignalFromTheClientKillsTheCommandAndItsChildren() throws Exception {
        try (ClientSession session = client.loginWithKey(lab.host("web03"));
             ChannelExec channel = session.createExecChannel("sleep 300 & echo $$ $!; wait")) {
            channel.open().verify(LabClient.TIMEOUT);
            long[] pids = readPids(channel);
            assertThat(Processes.isRunning(pids[0])).isTrue();
            assertThat(Processes.isRunning(pids[1])).isTrue();

            LabClient.sendSignal(channel, "TERM");

            assertThat(Processes.awaitGone(pids[0], Duration.ofSeconds(5))).as("the shell ends").isTrue();
            assertThat(Processes.awaitGone(pids[1], Duration.ofSeconds(5))).as("its sleep ends").isTrue();
            assertThat(channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), LabClient.TIMEOUT))
                    .contains(ClientChannelEvent.CLOSED);
            assertThat(channel.getExitStatus()).as("128 + SIGTERM, as a shell reports it").isEqualTo(143);
        }
    }

    @Test
    void closingTheChannelKillsTheCommandAndItsChildren() throws Exception {
        try (ClientSession session = client.loginWithKey(lab.host("web04"))) {
            ChannelExec channel = session.createExecChannel("sleep 300 & echo $$ $!; wait");
            channel.open().verify(LabClient.TIMEOUT);
            long[] pids = readPids(channel);
            assertThat(Processes.isRunning(pids[1])).isTrue();

            channel.close(false).await(LabClient.TIMEOUT);

            assertThat(Processes.awaitGone(pids[0], Duration.ofSeconds(5))).as("the shell ends").isTrue();
            assertThat(Processes.awaitGone(pids[1], Duration.ofSeconds(5))).as("its sleep ends").isTrue();
            assertThat(LabClient.run(session, "hostname", null).stdout()).as("the session still works")
                    .isEqualTo("web04\n");
        }
    }

    @Test
    void closingTheChannelAlsoEndsAJobThatLeftTheProcessTree() throws Exception {
        try (ClientSession session = client.loginWithKey(lab.host("db02"))) {
            ChannelExec channel = session.createExecChannel("(sleep 300 & echo $!); sleep 200");
            channel.open().verify(LabClient.TIMEOUT);
            long orphan = Long.parseLong(new BufferedReader(
                    new InputStreamReader(channel.getInvertedOut(), StandardCharsets.UTF_8)).readLine().trim());
            assertThat(Processes.isRunning(orphan)).isTrue();

            channel.close(false).await(LabClient.TIMEOUT);

            assertThat(Processes.awaitGone(orphan, Duration.ofSeconds(10))).isTrue();
        }
    }

    @Test
    void aBackgroundJobHoldingTheOutputDoesNotKeepTheCommandOpen() throws Exception {
        long start = System.nanoTime();
        LabClient.Result result = client.run(lab.host("web01"), "sleep 300 & echo started");

        assertThat(result.stdout()).isEqualTo("started\n");
        assertThat(result.exitStatus()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    /**
     * Asks for the name through the environment rather than the {@code hostname} script, which the tests above cover:
     * one process per host instead of two keeps this test quick on a busy machine.
     */
    @Test
    void twoHundredHostsAnswerConcurrently() throws Exception {
        assertThat(lab.hosts()).hasSize(200);
        Map<String, String> answers = new ConcurrentHashMap<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> futures = new ArrayList<>();
            for (LabHost host : lab.hosts()) {
                futures.add(threads.submit(() -> {
                    answers.put(host.name(), client.run(host, "echo $FANOUT_LAB_HOST").stdout().strip());
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get();
            }
        }
        assertThat(answers).hasSize(200);
        answers.forEach((name, answer) -> assertThat(answer).as(name).isEqualTo(name));
    }

    /**
     * The JDK opens sockets without close-on-exec and its launcher closes every inherited descriptor one by one before
     * it runs a command, which made each command of a 10,000-host lab pay for 10,000 listening sockets. Starting a
     * command marks every descriptor open at that moment close-on-exec instead (and the command still runs).
     */
    @Test
    void startingACommandMarksTheDescriptorsOpenUntilThenCloseOnExec() throws Exception {
        assumeTrue(CloseOnExec.supported(), "close_range(CLOSE_RANGE_CLOEXEC) is Linux 5.11+ only");
        Map<Integer, String> before = openSockets();
        assertThat(before).as("the lab's listening sockets, at least").hasSizeGreaterThanOrEqualTo(lab.hosts().size());

        assertThat(client.run(lab.host("node0100"), "echo $FANOUT_LAB_HOST").stdout()).isEqualTo("node0100\n");

        Map<Integer, String> after = openSockets();
        before.forEach((fd, socket) -> {
            if (socket.equals(after.get(fd))) {
                assertThat(isCloseOnExec(fd)).as("socket descriptor %d (%s)", fd, socket).isTrue();
            }
        });
    }

    /** A run over thousands of hosts used to create two platform threads per command; the lab now reuses them. */
    @Test
    void commandsOneAfterAnotherReuseTheLabsProcessThreads() throws Exception {
        LabHost host = lab.host("node0042");
        client.run(host, "true");
        int before = highestProcessThreadNumber();
        assertThat(before).as("a lab process thread that served the first command").isPositive();

        for (int i = 0; i < 30; i++) {
            assertThat(client.run(host, "exit " + (i % 3)).exitStatus()).isEqualTo(i % 3);
        }

        assertThat(highestProcessThreadNumber() - before).as("process threads created for 30 commands")
                .isLessThanOrEqualTo(4);
    }

    /** The number in the name of the newest lab process thread ({@code lab-process-N}) alive, or 0. */
    private static int highestProcessThreadNumber() {
        return Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> name.startsWith("lab-process-"))
                .mapToInt(name -> Integer.parseInt(name.substring("lab-process-".length()))).max().orElse(0);
    }

    /** This JVM's socket descriptors and what they link to, e.g. {@code socket:[123]}. */
    private static Map<Integer, String> openSockets() throws Exception {
        Map<Integer, String> sockets = new HashMap<>();
        try (var descriptors = Files.list(Path.of("/proc/self/fd"))) {
            for (Path descriptor : descriptors.toList()) {
                try {
                    String target = Files.readSymbolicLink(descriptor).toString();
                    if (target.startsWith("socket:")) {
                        sockets.put(Integer.parseInt(descriptor.getFileName().toString()), target);
                    }
                } catch (IOException e) {
                    // closed meanwhile
                }
            }
        }
        return sockets;
    }

    private static boolean isCloseOnExec(int fd) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/fdinfo", Integer.toString(fd)))) {
                if (line.startsWith("flags:")) {
                    return (Long.parseLong(line.substring(6).trim(), 8) & 02000000) != 0;
                }
            }
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static long[] readPids(ChannelExec channel) throws Exception {
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(channel.getInvertedOut(), StandardCharsets.UTF_8));
        String[] words = reader.readLine().trim().split(" ");
        return new long[] {Long.parseLong(words[0]), Long.parseLong(words[1])};
    }
}
