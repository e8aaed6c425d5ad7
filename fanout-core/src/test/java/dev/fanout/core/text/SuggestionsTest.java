package dev.fanout.core.text;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuggestionsTest {
    @Test
    void aSwapOfNeighboursCountsAsOneChange() {
        assertThat(Suggestions.distance("rnu", "run")).isEqualTo(1);
        assertThat(Suggestions.distance("--exlude", "--exclude")).isEqualTo(1);
        assertThat(Suggestions.distance("", "abc")).isEqualTo(3);
    }

    @Test
    void theClosestCandidateIsSuggestedOnlyWhenItIsCloseForTheWordsLength() {
        List<String> commands = List.of("run", "put", "get", "hosts", "history", "show", "lab");

        assertThat(Suggestions.closest("rnu", commands)).contains("run");
        assertThat(Suggestions.closest("hots", commands)).contains("hosts");
        assertThat(Suggestions.closest("deploy", commands)).isEmpty();
    }
}
