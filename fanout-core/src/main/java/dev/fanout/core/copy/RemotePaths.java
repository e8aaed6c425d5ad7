package dev.fanout.core.copy;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.regex.Pattern;

/** Small path rules for remote (always '/'-separated) paths and for naming failures. Stateless. */
final class RemotePaths {
    private static final Pattern TEMPORARY = Pattern.compile("\\..+\\.fanout-[0-9a-f]{8}\\.tmp");
    private RemotePaths() {
    }

    /**
     * {@code path} with a leading {@code ~} for the login user's home, as scp reads it: SFTP resolves a relative path
     * from the home, so {@code ~/x} is {@code x} and {@code ~} is {@code .}.
     *
     * @throws IllegalArgumentException for {@code ~user}, another user's home, which SFTP cannot name
     */
    static String expandHome(String path) {
        if (path.equals("~") || path.equals("~/")) {
            return ".";
        }
        if (path.startsWith("~/")) {
            String rest = path.substring(2);
            while (rest.startsWith("/")) {
                rest = rest.substring(1);
            }
            return rest.isEmpty() ? "." : rest;
        }
        if (path.startsWith("~")) {
            throw new IllegalArgumentException("'" + path + "': another user's home (~user) cannot be named over "
                    + "SFTP; write the path from /");
        }
        return path;
    }

    static String join(String directory, String child) {
        return directory.endsWith("/") ? directory + child : directory + "/" + child;
    }

    /** {@code path} without trailing slashes, except for the root itself: {@code /srv/} gives {@code /srv}. */
    static String trimSlashes(String path) {
        String trimmed = path;
        while (trimmed.length() > 1 && trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        return trimmed;
    }

    /** The last name of {@code path}, trailing slashes ignored: {@code /var/log/} gives {@code log}. */
    static String baseName(String path) {
        String trimmed = trimSlashes(path);
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? trimmed : trimmed.substring(slash + 1);
    }

    /** A hidden name beside {@code path} for writing it before the rename: {@code dir/.name.fanout-1a2b.tmp}. */
    static String temporarySibling(String path, String nonce) {
        int slash = path.lastIndexOf('/');
        String dir = slash < 0 ? "" : path.substring(0, slash + 1);
        return dir + "." + path.substring(slash + 1) + ".fanout-" + nonce + ".tmp";
    }

    /** The directory that holds {@code path}: {@code /srv/a} gives {@code /srv}, {@code a} gives {@code .}. */
    static String parent(String path) {
        String trimmed = trimSlashes(path);
        int slash = trimmed.lastIndexOf('/');
        return slash < 0 ? "." : slash == 0 ? "/" : trimmed.substring(0, slash);
    }

    /** Whether {@code name} is one of {@link #temporarySibling}'s names, and nothing else. */
    static boolean isTemporaryName(String name) {
        return TEMPORARY.matcher(name).matches();
    }

    /** One line for a failed local or remote file operation, without a stack trace. */
    static String describe(IOException e) {
        if (e instanceof NoSuchFileException n) {
            return n.getFile() + ": no such file or directory";
        }
        if (e instanceof AccessDeniedException a) {
            return a.getFile() + ": permission denied";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            return f.getFile() + ": " + f.getReason();
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
