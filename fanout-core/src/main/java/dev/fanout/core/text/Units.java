package dev.fanout.core.text;

import java.time.Duration;

/** Formats durations and sizes the way a person reads them: {@code 850 ms}, {@code 1.25 s}, {@code 3.4 MiB}. Stateless. */
public final class Units {
    private static final String[] BYTE_UNITS = {"B", "KiB", "MiB", "GiB", "TiB"};

    private Units() {
    }

    /** {@code 850 ms}, {@code 1.25 s}, {@code 3 min 5 s}. */
    public static String duration(Duration d) {
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

    /** {@code 512 B}, {@code 1.5 KiB}, {@code 10.0 MiB}. */
    public static String bytes(long n) {
        if (n < 1024) {
            return n + " B";
        }
        double value = n;
        int unit = 0;
        while (value >= 1024 && unit < BYTE_UNITS.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(java.util.Locale.ROOT, "%.1f %s", value, BYTE_UNITS[unit]);
    }
}
