package dev.fanout.core.exec;

/**
 * A number of hosts, given as a count ({@code 3}) or as a share of some total ({@code 30%}), as Ansible's
 * {@code serial} and {@code max_fail_percentage} take them. Immutable.
 *
 * @param value   the count, or the percentage when {@code percent}; never negative
 * @param percent whether {@code value} is a percentage
 */
public record HostCount(int value, boolean percent) {

    public HostCount {
        if (value < 0) {
            throw new IllegalArgumentException("host count < 0: " + value + (percent ? "%" : ""));
        }
    }

    /** Exactly {@code n} hosts. */
    public static HostCount of(int n) {
        return new HostCount(n, false);
    }

    /** {@code p} percent of the hosts. */
    public static HostCount percentOf(int p) {
        return new HostCount(p, true);
    }

    /** Reads {@code 3} or {@code 30%}; throws IllegalArgumentException naming the text when it is neither. */
    public static HostCount parse(String text) {
        String digits = text.endsWith("%") ? text.substring(0, text.length() - 1) : text;
        if (digits.isEmpty() || digits.length() > 9 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new IllegalArgumentException("not a number of hosts (N or N%): '" + text + "'");
        }
        return new HostCount(Integer.parseInt(digits), digits.length() != text.length());
    }

    /** How many hosts this is out of {@code total}: a percentage rounds down. */
    public int resolve(int total) {
        return percent ? (int) ((long) total * value / 100) : value;
    }

    @Override
    public String toString() {
        return value + (percent ? "%" : "");
    }
}
