package dev.fanout.ssh;

import org.apache.sshd.common.SshException;
import org.junit.jupiter.api.Test;

import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;

import static org.assertj.core.api.Assertions.assertThat;

class DisplayTest {

    @Test
    void theUsualNetworkFailuresAreSaidInWords() {
        assertThat(Display.oneLine(new SocketException("Connection reset"))).isEqualTo("connection reset by the server");
        assertThat(Display.oneLine(new SocketException("Network is unreachable")))
                .isEqualTo("network unreachable");
        assertThat(Display.oneLine(new IOException("Broken pipe"))).isEqualTo("connection closed by the server");
    }

    @Test
    void aClassNameCopiedIntoAMessageIsLeftOut() {
        assertThat(Display.oneLine(new SshException("java.net.SocketException: Connection reset")))
                .isEqualTo("connection reset by the server");
        assertThat(Display.oneLine(new SshException("SshException: no more keys\nat line 2")))
                .isEqualTo("no more keys");
        assertThat(Display.oneLine(new IOException("org.apache.sshd.common.SshException: Session is closing")))
                .isEqualTo("Session is closing");
    }

    @Test
    void anExceptionWithoutMessageIsDescribedWithoutItsClassName() {
        assertThat(Display.oneLine(new ClosedChannelException())).isEqualTo("connection closed");
        assertThat(Display.oneLine(new EOFException())).isEqualTo("connection closed by the server");
        assertThat(Display.oneLine(new SshException(new IOException()))).doesNotContainPattern("(?i)exception|\\bio\\.");
        assertThat(Display.oneLine(new IOException(new SocketException("Connection reset"))))
                .isEqualTo("connection reset by the server");
        assertThat(Display.oneLine(new IllegalStateException())).isEqualTo("illegal state");
    }
}
