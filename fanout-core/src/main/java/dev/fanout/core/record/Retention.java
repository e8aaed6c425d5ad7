package dev.fanout.core.record;

import java.time.Duration;
import java.util.Objects;

/**
 * How many run records are kept: the {@code keep} newest, and none older than {@code maxAge}. Immutable.
 *
 * @param keep   how many of the newest records survive pruning, the new run's own included; at least 1
 * @param maxAge records started longer ago than this are deleted even when among the newest
 */
public record Retention(int keep, Duration maxAge) {
    /** The policy of every run: the 100 newest records, none older than 30 days. */
    public static final Retention DEFAULT = new Retention(100, Duration.ofDays(30));

    public Retention {
        if (keep < 1) {
            throw new IllegalArgumentException("keep < 1: " + keep);
        }
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge not positive: " + maxAge);
        }
    }
}
