package dev.fanout.core.record;

import java.util.Objects;

/**
 * One host's recorded file for one stream, read whole and compared with what the host sent. Immutable.
 *
 * @param size   the file's bytes (0 when it does not exist)
 * @param sha256 the SHA-256 of the whole file
 * @param sent   how many bytes the host sent on the stream, or -1 when the record does not say (the host had not
 *               finished, or the record is older than these counts)
 * @param intact whether the file holds what was sent: the same bytes, possibly followed by output that arrived
 *               after the host's end; true when the record does not say
 */
public record StreamCheck(long size, String sha256, long sent, boolean intact) {
    public StreamCheck {
        Objects.requireNonNull(sha256, "sha256");
    }
}
