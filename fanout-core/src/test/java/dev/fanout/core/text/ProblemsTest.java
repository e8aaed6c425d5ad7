package dev.fanout.core.text;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;

import static org.assertj.core.api.Assertions.assertThat;

class ProblemsTest {

    @Test
    void aLocalFailureIsDescribedWithoutItsClassName() {
        assertThat(Problems.of(new IOException("Is a directory\nmore"))).isEqualTo("Is a directory");
        assertThat(Problems.of(new UncheckedIOException(new IOException("disk full")))).isEqualTo("disk full");
        assertThat(Problems.of(new IllegalStateException())).isEqualTo("illegal state");
        assertThat(Problems.of(new IOException("java.nio.file.FileSystemException: /x: busy"))).isEqualTo("/x: busy");
    }
}
