package dev.fanout.core.select;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NodeSetTest {

    @Test
    void aPlainNameIsItself() throws Exception {
        assertThat(NodeSet.expand("web01")).containsExactly("web01");
    }

    @Test
    void aRangeKeepsTheZeroPaddingOfItsStart() throws Exception {
        assertThat(NodeSet.expand("web[01-10]")).containsExactly("web01", "web02", "web03", "web04", "web05",
                "web06", "web07", "web08", "web09", "web10");
        assertThat(NodeSet.expand("n[8-10]")).containsExactly("n8", "n9", "n10");
        assertThat(NodeSet.expand("n[098-101]")).containsExactly("n098", "n099", "n100", "n101");
        assertThat(NodeSet.expand("n[0-2]")).containsExactly("n0", "n1", "n2");
    }

    @Test
    void bracketsHoldListsOfNumbersAndRanges() throws Exception {
        assertThat(NodeSet.expand("web[01-03,07]")).containsExactly("web01", "web02", "web03", "web07");
        assertThat(NodeSet.expand("web[7, 01-02]")).containsExactly("web01", "web02", "web7");
    }

    @Test
    void aRangeMayHaveAStep() throws Exception {
        assertThat(NodeSet.expand("n[1-9/2]")).containsExactly("n1", "n3", "n5", "n7", "n9");
        assertThat(NodeSet.expand("n[01-10/3]")).containsExactly("n01", "n04", "n07", "n10");
    }

    @Test
    void severalBracketsExpandToEveryCombination() throws Exception {
        assertThat(NodeSet.expand("r[1-2]n[1-3]"))
                .containsExactly("r1n1", "r1n2", "r1n3", "r2n1", "r2n2", "r2n3");
    }

    @Test
    void itemsAreSeparatedByCommasOrWhitespaceAndComeOutDistinctInNaturalOrder() throws Exception {
        assertThat(NodeSet.expand("web10, web[1-2] db1\tweb2,,")).containsExactly("db1", "web1", "web2", "web10");
    }

    @Test
    void aBlankPatternStandsForNoNames() throws Exception {
        assertThat(NodeSet.expand("")).isEmpty();
        assertThat(NodeSet.expand(" , ")).isEmpty();
    }

    @Test
    void aRangeThatRunsBackwardsIsAnErrorNamingItemAndPattern() {
        assertThatThrownBy(() -> NodeSet.expand("web[3-1]")).isInstanceOf(SelectionException.class)
                .hasMessage("bad range 'web[3-1]' in 'web[3-1]': start > end");
        assertThatThrownBy(() -> NodeSet.expand("db1,web[3-1]"))
                .hasMessage("bad range 'web[3-1]' in 'db1,web[3-1]': start > end");
    }

    @Test
    void malformedBracketsAreErrors() {
        assertThatThrownBy(() -> NodeSet.expand("web[01")).hasMessage("bad range 'web[01' in 'web[01': '[' without ']'");
        assertThatThrownBy(() -> NodeSet.expand("web]01")).hasMessage("bad range 'web]01' in 'web]01': ']' without '['");
        assertThatThrownBy(() -> NodeSet.expand("a[[1]]")).hasMessage("bad range 'a[[1]]' in 'a[[1]]': brackets cannot nest");
        assertThatThrownBy(() -> NodeSet.expand("a[]")).hasMessage("bad range 'a[]' in 'a[]': empty brackets");
        assertThatThrownBy(() -> NodeSet.expand("a[1,,2]"))
                .hasMessage("bad range 'a[1,,2]' in 'a[1,,2]': empty element in '[1,,2]'");
        assertThatThrownBy(() -> NodeSet.expand("a[x-2]"))
                .hasMessage("bad range 'a[x-2]' in 'a[x-2]': 'x-2' is not N, A-B or A-B/STEP");
        assertThatThrownBy(() -> NodeSet.expand("a[-2]"))
                .hasMessage("bad range 'a[-2]' in 'a[-2]': '-2' is not N, A-B or A-B/STEP");
    }

    @Test
    void aZeroStepAndMismatchedPaddingAreErrors() {
        assertThatThrownBy(() -> NodeSet.expand("a[1-5/0]")).hasMessage("bad range 'a[1-5/0]' in 'a[1-5/0]': step must be at least 1");
        assertThatThrownBy(() -> NodeSet.expand("a[1-010]"))
                .hasMessage("bad range 'a[1-010]' in 'a[1-010]': '1' and '010' are padded differently");
    }

    @Test
    void aPatternCannotExpandToMoreThanTheLimit() {
        assertThatThrownBy(() -> NodeSet.expand("a[1-1000000]"))
                .hasMessage("bad range 'a[1-1000000]' in 'a[1-1000000]': more than 100000 names");
        assertThatThrownBy(() -> NodeSet.expand("a[1-1000]b[1-1000]"))
                .hasMessageEndingWith("more than 100000 names");
        assertThatThrownBy(() -> NodeSet.expand("a[1-1234567890123456789]"))
                .hasMessageEndingWith("number too large in '1-1234567890123456789'");
        assertThatThrownBy(() -> NodeSet.expand("a[1-60000],b[1-60000]"))
                .hasMessage("bad pattern 'a[1-60000],b[1-60000]': more than 100000 names");
    }

    @Test
    void foldMergesNamesThatDifferInANumberIntoRangesInNaturalOrder() {
        assertThat(NodeSet.fold(List.of("web01", "web02", "web03", "web07", "db1"))).isEqualTo("db1,web[01-03,07]");
    }

    @Test
    void foldKeepsPaddingAndDoesNotMixPaddedAndUnpaddedRuns() {
        assertThat(NodeSet.fold(List.of("n8", "n9", "n10"))).isEqualTo("n[8-10]");
        assertThat(NodeSet.fold(List.of("n08", "n09", "n10"))).isEqualTo("n[08-10]");
        assertThat(NodeSet.fold(List.of("n1", "n01", "n02", "n2"))).isEqualTo("n[01-02,1-2]");
        assertThat(NodeSet.fold(List.of("n099", "n100", "n101"))).isEqualTo("n[099-101]");
    }

    @Test
    void foldMergesSeveralDimensions() {
        assertThat(NodeSet.fold(List.of("r1n1", "r1n2", "r1n3", "r2n1", "r2n2", "r2n3"))).isEqualTo("r[1-2]n[1-3]");
        assertThat(NodeSet.fold(List.of("r1n1", "r1n2", "r2n1"))).isEqualTo("r1n[1-2],r2n1");
        assertThat(NodeSet.fold(List.of("10.0.0.5", "10.0.0.6", "10.0.1.5", "10.0.1.6"))).isEqualTo("10.0.[0-1].[5-6]");
    }

    @Test
    void foldLeavesNamesWithoutNumbersAndSingleNamesAlone() {
        assertThat(NodeSet.fold(List.of("beta", "alpha", "web3"))).isEqualTo("alpha,beta,web3");
        assertThat(NodeSet.fold(List.of())).isEmpty();
        assertThat(NodeSet.fold(List.of("a1b", "a2b", "a1c"))).isEqualTo("a[1-2]b,a1c");
    }

    @Test
    void foldTreatsVeryLongDigitRunsAsText() {
        String big = "n1234567890123456789";
        assertThat(NodeSet.fold(List.of(big + "x1", big + "x2"))).isEqualTo(big + "x[1-2]");
    }

    @Test
    void foldRejectsNamesThatCannotAppearInAPattern() {
        assertThatThrownBy(() -> NodeSet.fold(List.of("a,b"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("cannot fold name 'a,b': it holds ','");
        assertThatThrownBy(() -> NodeSet.fold(List.of("a[1]"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeSet.fold(List.of("a b"))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> NodeSet.fold(List.of(""))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void naturalOrderComparesNumbersByValueThenByDigits() {
        List<String> names = new ArrayList<>(List.of("web10", "web2", "web1", "web01", "db", "web02", "web1a", "web"));
        names.sort(NodeSet.naturalOrder());
        assertThat(names).containsExactly("db", "web", "web01", "web1", "web1a", "web02", "web2", "web10");
    }

    @Test
    void expandingAFoldedRandomSetGivesBackTheSortedSet() throws Exception {
        Random random = new Random(20240611L);
        String[] texts = {"web", "db", "r", "n-", "x.y", "", "a_b"};
        for (int round = 0; round < 300; round++) {
            Set<String> names = new TreeSet<>();
            int count = 1 + random.nextInt(40);
            for (int i = 0; i < count; i++) {
                StringBuilder name = new StringBuilder(texts[random.nextInt(texts.length)]);
                int dimensions = random.nextInt(3);
                for (int d = 0; d < dimensions; d++) {
                    int width = 1 + random.nextInt(3);
                    name.append(String.format("%0" + width + "d", random.nextInt(25)));
                    if (random.nextBoolean()) {
                        name.append(texts[random.nextInt(texts.length)]);
                    }
                }
                if (name.isEmpty()) {
                    name.append("h");
                }
                names.add(name.toString());
            }
            List<String> sorted = new ArrayList<>(names);
            sorted.sort(NodeSet.naturalOrder());

            String folded = NodeSet.fold(names);

            assertThat(NodeSet.expand(folded)).as("fold %s = %s", names, folded).isEqualTo(sorted);
        }
    }

    /** Found by NodeSetFuzzTest: a line break inside brackets (a continued INI value, say) broke the message. */
    @Test
    void aLineBreakInsideBracketsIsShownEscapedSoTheMessageStaysOneLine() {
        assertThatThrownBy(() -> NodeSet.expand("h[1\n-2]")).isInstanceOf(SelectionException.class)
                .hasMessage("bad range 'h[1\\n-2]' in 'h[1\\n-2]': '1\\n-2' is not N, A-B or A-B/STEP");
    }
}
