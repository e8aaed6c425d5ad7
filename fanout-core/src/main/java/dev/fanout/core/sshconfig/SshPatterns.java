package dev.fanout.core.sshconfig;

import java.util.Locale;

/**
 * OpenSSH's patterns: {@code *} and {@code ?} wildcards, and comma-separated lists where a {@code !}-negated entry
 * that matches rules the name out. Used for ssh_config's Host and Match lines and for known_hosts names. Stateless.
 */
public final class SshPatterns {
    private SshPatterns() {
    }

    /** Shell-style matching of {@code *} (any run) and {@code ?} (one character) over the whole text. */
    public static boolean glob(String pattern, String text) {
        int p = 0;
        int t = 0;
        int starPattern = -1;
        int starText = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                starPattern = p++;
                starText = t;
            } else if (starPattern >= 0) {
                p = starPattern + 1;
                t = ++starText;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }

    /**
     * Whether {@code text} matches the comma-separated {@code list}: some entry matches and no negated entry does
     * (OpenSSH's {@code match_pattern_list}). Host names compare without regard to case.
     */
    public static boolean list(String text, String list, boolean ignoreCase) {
        String subject = ignoreCase ? text.toLowerCase(Locale.ROOT) : text;
        boolean matched = false;
        for (String entry : list.split(",", -1)) {
            boolean negated = entry.startsWith("!");
            String pattern = negated ? entry.substring(1) : entry;
            if (ignoreCase) {
                pattern = pattern.toLowerCase(Locale.ROOT);
            }
            if (glob(pattern, subject)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }
}
