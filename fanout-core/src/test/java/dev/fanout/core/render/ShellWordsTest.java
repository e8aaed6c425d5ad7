package dev.fanout.core.render;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ShellWordsTest {
    @Test
    void plainWordsStayAsTheyAre() {
        assertThat(ShellWords.join(List.of("fanout", "run", "-g", "web_clusters,db_servers", "-x", "web[01-02]")))
                .isEqualTo("fanout run -g web_clusters,db_servers -x 'web[01-02]'");
        assertThat(ShellWords.join(List.of("--timeout=5s", "/etc/app/", "user@h1:22"))).isEqualTo(
                "--timeout=5s /etc/app/ user@h1:22");
    }

    @Test
    void wordsWithSpacesQuotesOrShellCharactersAreSingleQuoted() {
        assertThat(ShellWords.quote("df -h")).isEqualTo("'df -h'");
        assertThat(ShellWords.quote("it's")).isEqualTo("'it'\\''s'");
        assertThat(ShellWords.quote("$HOME")).isEqualTo("'$HOME'");
        assertThat(ShellWords.quote("a;b|c&d")).isEqualTo("'a;b|c&d'");
        assertThat(ShellWords.quote("*")).isEqualTo("'*'");
    }

    @Test
    void anEmptyWordIsTwoQuotes() {
        assertThat(ShellWords.quote("")).isEqualTo("''");
    }
}
