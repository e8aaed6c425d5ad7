package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** fanout hosts prints what it is given safely, and no more than about as much. */
class HostsOutputTest {

    @Test
    void oneHugeValueGivesOutputLinearInTheInventoryNotItsWidestCellTimesItsRows(@TempDir Path dir)
            throws IOException {
        StringBuilder ini = new StringBuilder("[big]\naddress = " + "a".repeat(100_000) + "\n");
        for (int i = 0; i < 2_000; i++) {
            ini.append("[h").append(i).append("]\naddress = 127.0.0.1\n");
        }
        Path inventory = Files.writeString(dir.resolve("hosts.ini"), ini);

        Cli.Result r = new Cli().env("HOME", dir.toString()).run("hosts", "-i", inventory.toString(), "-F", "none");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out().length()).as("output size").isLessThan(4 * (int) Files.size(inventory));
        assertThat(r.out()).contains("a".repeat(100_000));
        assertThat(r.out().lines().filter(l -> l.startsWith("h1 ")).findFirst().orElseThrow())
                .startsWith("h1   ").contains("127.0.0.1");
    }

    @Test
    void controlCharactersInAValueAreShownInCaretNotation(@TempDir Path dir) throws IOException {
        Path inventory = Files.writeString(dir.resolve("hosts.ini"),
                "[h1]\naddress = 127.0.0.1\nuser = ev\u001b]0;x\u0007il\n");

        Cli.Result r = new Cli().env("HOME", dir.toString()).run("hosts", "-i", inventory.toString(), "-F", "none");

        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).contains("ev^[]0;x^Gil").doesNotContain("\u001b").doesNotContain("\u0007");
    }
}
