package dev.fanout.core.copy;

/**
 * How files are copied. Immutable.
 *
 * @param preserve keep the modification time (and, for directories, the mode) as scp -p does; file modes are
 *                 always kept
 * @param skipSame put only: leave a remote file alone when it already has the same size and modification time
 *                 (to the second), as after an earlier put with {@code preserve}
 * @param mkdir    put only: create the missing directories above the target first, as {@code install -D} does
 * @param mode     put only: the mode bits (e.g. {@code 0640}) every file gets instead of its local mode, or -1
 * @param owner    put only: {@code USER} or {@code USER:GROUP} every file gets, as {@code chown} takes it, or null
 *                 for the writing user; needs the host's sudo ({@link dev.fanout.core.inventory.Become})
 */
public record CopyOptions(boolean preserve, boolean skipSame, boolean mkdir, int mode, String owner) {
    public static final CopyOptions DEFAULT = new CopyOptions(false, false, false);

    public CopyOptions {
        if (mode < -1 || mode > 07777) {
            throw new IllegalArgumentException("mode out of range 0-7777 (octal): " + Integer.toOctalString(mode));
        }
        if (owner != null && (owner.isEmpty() || owner.startsWith("-")
                || owner.chars().anyMatch(c -> c <= ' ' || c == 0x7f))) {
            throw new IllegalArgumentException("bad owner '" + owner + "': USER or USER:GROUP");
        }
    }

    /** Options that keep each file's own mode and owner. */
    public CopyOptions(boolean preserve, boolean skipSame, boolean mkdir) {
        this(preserve, skipSame, mkdir, -1, null);
    }

    /** Options that create no missing parent directory. */
    public CopyOptions(boolean preserve, boolean skipSame) {
        this(preserve, skipSame, false);
    }
}
