package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Map;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.common.channel.PtyMode;
import org.apache.sshd.common.channel.RequestHandler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A lab host's commands with a terminal, and the environment variables a lab host grants. */
class LabTerminalTest {
    private static Lab lab;
    private static LabClient client;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.11.2.1").withNodes(0));
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

    /** Runs {@code command} with a terminal (its echo as {@code echo} says), feeding it {@code input}. */
    private static LabClient.Result inTerminal(String command, String input, boolean echo) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (ClientSession session = client.loginWithKey(lab.host("h1"));
             ChannelExec channel = session.createExecChannel(command)) {
            channel.setUsePty(true);
            channel.setPtyType("xterm");
            channel.setPtyColumns(80);
            channel.setPtyLines(24);
            channel.setPtyModes(Map.of(PtyMode.ECHO, echo ? 1 : 0));
            channel.setOut(out);
            channel.setErr(err);
            channel.open().verify(LabClient.TIMEOUT);
            try (OutputStream in = channel.getInvertedIn()) {
                in.write(input.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), LabClient.TIMEOUT))
                    .contains(ClientChannelEvent.CLOSED);
            return new LabClient.Result(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8),
                    channel.getExitStatus());
        }
    }

    @Test
    void aCommandAskedAterminalForHasOneWithTheClientsTypeAndItsStderrInIt() throws Exception {
        LabClient.Result result = inTerminal("[ -t 0 ] && [ -t 1 ] && [ -t 2 ] && echo \"terminal $TERM\"; "
                + "echo oops >&2; exit 3", "", false);

        assertThat(result).isEqualTo(new LabClient.Result("terminal xterm\r\noops\r\n", "", 3));
    }

    @Test
    void theTerminalHasTheSizeTheClientAskedFor() throws Exception {
        assertThat(inTerminal("stty size", "", false).stdout()).isEqualTo("24 80\r\n");
    }

    @Test
    void endOfFileCharactersTheCommandNeverReadDoNotHoldUpItsEnd() throws Exception {
        long start = System.nanoTime();
        assertThat(inTerminal("echo quick", "\u0004", false).stdout()).isEqualTo("quick\r\n");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
        assertThat(inTerminal("cat; echo done", "line\n\u0004", false).stdout()).isEqualTo("line\r\ndone\r\n");
    }

    @Test
    void withoutAskingACommandHasNoTerminal() throws Exception {
        assertThat(client.run(lab.host("h1"), "[ -t 0 ] || echo none").stdout()).isEqualTo("none\n");
    }

    @Test
    void theTerminalEchoesItsInputOnlyWhenTheClientAsks() throws Exception {
        assertThat(inTerminal("read line; echo \"got $line\"", "typed\n", false).stdout())
                .isEqualTo("got typed\r\n");
        assertThat(inTerminal("read line; echo \"got $line\"", "typed\n", true).stdout())
                .isEqualTo("typed\r\ngot typed\r\n");
    }

    @Test
    void aSignalFromTheClientEndsACommandInATerminal() throws Exception {
        try (ClientSession session = client.loginWithKey(lab.host("h1"));
             ChannelExec channel = session.createExecChannel("echo $$; exec sleep 300")) {
            channel.setUsePty(true);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            channel.setOut(out);
            channel.open().verify(LabClient.TIMEOUT);
            long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (!out.toString(StandardCharsets.UTF_8).contains("\n") && System.nanoTime() < deadline) {
                Thread.sleep(20);
            }
            long pid = Long.parseLong(out.toString(StandardCharsets.UTF_8).strip());
            assertThat(Processes.isRunning(pid)).isTrue();

            LabClient.sendSignal(channel, "TERM");

            assertThat(Processes.awaitGone(pid, Duration.ofSeconds(5))).isTrue();
            assertThat(channel.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), LabClient.TIMEOUT))
                    .contains(ClientChannelEvent.CLOSED);
        }
    }

    @Test
    void aLabHostGrantsTheLocaleVariablesAndRefusesOthersAsOpenSshsDefaultDoes() throws Exception {
        var channel = new LabChannelSession();

        assertThat(channel.handleEnvParsed("LANG", "C.UTF-8")).isEqualTo(RequestHandler.Result.ReplySuccess);
        assertThat(channel.handleEnvParsed("LC_TIME", "C")).isEqualTo(RequestHandler.Result.ReplySuccess);
        assertThat(channel.handleEnvParsed("TOKEN", "x")).isEqualTo(RequestHandler.Result.ReplyFailure);
        assertThat(channel.getEnvironment().getEnv()).containsOnlyKeys("LANG", "LC_TIME");
    }
}
