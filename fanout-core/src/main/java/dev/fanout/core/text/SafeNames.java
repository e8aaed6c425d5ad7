package dev.fanout.core.text;

import java.util.regex.Pattern;

/**
 * Turns names that come from elsewhere (host names, remote directory entries) into names that are safe as one
 * local path component: no separator, never "." or "..", nothing that could climb out of the target. Stateless.
 */
public final class SafeNames {
    private static final Pattern UNSAFE = Pattern.compile("[^A-Za-z0-9._@+-]");

    private SafeNames() {
    }

    /** {@code name} as a directory name: unsafe characters become '_', and "", "." or ".." get a '_' prefix. */
    public static String component(String name) {
        String safe = UNSAFE.matcher(name).replaceAll("_");
        return safe.isEmpty() || safe.chars().allMatch(c -> c == '.') ? "_" + safe : safe;
    }

    /**
     * Whether a remote directory entry's name may be used locally as it is: on POSIX only the separator '/', NUL,
     * "" and "." or ".." are unsafe; any other byte, a backslash included, is a valid part of a name.
     */
    public static boolean isPlainEntryName(String name) {
        return !name.isEmpty() && !name.equals(".") && !name.equals("..") && name.indexOf('/') < 0
                && name.indexOf('\0') < 0;
    }
}
