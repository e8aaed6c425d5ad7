package dev.fanout.core.select;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SelectionTest {

    @Test
    void eachItemIsParsedOnceIntoNamesOrAGroup() throws Exception {
        Selection selection = Selection.parse(List.of("web[01-02],@db web01"), List.of("@edge, lb"), List.of("web02"),
                List.of("old"), false);

        assertThat(selection.include()).containsExactly(
                new Selection.Names(List.of("web01", "web02"), "web[01-02]"), new Selection.Group("db", "@db"),
                new Selection.Names(List.of("web01"), "web01"), new Selection.Group("edge", "@edge"),
                new Selection.Group("lb", "lb"));
        assertThat(selection.exclude()).containsExactly(new Selection.Names(List.of("web02"), "web02"),
                new Selection.Group("old", "old"));
    }

    @Test
    void namesAreTheHostsAskedForByNameInOrderWithoutRepeats() throws Exception {
        Selection selection = Selection.builder().hosts("b,a").names(List.of("c", "a", "c"), "@failed").build();

        assertThat(selection.names()).containsExactly("b", "a", "c");
        assertThat(selection.namesOnly()).isTrue();
        assertThat(Selection.builder().hosts("a,@web").build().namesOnly()).isFalse();
        assertThat(Selection.ALL.namesOnly()).isFalse();
    }

    @Test
    void blankItemsAndExclusionsAloneSelectNothing() throws Exception {
        Selection selection = Selection.parse(List.of(" ", ","), List.of(""), List.of("web01"), null, false);

        assertThat(selection.isEmpty()).isTrue();
        assertThat(selection.namesOnly()).isFalse();
    }

    @Test
    void aMalformedItemIsAnErrorNamingItsText() {
        assertThatThrownBy(() -> Selection.builder().hosts("@db, web[3-1]"))
                .isInstanceOf(SelectionException.class)
                .hasMessage("bad range 'web[3-1]' in '@db, web[3-1]': start > end");
        assertThatThrownBy(() -> Selection.builder().excludeHosts("a,@")).hasMessage("'@' must be followed by a group name");
    }
}
