package dev.fanout.cli;

import dev.fanout.core.result.RunReport;

/**
 * The exit codes of every fanout command, in one place (documented in the README and in --help). When several
 * apply, the first in this order wins: interrupted, internal error, stopped by the failure policy, timed out,
 * unreachable, remote failure. An internal error wins over the hosts' own outcomes (with --maxrc too): a bug must
 * never hide behind a remote exit code.
 */
public final class ExitCodes {
    /** Every host succeeded. */
    public static final int OK = 0;
    /** At least one remote command exited non-zero (or a transfer failed on a host). */
    public static final int REMOTE_FAILED = 1;
    /** The command line, the inventory or the selection is wrong; nothing was run. */
    public static final int USAGE = 2;
    /** At least one host could not be reached, trusted or logged into. */
    public static final int UNREACHABLE = 3;
    /** At least one host was still running when its time limit ran out. */
    public static final int TIMED_OUT = 4;
    /**
     * The failure policy stopped the run: more hosts failed than --max-fail allows (or any, with --fail-fast), or a
     * --canary host did not succeed; the hosts not started were skipped.
     */
    public static final int STOPPED = 5;
    /** An unexpected error inside fanout (a bug): please report it. */
    public static final int INTERNAL = 70;
    /** With --maxrc: the code reported for a host whose command never finished (as ssh's own 255). */
    public static final int MAXRC_NOT_FINISHED = 255;
    /** The run was interrupted (Ctrl-C or SIGTERM). */
    public static final int INTERRUPTED = 130;

    /** The exit codes as --help shows them (picocli turns %n into line breaks). */
    static final String HELP = "Exit codes: 0 all ok, 1 a remote command failed, 2 usage or inventory error,%n"
            + "3 a host was unreachable, 4 a host timed out, 5 stopped by --max-fail, --fail-fast or --canary,%n"
            + "70 internal error (a bug), 130 interrupted; the first of 130, 70, 5, 4, 3, 1 wins.%n"
            + "With --maxrc (run): the largest remote exit code, 255 if a host did not finish.";

    private ExitCodes() {
    }

    /** The exit code for a finished run; with {@code maxrc}, the largest remote exit code instead. */
    public static int of(RunReport report, boolean maxrc) {
        RunReport.Verdict verdict = report.verdict();
        if (maxrc && verdict != RunReport.Verdict.INTERRUPTED && verdict != RunReport.Verdict.INTERNAL_ERROR) {
            return report.maxRemoteCode().orElse(MAXRC_NOT_FINISHED);
        }
        return switch (verdict) {
            case OK -> OK;
            case REMOTE_FAILED -> REMOTE_FAILED;
            case UNREACHABLE -> UNREACHABLE;
            case TIMED_OUT -> TIMED_OUT;
            case STOPPED -> STOPPED;
            case INTERNAL_ERROR -> INTERNAL;
            case INTERRUPTED -> INTERRUPTED;
        };
    }
}
