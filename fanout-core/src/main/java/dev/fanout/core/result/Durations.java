package dev.fanout.core.result;

import java.time.Duration;

/** Formats durations the way a person reads them in a summary: {@code 850 ms}, {@code 1.25 s}, {@code 3 min 5 s}. */
public final class Durations {
    private Durations() {
    }

    public static String format(Duration d) {
        long ms = d.toMillis();
        if (ms < 1000) {
            return ms + " ms";
        }
        if (ms < 60_000) {
            String s = String.format(java.util.Locale.ROOT, "%.2f", ms / 1000.0);
            s = s.replaceAll("\\.?0+$", "");
            return s + " s";
        }
        long seconds = d.toSeconds();
        return seconds / 60 + " min " + seconds % 60 + " s";
    }
}
