package dev.fanout.core.event;

import java.util.HexFormat;
import java.util.Objects;

/**
 * What a host sent on one stream (stdout or stderr) during a run, as its recorder counted it on arrival, whether or
 * not the bytes could be written: how many bytes and their SHA-256. Immutable.
 *
 * @param bytes  how many bytes the host sent
 * @param sha256 their SHA-256, 64 lowercase hexadecimal digits
 */
public record StreamTotal(long bytes, String sha256) {
    /** The SHA-256 of no bytes at all. */
    public static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    /** Nothing sent. */
    public static final StreamTotal NOTHING = new StreamTotal(0, EMPTY_SHA256);

    public StreamTotal {
        Objects.requireNonNull(sha256, "sha256");
        if (bytes < 0) {
            throw new IllegalArgumentException("bytes < 0: " + bytes);
        }
    }

    /** Whether {@code text} can be a SHA-256 as records spell it: 64 lowercase hexadecimal digits. */
    public static boolean isSha256(String text) {
        return text != null && text.length() == 64 && text.chars().allMatch(c -> HexFormat.isHexDigit(c)
                && !Character.isUpperCase(c));
    }
}
