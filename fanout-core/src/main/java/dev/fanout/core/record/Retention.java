package dev.fanout.core.record;

import java.time.Duration;
import java.util.Objects;

/**
 * Which run records are kept: the {@code keep} newest, none older than {@code maxAge}, and only as many of the newest
 * as fit together in {@code maxBytes}. Immutable.
 *
 * @param keep     how many of the newest records survive pruning, the new run's own included; at least 1
 * @param maxAge   records started longer ago than this are deleted even when among the newest
 * @param maxBytes the newest records are kept while their sizes (the bytes of their files) add up to at most this;
 *                 the first older one that does not fit is deleted, and every record older than it. The new run's
 *                 own record is never deleted, however much it grows; at least 1
 */
public record Retention(int keep, Duration maxAge, long maxBytes) {
    /** The policy of every run: the 100 newest records, none older than 30 days, at most 1 GiB in all. */
    public static final Retention DEFAULT = new Retention(100, Duration.ofDays(30), 1L << 30);

    public Retention {
        if (keep < 1) {
            throw new IllegalArgumentException("keep < 1: " + keep);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge not positive: " + maxAge);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes < 1: " + maxBytes);
        }
    }
}
