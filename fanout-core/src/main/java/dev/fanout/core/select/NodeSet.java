package dev.fanout.core.select;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Host name patterns in the style of ClusterShell's NodeSet: expanding {@code web[01-03,07]} into names and folding
 * names back into such a pattern. Stateless and thread-safe.
 *
 * <p>A pattern is a list of items separated by commas and/or whitespace (outside brackets). An item is a name that
 * may hold bracketed ranges, each a comma-separated list of numbers {@code N}, ranges {@code A-B} and stepped ranges
 * {@code A-B/S}; an item with several brackets expands to every combination ({@code r[1-2]n[1-3]} is six names).
 * A range whose start has a leading zero is padded to the start's width ({@code [01-10]} gives 01 to 10,
 * {@code [8-10]} gives 8, 9, 10); a single number is kept as written.
 */
public final class NodeSet {
    /** The most names one pattern may expand to, so that a typo cannot exhaust memory. */
    public static final int MAX_NAMES = 100_000;

    private static final int MAX_DIGITS = 18;
    private static final Pattern ELEMENT = Pattern.compile("(\\d+)(?:-(\\d+)(?:/(\\d+))?)?");
    private static final Comparator<String> NATURAL = NodeSet::compareNatural;

    private NodeSet() {
    }

    /**
     * The names a pattern stands for, without duplicates, in {@linkplain #naturalOrder() natural order}; an empty
     * or blank pattern stands for no names.
     *
     * @throws SelectionException naming the bad item and the pattern, e.g.
     *                            {@code bad range 'web[3-1]' in 'web[3-1]': start > end}
     */
    public static List<String> expand(String pattern) throws SelectionException {
        TreeSet<String> names = new TreeSet<>(NATURAL);
        for (String item : items(pattern)) {
            names.addAll(expandItem(item, pattern));
            if (names.size() > MAX_NAMES) {
                throw new SelectionException("bad pattern '" + pattern + "': more than " + MAX_NAMES + " names");
            }
        }
        return List.copyOf(names);
    }

    /**
     * The shortest pattern this class folds {@code names} into: names that differ only in numbers become ranges,
     * padding is kept, items come in natural order ({@code web01,web02,web03,web07,db1} gives
     * {@code db1,web[01-03,07]}); {@code expand(fold(names))} is the sorted, distinct {@code names}.
     *
     * @throws IllegalArgumentException if a name is empty or holds a comma, a bracket or whitespace
     */
    public static String fold(Collection<String> names) {
        Map<List<String>, List<String[]>> shapes = new LinkedHashMap<>();
        List<String[]> plain = new ArrayList<>();
        for (String name : new TreeSet<>(names)) {
            checkFoldable(name);
            List<String> texts = new ArrayList<>();
            List<String> numbers = new ArrayList<>();
            split(name, texts, numbers);
            if (numbers.isEmpty()) {
                plain.add(new String[] {name, name});
            } else {
                shapes.computeIfAbsent(texts, k -> new ArrayList<>()).add(numbers.toArray(String[]::new));
            }
        }
        List<String[]> folded = new ArrayList<>(plain);
        for (Map.Entry<List<String>, List<String[]>> shape : shapes.entrySet()) {
            List<String> texts = shape.getKey();
            for (String[] ranges : foldDimensions(shape.getValue(), texts.size() - 1)) {
                StringBuilder item = new StringBuilder(texts.getFirst());
                StringBuilder first = new StringBuilder(texts.getFirst());
                for (int d = 0; d < ranges.length; d++) {
                    boolean many = ranges[d].indexOf(',') >= 0 || ranges[d].indexOf('-') >= 0;
                    item.append(many ? "[" + ranges[d] + "]" : ranges[d]).append(texts.get(d + 1));
                    first.append(ranges[d].split("[,-]", 2)[0]).append(texts.get(d + 1));
                }
                folded.add(new String[] {item.toString(), first.toString()});
            }
        }
        folded.sort((a, b) -> compareNatural(a[1], b[1]));
        StringBuilder out = new StringBuilder();
        for (String[] item : folded) {
            out.append(out.isEmpty() ? "" : ",").append(item[0]);
        }
        return out.toString();
    }

