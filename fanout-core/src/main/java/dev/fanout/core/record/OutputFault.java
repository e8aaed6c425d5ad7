package dev.fanout.core.record;

import java.util.Objects;

/**
 * A host whose recorded output is not what it sent, as its end event in the record counted it: a file shorter
 * than what was sent (the disk was full, the file was cut or deleted later) or with other bytes in it. Immutable.
 *
 * @param host    the host
 * @param sent    how many bytes the host sent, stdout and stderr together
 * @param found   how many of them the record's files hold (at most {@code sent})
 * @param changed whether the files hold as many bytes as were sent but not the same ones
 */
public record OutputFault(String host, long sent, long found, boolean changed) {
    public OutputFault {
        Objects.requireNonNull(host, "host");
    }
}
