package dev.fanout.cli;

/**
 * roff (man macros) being written, for {@link ManPages}: text escaped (backslashes, hyphens as \-, quotes, a leading
 * dot), paragraphs, tagged paragraphs, examples. Not thread-safe.
 */
final class Roff {
    private final StringBuilder text = new StringBuilder();

    /** {@code s} escaped for a text line: backslashes, hyphens as \-, quotes, and non-ASCII as \[uXXXX]. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder();
        s.codePoints().forEach(c -> {
            switch (c) {
                case '\\' -> out.append("\\e");
                case '-' -> out.append("\\-");
                case '\'' -> out.append("\\(aq");
                case '`' -> out.append("\\(ga");
                case '~' -> out.append("\\(ti");
                case '^' -> out.append("\\(ha");
                case '"' -> out.append("\\(dq");
                case '\t' -> out.append(' ');
                default -> {
                    if (c < 0x20) {
                        out.append(' ');
                    } else if (c > 0x7e) {
                        out.append(String.format("\\[u%04X]", c));
                    } else {
                        out.appendCodePoint(c);
                    }
                }
            }
        });
        return out.toString();
    }

    /** A macro argument: in double quotes, escaped. */
    static String quoted(String s) {
        return "\"" + escape(s) + "\"";
    }

    /** A request or a line already in roff, as it is. */
    void line(String line) {
        text.append(line).append('\n');
    }

    /** Plain text (already escaped or not: it is escaped here), picocli's %n as line breaks. */
    void text(String plain) {
        boolean first = true;
        for (String part : plain.split("%n|\n", -1)) {
            String stripped = part.strip();
            if (stripped.isEmpty()) {
                continue;
            }
            if (!first) {
                text.append(".br\n");
            }
            safeLine(escape(stripped));
            first = false;
        }
    }

    /** An already escaped line, protected from being read as a request. */
    private void safeLine(String escaped) {
        text.append(escaped.startsWith(".") || escaped.startsWith("'") ? "\\&" : "").append(escaped).append('\n');
    }

    void paragraph(String plain) {
        text.append(".PP\n");
        text(plain);
    }

    /** A tagged paragraph: {@code tag} already in roff, {@code plain} escaped here. */
    void tagged(String tag, String plain) {
        text.append(".TP\n");
        safeLine(tag);
        text(plain);
    }

    void example(String plain) {
        text.append(".PP\n.RS 4\n.EX\n");
        safeLine(escape(plain.strip()));
        text.append(".EE\n.RE\n");
    }

    @Override
    public String toString() {
        return text.toString();
    }
}
