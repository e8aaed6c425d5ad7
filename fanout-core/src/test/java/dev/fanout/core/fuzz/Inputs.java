package dev.fanout.core.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;

/**
 * Generators of near-valid input for the parsers: the pieces users write (names, ranges, keys, tokens, quotes) put
 * together the way files hold them, with some noise. Stateless.
 */
public final class Inputs {
    private Inputs() {
    }

    /** Host and group names, valid ones mostly, and the mistakes people make. */
    public static Arbitrary<String> names() {
        return Arbitraries.frequencyOf(
                weighted(6, Arbitraries.of("web", "db", "h", "web01", "db-1", "a.b", "x_y", "bastion", "WEB01", "g")),
                weighted(2, Arbitraries.of("", ".", "..", "a b", "é", "a:b", "@web", "-", "a/b", "web*", "!web",
                        "%h")),
                weighted(2, Arbitraries.strings().withCharRange('a', 'z').ofMinLength(1).ofMaxLength(8)));
    }

    /** Bracketed ranges, good and bad: {@code [01-04]}, {@code [1-3,7]}, {@code [1-999999999]}, {@code [[1]]}. */
    public static Arbitrary<String> ranges() {
        Arbitrary<String> simple = Combinators.combine(Arbitraries.integers().between(0, 120),
                Arbitraries.integers().between(0, 120), Arbitraries.of("", "0", "00"))
                .as((from, to, pad) -> "[" + pad + from + "-" + pad + to + "]");
        Arbitrary<String> odd = Arbitraries.of("[1-3,7]", "[1-10/3]", "[1-999999999]", "[0-99999]", "[1-100000]",
                "[1-100001]", "[]", "[", "]", "[1-]", "[-1]", "[3-1]", "[a-c]", "[1-2][1-2]", "[[1-2]]", "[1-2]]",
                "[1-9223372036854775807]", "[99999999999999999999]", "[1-3/0]", "[01-1000]", "[1,,2]", "[ 1 - 2 ]",
                "[1-50000][1-3]", "[1-300][1-400]", "[0-" + "9".repeat(18) + "]");
        return Arbitraries.frequencyOf(weighted(6, simple), weighted(4, odd));
    }

    /** A host pattern: a name, maybe with ranges and commas. */
    public static Arbitrary<String> patterns() {
        Arbitrary<String> one = Combinators.combine(names(), ranges().optional(), Arbitraries.of("", "", "x", ".lab"))
                .as((name, range, tail) -> name + range.orElse("") + tail);
        return one.list().ofMinSize(1).ofMaxSize(3).map(list -> String.join(",", list));
    }

    /** Lines joined with one of the line ends a file may use. */
    public static Arbitrary<String> joined(Arbitrary<String> line, int maxLines) {
        return Combinators.combine(line.list().ofMaxSize(maxLines), Arbitraries.of("\n", "\r\n", "\r"),
                Arbitraries.of("", "\n", "\uFEFF")).as((lines, end, extra) ->
                (extra.equals("\uFEFF") ? extra : "") + String.join(end, lines) + (extra.equals("\n") ? end : ""));
    }

    /** Text of any characters, and text of the characters that syntax is made of. */
    public static Arbitrary<String> noise() {
        return Arbitraries.frequencyOf(
                weighted(3, Arbitraries.strings().ofMaxLength(40)),
                weighted(3, Arbitraries.strings().withChars("[]%()=:;#\"'\\ \t\n\r,!*?@~${}-0123456789abhnps")
                        .ofMaxLength(40)),
                weighted(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMaxLength(5)));
    }

    /** Random bytes, and text with bytes that are not UTF-8 spliced in. */
    public static Arbitrary<byte[]> bytes(Arbitrary<String> text) {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> spliced = Combinators.combine(text, Arbitraries.bytes().array(byte[].class).ofMinSize(1)
                .ofMaxSize(3), Arbitraries.integers().between(0, 1000)).as((t, junk, at) -> {
            byte[] good = t.getBytes(StandardCharsets.UTF_8);
            int cut = Math.min(at, good.length);
            byte[] all = new byte[good.length + junk.length];
            System.arraycopy(good, 0, all, 0, cut);
            System.arraycopy(junk, 0, all, cut, junk.length);
            System.arraycopy(good, cut, all, cut + junk.length, good.length - cut);
            return all;
        });
        return Arbitraries.oneOf(random, spliced);
    }

    /** One choice of {@link Arbitraries#frequencyOf} and its weight. */
    public static Tuple.Tuple2<Integer, Arbitrary<? extends String>> weighted(int weight,
                                                                            Arbitrary<String> arbitrary) {
        return Tuple.of(weight, arbitrary);
    }
}
