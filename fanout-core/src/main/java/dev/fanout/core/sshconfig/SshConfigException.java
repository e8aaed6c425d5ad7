package dev.fanout.core.sshconfig;

import dev.fanout.core.text.OneLine;

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
        super(OneLine.of(line > 0 ? source + ":" + line + ": " + what : source + ": " + what), cause);
    }
}