    /**
     * The order in which names are listed: numbers inside names compare by value ({@code web2} before
     * {@code web10}), equal values by their digits ({@code web01} before {@code web1}), everything else by character.
     */
    public static Comparator<String> naturalOrder() {
        return NATURAL;
    }

    /** The items of a pattern: split at commas and whitespace outside brackets, empty items dropped. */
    public static List<String> items(String pattern) {
        List<String> items = new ArrayList<>();
        StringBuilder item = new StringBuilder();
        int depth = 0;
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (depth == 0 && (c == ',' || Character.isWhitespace(c))) {
                if (!item.isEmpty()) {
                    items.add(item.toString());
                    item.setLength(0);
                }
                continue;
            }
            if (c == '[') {
                depth++;
            } else if (c == ']' && depth > 0) {
                depth--;
            }
            item.append(c);
        }
        if (!item.isEmpty()) {
            items.add(item.toString());
        }
        return items;
    }

    /** The names of one item of {@code pattern}, in bracket order, possibly repeated. */
    static List<String> expandItem(String item, String pattern) throws SelectionException {
        List<List<String>> parts = new ArrayList<>();
        StringBuilder text = new StringBuilder();
        long count = 1;
        for (int i = 0; i < item.length(); i++) {
            char c = item.charAt(i);
            if (c == ']') {
                throw bad(item, pattern, "']' without '['");
            }
            if (c != '[') {
                text.append(c);
                continue;
            }
            int close = item.indexOf(']', i + 1);
            if (close < 0) {
                throw bad(item, pattern, "'[' without ']'");
            }
            String ranges = item.substring(i + 1, close);
            if (ranges.indexOf('[') >= 0) {
                throw bad(item, pattern, "brackets cannot nest");
            }
            parts.add(List.of(text.toString()));
            text.setLength(0);
            List<String> values = rangeValues(ranges, item, pattern);
            count *= values.size();
            if (count > MAX_NAMES) {
                throw bad(item, pattern, "more than " + MAX_NAMES + " names");
            }
            parts.add(values);
            i = close;
        }
        parts.add(List.of(text.toString()));
        List<String> names = List.of("");
        for (List<String> part : parts) {
            List<String> next = new ArrayList<>(names.size() * part.size());
            for (String prefix : names) {
                for (String value : part) {
                    next.add(prefix + value);
                }
            }
            names = next;
        }
        return names;
    }

    private static List<String> rangeValues(String ranges, String item, String pattern) throws SelectionException {
        if (ranges.isBlank()) {
            throw bad(item, pattern, "empty brackets");
        }
        List<String> values = new ArrayList<>();
        for (String raw : ranges.split(",", -1)) {
            String element = raw.strip();
            Matcher m = ELEMENT.matcher(element);
            if (!m.matches()) {
                throw bad(item, pattern, element.isEmpty() ? "empty element in '[" + ranges + "]'"
                        : "'" + element + "' is not N, A-B or A-B/STEP");
            }
            String start = m.group(1);
            String end = m.group(2);
            for (int g = 1; g <= 3; g++) {
                if (m.group(g) != null && m.group(g).length() > MAX_DIGITS) {
                    throw bad(item, pattern, "number too large in '" + element + "'");
                }
            }
            if (end == null) {
                values.add(start);
                continue;
            }
            long from = Long.parseLong(start);
            long to = Long.parseLong(end);
            long step = m.group(3) == null ? 1 : Long.parseLong(m.group(3));
            int width = padded(start) ? start.length() : 0;
            if (from > to) {
                throw bad(item, pattern, "start > end");
            }
            if (step < 1) {
                throw bad(item, pattern, "step must be at least 1");
            }
            if (padded(end) && end.length() != start.length()) {
                throw bad(item, pattern, "'" + start + "' and '" + end + "' are padded differently");
            }
            if ((to - from) / step + 1 + values.size() > MAX_NAMES) {
                throw bad(item, pattern, "more than " + MAX_NAMES + " names");
            }
            for (long v = from; v <= to; v += step) {
                values.add(format(v, width));
            }
        }
        return values;
    }

    private static SelectionException bad(String item, String pattern, String reason) {
        return new SelectionException("bad range '" + item + "' in '" + pattern + "': " + reason);
    }

    private static boolean padded(String digits) {
        return digits.length() > 1 && digits.charAt(0) == '0';
    }

    private static String format(long value, int width) {
        String digits = Long.toString(value);
        return digits.length() >= width ? digits : "0".repeat(width - digits.length()) + digits;
    }

    private static void checkFoldable(String name) {
        if (name.isEmpty()) {
            throw new IllegalArgumentException("cannot fold an empty name");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == ',' || c == '[' || c == ']' || Character.isWhitespace(c)) {
                throw new IllegalArgumentException("cannot fold name '" + name + "': it holds '" + c + "'");
            }
        }
    }

    /** Splits a name into texts and numbers, text first and last; over-long digit runs stay text. */
    private static void split(String name, List<String> texts, List<String> numbers) {
        StringBuilder text = new StringBuilder();
        int i = 0;
        while (i < name.length()) {
            int end = i;
            while (end < name.length() && isDigit(name.charAt(end))) {
                end++;
            }
            if (end > i && end - i <= MAX_DIGITS) {
                texts.add(text.toString());
                text.setLength(0);
                numbers.add(name.substring(i, end));
                i = end;
            } else if (end > i) {
                text.append(name, i, end);
                i = end;
            } else {
                text.append(name.charAt(i++));
            }
        }
        texts.add(text.toString());
    }

    /**
     * Folds tuples of numbers one dimension at a time, last first: tuples equal except in dimension d merge into
     * one whose dimension d is a range list.
     */
    private static List<String[]> foldDimensions(List<String[]> tuples, int dimensions) {
        List<String[]> current = tuples;
        for (int d = dimensions - 1; d >= 0; d--) {
            Map<List<String>, List<String>> groups = new LinkedHashMap<>();
            for (String[] tuple : current) {
                String[] key = tuple.clone();
                key[d] = null;
                groups.computeIfAbsent(Arrays.asList(key), k -> new ArrayList<>()).add(tuple[d]);
            }
            List<String[]> next = new ArrayList<>(groups.size());
            for (Map.Entry<List<String>, List<String>> group : groups.entrySet()) {
                String[] tuple = group.getKey().toArray(String[]::new);
                tuple[d] = foldNumbers(group.getValue());
                next.add(tuple);
            }
            current = next;
        }
        return current;
    }

    /** Folds digit strings into a range list such as {@code 01-03,07}, runs of consecutive equally padded values. */
    private static String foldNumbers(List<String> numbers) {
        TreeSet<String> left = new TreeSet<>(
                Comparator.<String>comparingLong(Long::parseLong).thenComparing(Comparator.naturalOrder()));
        left.addAll(numbers);
        StringBuilder out = new StringBuilder();
        while (!left.isEmpty()) {
            String start = left.pollFirst();
            int width = padded(start) ? start.length() : 0;
            long value = Long.parseLong(start);
            String end = start;
            while (left.remove(format(value + 1, width))) {
                value++;
                end = format(value, width);
            }
            out.append(out.isEmpty() ? "" : ",").append(start);
            if (!end.equals(start)) {
                out.append('-').append(end);
            }
        }
        return out.toString();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static int compareNatural(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            char ca = a.charAt(i);
            char cb = b.charAt(j);
            if (!isDigit(ca) || !isDigit(cb)) {
                if (ca != cb) {
                    return Character.compare(ca, cb);
                }
                i++;
                j++;
                continue;
            }
            int ei = i;
            while (ei < a.length() && isDigit(a.charAt(ei))) {
                ei++;
            }
            int ej = j;
            while (ej < b.length() && isDigit(b.charAt(ej))) {
                ej++;
            }
            int zi = i;
            while (zi < ei - 1 && a.charAt(zi) == '0') {
                zi++;
            }
            int zj = j;
            while (zj < ej - 1 && b.charAt(zj) == '0') {
                zj++;
            }
            if (ei - zi != ej - zj) {
                return Integer.compare(ei - zi, ej - zj);
            }
            for (int k = 0; k < ei - zi; k++) {
                int c = Character.compare(a.charAt(zi + k), b.charAt(zj + k));
                if (c != 0) {
                    return c;
                }
            }
            int raw = a.substring(i, ei).compareTo(b.substring(j, ej));
            if (raw != 0) {
                return raw;
            }
            i = ei;
            j = ej;
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
