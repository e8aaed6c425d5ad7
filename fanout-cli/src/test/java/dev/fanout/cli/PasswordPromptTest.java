package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class PasswordPromptTest {
    @Test
    void thePasswordPromptNamesUsersAndFoldedHostsOrOnlyTheirCountWhenTheyAreMany() {
        List<Host> few = List.of(Host.of("web01", "a", 22, "deploy"), Host.of("web02", "a", 22, "deploy"),
                Host.of("db1", "a", 22, "root"));
        List<Host> many = IntStream.range(0, 40).mapToObj(i -> Host.of("n" + i * 2, "a", 22, "u" + i)).toList();

        assertThat(PasswordPrompt.whom(few)).isEqualTo("deploy@web[01-02], root@db1");
        assertThat(PasswordPrompt.whom(many)).isEqualTo("40 hosts");
    }
}
