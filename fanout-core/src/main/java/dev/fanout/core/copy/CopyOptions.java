package dev.fanout.core.copy;

/**
 * How files are copied. Immutable.
 *
 * @param preserve keep the modification time (and, for directories, the mode) as scp -p does; file modes are
 *                 always kept
 * @param skipSame put only: leave a remote file alone when it already has the same size and modification time
 *                 (to the second), as after an earlier put with {@code preserve}
 * @param mkdir    put only: create the missing directories above the target first, as {@code install -D} does
 */
public record CopyOptions(boolean preserve, boolean skipSame, boolean mkdir) {
    public static final CopyOptions DEFAULT = new CopyOptions(false, false, false);

    /** Options that create no missing parent directory. */
    public CopyOptions(boolean preserve, boolean skipSame) {
        this(preserve, skipSame, false);
    }
}
