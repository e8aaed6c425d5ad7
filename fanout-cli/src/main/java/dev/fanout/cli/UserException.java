package dev.fanout.cli;

/**
 * A mistake of the user's (bad option value, unreadable inventory, empty selection) that ends the command with one
 * line on stderr and an exit code; never a stack trace.
 */
final class UserException extends Exception {
    private final int exitCode;

    UserException(String message) {
        this(message, ExitCodes.USAGE);
    }

    UserException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    int exitCode() {
        return exitCode;
    }
}
