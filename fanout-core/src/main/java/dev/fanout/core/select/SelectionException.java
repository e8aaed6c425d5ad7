package dev.fanout.core.select;

/**
 * A host pattern that cannot be parsed or a selection that names unknown hosts or groups, or selects nothing.
 * Immutable. The message is one line that names the offending value.
 */
public final class SelectionException extends Exception {
    public SelectionException(String message) {
        super(message);
    }
}
