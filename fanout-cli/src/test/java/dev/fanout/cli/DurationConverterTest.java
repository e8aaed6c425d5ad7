package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DurationConverterTest {
    private final DurationConverter converter = new DurationConverter();

    @Test
    void plainNumbersAreSecondsAndUnitsAreMillisecondsSecondsMinutesAndHours() {
        assertThat(converter.convert("10")).isEqualTo(Duration.ofSeconds(10));
        assertThat(converter.convert("2.5")).isEqualTo(Duration.ofMillis(2500));
        assertThat(converter.convert("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(converter.convert(" 30 s ")).isEqualTo(Duration.ofSeconds(30));
        assertThat(converter.convert("1.5m")).isEqualTo(Duration.ofSeconds(90));
        assertThat(converter.convert("2min")).isEqualTo(Duration.ofMinutes(2));
        assertThat(converter.convert("0.001h")).isEqualTo(Duration.ofMillis(3600));
    }

    @Test
    void fractionsOfAMillisecondAreDropped() {
        assertThat(converter.convert("1.0009s")).isEqualTo(Duration.ofMillis(1000));
        assertThat(converter.convert("2.9ms")).isEqualTo(Duration.ofMillis(2));
        assertThat(converter.convert("0.00000028h")).isEqualTo(Duration.ofMillis(1));
    }

    @Test
    void zeroAndMalformedValuesAreRejected() {
        for (String bad : List.of("0", "0.4ms", "-1", "1.", ".5", "1e3", "5 days", "1,5", "")) {
            assertThatThrownBy(() -> converter.convert(bad)).as(bad)
                    .isInstanceOf(CommandLine.TypeConversionException.class);
        }
    }

    @Test
    void everyValueConvertsAsWithDecimalArithmetic() {
        Random random = new Random(42);
        String[] units = {"", "ms", "s", "m", "min", "h"};
        for (int i = 0; i < 10_000; i++) {
            String number = Long.toString(random.nextLong(1, 1_000_000_000L) >> random.nextInt(30));
            if (random.nextBoolean()) {
                String digits = Long.toString(random.nextLong(0, Long.MAX_VALUE));
                number += "." + digits.substring(random.nextInt(digits.length()));
            }
            String unit = units[random.nextInt(units.length)];
            BigDecimal millis = new BigDecimal(number).multiply(BigDecimal.valueOf(switch (unit) {
                case "ms" -> 1;
                case "", "s" -> 1_000;
                case "m", "min" -> 60_000;
                default -> 3_600_000;
            }));
            String value = number + unit;
            if (millis.compareTo(BigDecimal.valueOf(DurationConverter.MAX.toMillis())) > 0) {
                assertThatThrownBy(() -> converter.convert(value)).as(value)
                        .hasMessageEndingWith("is too long a duration (at most 365 days)");
            } else if (millis.longValue() > 0) {
                assertThat(converter.convert(value)).as(value).isEqualTo(Duration.ofMillis(millis.longValue()));
            }
        }
    }

    /** Found by OptionValuesFuzzTest: 9223372036854775807 seconds wrapped around to a negative duration. */
    @Test
    void aDurationTooLongToHoldIsRefusedNotWrappedAround() {
        assertThatThrownBy(() -> converter.convert("9223372036854775807"))
                .isInstanceOf(CommandLine.TypeConversionException.class)
                .hasMessage("'9223372036854775807' is too long a duration (at most 365 days)");
        assertThatThrownBy(() -> converter.convert("99999999999999999999h"))
                .hasMessage("'99999999999999999999h' is too long a duration (at most 365 days)");
        assertThat(converter.convert("8760h")).isEqualTo(Duration.ofDays(365));
    }

    /** Found by OptionValuesFuzzTest: a value holding a line break broke the one-line message. */
    @Test
    void aValueWithALineBreakIsShownInCaretNotationInTheMessage() {
        assertThatThrownBy(() -> converter.convert("1\nx")).hasMessage(
                "'1^Jx' is not a duration (examples: 10, 2.5, 500ms, 30s, 5m, 1h)");
    }
}
