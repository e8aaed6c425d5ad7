package dev.fanout.core.sshconfig;

/**
 * A mistake in an ssh_config file, or one that cannot be read. Immutable. The message is one line:
 * {@code FILE:LINE: what is wrong}, or {@code FILE: what is wrong} when no single line is to blame.
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
        super(line > 0 ? source + ":" + line + ": " + what : source + ": " + what, cause);
    }
}
