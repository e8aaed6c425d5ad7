package dev.fanout.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import org.apache.sshd.client.session.ClientSession;
import org.apache.sshd.sftp.client.SftpClient;
import org.apache.sshd.sftp.client.SftpClientFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class LabSftpTest {
    private static Lab lab;
    private static LabClient client;

    @BeforeAll
    static void startLab() throws Exception {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.13.0.1"));
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
    void anAbsoluteUploadLandsUnderThatHostsRootOnly() throws Exception {
        upload(lab.host("web01"), "/tmp/greeting.txt", "hello web01\n");

        Path landed = lab.host("web01").root().resolve("tmp/greeting.txt");
        assertThat(landed).hasContent("hello web01");
        assertThat(filesNamed("greeting.txt")).containsExactly(landed);
    }

    @Test
    void aRelativeUploadLandsInTheHomeWhereCommandsStart() throws Exception {
        upload(lab.host("web02"), "notes.txt", "for web02\n");

        assertThat(lab.home("web02").resolve("notes.txt")).hasContent("for web02");
        assertThat(client.run(lab.host("web02"), "cat notes.txt").stdout()).isEqualTo("for web02\n");
        try (ClientSession session = client.loginWithKey(lab.host("web02"));
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThat(sftp.canonicalPath(".")).isEqualTo("/home/fanout");
        }
    }

    @Test
    void theSameRemotePathOnTwoHostsIsTwoFiles() throws Exception {
        upload(lab.host("db01"), "/tmp/same.txt", "db01\n");
        upload(lab.host("db02"), "/tmp/same.txt", "db02\n");

        assertThat(lab.host("db01").root().resolve("tmp/same.txt")).hasContent("db01");
        assertThat(lab.host("db02").root().resolve("tmp/same.txt")).hasContent("db02");
        try (ClientSession session = client.loginWithKey(lab.host("db01"));
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            try (var in = sftp.read("/tmp/same.txt")) {
                assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("db01\n");
            }
        }
    }

    @Test
    void dotDotCannotLeaveTheHostsRoot() throws Exception {
        upload(lab.host("h3"), "/../../../../escaped.txt", "still inside\n");

        assertThat(lab.host("h3").root().resolve("escaped.txt")).hasContent("still inside");
        assertThat(filesNamed("escaped.txt")).containsExactly(lab.host("h3").root().resolve("escaped.txt"));
        assertThat(lab.directory().getParent().resolve("escaped.txt")).doesNotExist();
    }

    @Test
    void aMissingRemoteFileIsAnSftpError() throws Exception {
        try (ClientSession session = client.loginWithKey(lab.host("h1"));
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session)) {
            assertThatThrownBy(() -> sftp.stat("/tmp/no-such-file")).isInstanceOf(IOException.class);
        }
    }

    private static void upload(LabHost host, String remotePath, String content) throws IOException {
        try (ClientSession session = client.loginWithKey(host);
             SftpClient sftp = SftpClientFactory.instance().createSftpClient(session);
             OutputStream out = sftp.write(remotePath)) {
            out.write(content.getBytes(StandardCharsets.UTF_8));
        }
    }

    private static java.util.List<Path> filesNamed(String name) throws IOException {
        try (Stream<Path> files = Files.walk(lab.directory())) {
            return files.filter(p -> p.getFileName().toString().equals(name)).toList();
        }
    }
}
