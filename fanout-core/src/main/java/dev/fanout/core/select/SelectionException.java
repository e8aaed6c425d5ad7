package dev.fanout.core.select;

import dev.fanout.core.text.OneLine;

/**
 * A host pattern that cannot be parsed or a selection that names unknown hosts or groups, or selects nothing.
 * Immutable. The message is one line that names the offending value: a line break or other control character in a
 * quoted value is shown escaped ({@code \n}, {@code \u0007}).
 */
public final class SelectionException extends Exception {
    public SelectionException(String message) {
        super(OneLine.of(message));
    }
}
