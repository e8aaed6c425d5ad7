package dev.fanout.core.transport;

import dev.fanout.core.inventory.Secret;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LaunchOptionsTest {

    @Test
    void refusedVariablesAreExportedAheadOfTheCommandEachValueSingleQuoted() {
        LaunchOptions launch = LaunchOptions.PLAIN.withVariable("A", Secret.of("it's $HOME"))
                .withVariable("B", Secret.of("")).withVariable("C", Secret.of("kept out"));

        assertThat(launch.prefixed("echo \"$A\"", List.of("B", "A")))
                .isEqualTo("export A='it'\\''s $HOME' B=''; echo \"$A\"");
        assertThat(launch.prefixed("true", List.of())).isEqualTo("true");
    }

    @Test
    void aNameThatIsNotAShellVariablesIsRefused() {
        for (String name : List.of("", "1A", "A-B", "A=B", "A B", "é")) {
            assertThatThrownBy(() -> LaunchOptions.PLAIN.withVariable(name, Secret.of("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not a valid variable name");
        }
        assertThat(LaunchOptions.isValidName("_private9")).isTrue();
    }

    @Test
    void noTextFormOrErrorShowsAValue() {
        LaunchOptions launch = LaunchOptions.PLAIN.withTerminal("xterm").withVariable("TOKEN", Secret.of("hunter2"));

        assertThat(launch.toString()).isEqualTo("LaunchOptions[terminal=xterm, environment=[TOKEN]]");
        assertThatThrownBy(() -> launch.withVariable("NUL", Secret.of("hun\0ter2")))
                .hasMessage("the value of NUL holds a NUL character");
    }

    @Test
    void aLaterValueOfANameReplacesTheEarlierOne() {
        Map<String, Secret> variables = new LinkedHashMap<>(LaunchOptions.PLAIN.withVariable("A", Secret.of("1"))
                .withVariable("B", Secret.of("2")).withVariable("A", Secret.of("3")).environment());

        assertThat(variables).containsExactly(Map.entry("B", Secret.of("2")), Map.entry("A", Secret.of("3")));
    }

    @Test
    void plainOptionsChangeNothing() {
        assertThat(LaunchOptions.PLAIN.isPlain()).isTrue();
        assertThat(LaunchOptions.PLAIN.withTerminal("dumb").isPlain()).isFalse();
    }
}
