package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.EnumSet;

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.channel.ClientChannelEvent;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;

class LabLifecycleTest {
    @Test
    void closingTheLabEndsEveryProcessItStartedAndStopsListening() throws Exception {
        Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.16.0.1"));
        try (lab;
             LabClient client = new LabClient(lab);
             ClientSession session = client.loginWithKey(lab.host("h2"));
             ChannelExec child = session.createExecChannel("sleep 300 & echo $$ $!; wait");
             ChannelExec orphan = session.createExecChannel("sleep 301 >/dev/null 2>&1 & echo $!")) {
            child.open().verify(LabClient.TIMEOUT);
            orphan.open().verify(LabClient.TIMEOUT);
            String[] pids = firstLine(child).split(" ");
            long shell = Long.parseLong(pids[0]);
            long sleeper = Long.parseLong(pids[1]);
            long orphanSleeper = Long.parseLong(firstLine(orphan));
            assertThat(orphan.waitFor(EnumSet.of(ClientChannelEvent.CLOSED), LabClient.TIMEOUT))
                    .as("a command is over when its shell exits").contains(ClientChannelEvent.CLOSED);
            Thread.sleep(ProcessTrees.GRACE.toMillis() * 2);
            assertThat(Processes.isRunning(sleeper)).isTrue();
            assertThat(Processes.isRunning(orphanSleeper)).as("its background job runs on").isTrue();

            lab.close();

            assertThat(Processes.awaitGone(shell, Duration.ofSeconds(5))).isTrue();
            assertThat(Processes.awaitGone(sleeper, Duration.ofSeconds(5))).isTrue();
            assertThat(Processes.awaitGone(orphanSleeper, Duration.ofSeconds(5))).as("the orphan ends too").isTrue();
        }
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(lab.host("h2").address(), lab.port()), 5000);
            }
        }).isInstanceOf(ConnectException.class);
    }

    private static String firstLine(ChannelExec channel) throws Exception {
        return new BufferedReader(new InputStreamReader(channel.getInvertedOut(), StandardCharsets.UTF_8)).readLine()
                .trim();
    }

    @Test
    void outputArrivesWhileTheCommandStillRuns() throws Exception {
        try (Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.16.1.1"));
             LabClient client = new LabClient(lab);
             ClientSession session = client.loginWithKey(lab.host("h1"));
             ChannelExec channel = session.createExecChannel("echo first; sleep 30; echo never")) {
            long start = System.nanoTime();
            channel.open().verify(LabClient.TIMEOUT);
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(channel.getInvertedOut(), StandardCharsets.UTF_8));

            assertThat(reader.readLine()).isEqualTo("first");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(20));
        }
    }
}
