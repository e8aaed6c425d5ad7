package dev.fanout.core.render;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * Makes remote bytes safe to show on a terminal: invalid UTF-8 becomes U+FFFD, C0 control characters and DEL
 * become caret notation ({@code ESC} shows as {@code ^[}), C1 controls become U+FFFD; tabs are kept. Stateless.
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
        for (int i = 0; i < chars.length(); i++) {
            char c = chars.charAt(i);
            if (c == '\t' || (c >= 0x20 && c < 0x7f) || c > 0x9f) {
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
