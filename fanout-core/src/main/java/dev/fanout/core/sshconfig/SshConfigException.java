package dev.fanout.core.sshconfig;

/**
 * A mistake in an ssh_config file, or one that cannot be read. Immutable. The message is one line:
 * {@code FILE:LINE: what is wrong}, or {@code FILE: what is wrong} when no single line is to blame; a control
 * character in a quoted value (a quoted carriage return, say) is shown escaped ({@code \r}).
 */
public final class SshConfigException extends Exception {

    /**
     * @param source the file as messages show it (e.g. {@code ~/.ssh/config})
     * @param line   the 1-based line, or 0 for the whole file
     * @param what   what is wrong, one line
     */
    public SshConfigException(String source, int line, String what) {
        this(source, line, what, null);
    }

    public SshConfigException(String source, int line, String what, Throwable cause) {
        super(oneLine(line > 0 ? source + ":" + line + ": " + what : source + ": " + what), cause);
    }

    /** {@code text} with its control characters written as Java escapes, so that it stays on one line. */
    private static String oneLine(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isISOControl(c) && c != '\u2028' && c != '\u2029') {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 8).append(text, 0, i);
            }
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> out.append(String.format("\\u%04x", (int) c));
            }
        }
        return out == null ? text : out.toString();
    }
}

