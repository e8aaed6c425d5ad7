package dev.fanout.cli;

import dev.fanout.core.text.SafeText;
import picocli.CommandLine;

import java.math.BigInteger;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads a duration option: seconds as a plain number ({@code 10}, {@code 2.5}) or with a unit: ms, s, m, h.
 * Exact, truncated to milliseconds. BigInteger rather than BigDecimal: every job converts its default
 * --connect-timeout, and BigDecimal's class initialisation alone (JDK 25: it squares 5^(2^n) up to large n) costs
 * the main thread about 20 ms in a fresh JVM.
 */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
    private static final Pattern FORM = Pattern.compile("(\\d+)(?:\\.(\\d+))?\\s*(ms|s|m|min|h)?");
    /** The longest duration taken: a year is more than any timeout needs, and far from overflowing nanoseconds. */
    static final Duration MAX = Duration.ofDays(365);

    @Override
    public Duration convert(String value) {
        Matcher m = FORM.matcher(value.trim());
        if (!m.matches()) {
            throw new CommandLine.TypeConversionException(
                    "'" + SafeText.of(value) + "' is not a duration (examples: 10, 2.5, 500ms, 30s, 5m, 1h)");
        }
        String fraction = m.group(2) == null ? "" : m.group(2);
        long unitMillis = switch (m.group(3) == null ? "s" : m.group(3)) {
            case "ms" -> 1;
            case "s" -> 1_000;
            case "m", "min" -> 60_000;
            default -> 3_600_000;
        };
        // "2.5" in s: 25 * 1000 / 10
        BigInteger millis = new BigInteger(m.group(1) + fraction).multiply(BigInteger.valueOf(unitMillis))
                .divide(BigInteger.TEN.pow(fraction.length()));
        if (millis.compareTo(BigInteger.valueOf(MAX.toMillis())) > 0) {
            throw new CommandLine.TypeConversionException("'" + SafeText.of(value) + "' is too long a duration (at "
                    + "most " + MAX.toDays() + " days)");
        }
        Duration d = Duration.ofMillis(millis.longValue());
        if (d.isZero()) {
            throw new CommandLine.TypeConversionException("'" + SafeText.of(value) + "' is not a positive duration");
        }
        return d;
    }
}
