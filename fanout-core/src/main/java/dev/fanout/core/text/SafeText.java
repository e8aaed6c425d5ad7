package dev.fanout.core.text;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes remote bytes safe to show on a terminal: invalid UTF-8 becomes U+FFFD, C0 control characters and DEL
 * become caret notation ({@code ESC} shows as {@code ^[}), C1 controls become U+FFFD; tabs are kept. Stateless.
 *
 * <p>The one sanitiser of the program: remote output lines on a terminal go through {@link #appendSafe(byte[], int,
 * int, StringBuilder)}, and every value fanout did not write itself that goes into one of its message lines (failure
 * reasons, host names, file names, user input echoed in an error) goes through {@link #of(String)}, always, terminal
 * or not.
 */
public final class SafeText {
    private SafeText() {
    }

    /** The bytes {@code [offset, offset+length)} as safe text, appended to {@code into}. */
    public static void appendSafe(byte[] bytes, int offset, int length, StringBuilder into) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars;
        try {
            chars = decoder.decode(ByteBuffer.wrap(bytes, offset, length));
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("a replacing decoder cannot fail", e);
        }
        appendSafe(chars, into);
    }

    /**
     * {@code text} made safe for a message line: control characters as for output lines (a line break too shows as
     * {@code ^J}, so the message stays one line), and a lone surrogate (text that came from invalid bytes) as U+FFFD.
     */
    public static String of(String text) {
        if (text == null) {
            return "null";
        }
        if (isSafe(text)) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16);
        appendSafe(text, sb);
        return sb.toString();
    }

    private static boolean isSafe(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t') || (c >= 0x7f && c <= 0x9f) || Character.isSurrogate(c)) {
                return false;
            }
        }
        return true;
    }

    private static void appendSafe(CharSequence chars, StringBuilder into) {
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < chars.length() && Character.isLowSurrogate(chars.charAt(i + 1))) {
                into.append(c).append(chars.charAt(++i));
            } else if (Character.isSurrogate(c)) {
                into.append('\uFFFD');
            } else if (c == '\t' || (c >= 0x20 && c < 0x7f) || c > 0x9f) {
                into.append(c);
            } else if (c < 0x20) {
                into.append('^').append((char) (c + 64));
            } else if (c == 0x7f) {
                into.append("^?");
            } else {
                into.append('\uFFFD');
            }
        }
    }
}
