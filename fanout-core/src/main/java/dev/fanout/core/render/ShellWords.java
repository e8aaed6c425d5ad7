package dev.fanout.core.render;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A command line as a POSIX shell would need it typed: words that hold nothing a shell treats specially stay as
 * they are, any other word is put in single quotes ({@code 'it'\''s'}), an empty word is {@code ''}. Stateless.
 */
public final class ShellWords {
    private static final Pattern PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private ShellWords() {
    }

    /** {@code words} joined by spaces, each quoted when a shell would need it. */
    public static String join(List<String> words) {
        StringBuilder sb = new StringBuilder();
        for (String word : words) {
            if (!sb.isEmpty()) {
                sb.append(' ');
            }
            sb.append(quote(word));
        }
        return sb.toString();
    }

    /** {@code word} as a shell must be given it to receive it unchanged. */
    public static String quote(String word) {
        if (PLAIN.matcher(word).matches()) {
            return word;
        }
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
