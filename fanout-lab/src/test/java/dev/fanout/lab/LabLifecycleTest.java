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

import org.apache.sshd.client.channel.ChannelExec;
import org.apache.sshd.client.session.ClientSession;
import org.junit.jupiter.api.Test;

class LabLifecycleTest {
    @Test
    void closingTheLabEndsTheCommandsStillRunningAndStopsListening() throws Exception {
        Lab lab = Lab.start(LabOptions.defaults().withFirstAddress("127.16.0.1"));
        long shell;
        long sleeper;
        try (LabClient client = new LabClient(lab);
             ClientSession session = client.loginWithKey(lab.host("h2"));
             ChannelExec channel = session.createExecChannel("sleep 300 & echo $$ $!; wait")) {
            channel.open().verify(LabClient.TIMEOUT);
            String[] pids = new BufferedReader(new InputStreamReader(channel.getInvertedOut(), StandardCharsets.UTF_8))
                    .readLine().trim().split(" ");
            shell = Long.parseLong(pids[0]);
            sleeper = Long.parseLong(pids[1]);
            assertThat(Processes.isRunning(sleeper)).isTrue();

            lab.close();

            assertThat(Processes.awaitGone(shell, Duration.ofSeconds(5))).isTrue();
            assertThat(Processes.awaitGone(sleeper, Duration.ofSeconds(5))).isTrue();
        }
        assertThatThrownBy(() -> {
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress(lab.host("h2").address(), lab.port()), 5000);
            }
        }).isInstanceOf(ConnectException.class);
        lab.close();
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
