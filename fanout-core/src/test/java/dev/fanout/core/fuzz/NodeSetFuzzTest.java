package dev.fanout.core.fuzz;

import dev.fanout.testkit.Fuzz;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AddLifecycleHook;

import java.util.List;
import java.util.TreeSet;

import static dev.fanout.core.fuzz.Inputs.weighted;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Node sets: every pattern expands to at most {@link NodeSet#MAX_NAMES} names or fails with a one-line
 * SelectionException, within the time limit; and folding the names gives a pattern that expands to them again.
 */
@AddLifecycleHook(Fuzz.Budget.class)
class NodeSetFuzzTest {

    @Property(tries = 500, edgeCases = EdgeCasesMode.MIXIN)
    void aPatternExpandsToBoundedNamesThatFoldBackOrFailsOnOneLine(@ForAll("patterns") String pattern)
            throws Exception {
        Fuzz.within(() -> {
            List<String> names;
            try {
                names = NodeSet.expand(pattern);
            } catch (SelectionException e) {
                Fuzz.assertOneLine(e.getMessage());
                return null;
            }
            assertThat(names.size()).isLessThanOrEqualTo(NodeSet.MAX_NAMES);
            if (names.size() <= 5_000) {
                var sorted = new TreeSet<>(NodeSet.naturalOrder());
                sorted.addAll(names);
                assertThat(NodeSet.expand(NodeSet.fold(names))).containsExactlyElementsOf(sorted);
            }
            return null;
        });
    }

    @Provide
    Arbitrary<String> patterns() {
        return Arbitraries.frequencyOf(
                weighted(6, Inputs.patterns()),
                weighted(2, Inputs.ranges().list().ofMaxSize(4).map(list -> "h" + String.join("x", list))),
                weighted(2, Inputs.noise()),
                weighted(1, Arbitraries.of("h[1-999999999]", "h[1-99999][1-99999]", "h[1-2\n]", "h[1\n-2]",
                        "h[01-9]", "h[1-10/3]", "a[1-3]b[01-02]c", "[1-3]", "h[1-3],h[2-5] h6", "h[0000-0002]")));
    }
}
