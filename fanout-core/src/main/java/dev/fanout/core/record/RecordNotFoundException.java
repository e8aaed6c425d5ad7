package dev.fanout.core.record;

/** No run record matches what was asked for; the message is one line that names it, fit for the user. */
public final class RecordNotFoundException extends Exception {
    public RecordNotFoundException(String message) {
        super(message);
    }
}
