package dev.fanout.core.copy;

import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;

/** Converts between permission bits ({@code 0644}) and the JDK's permission sets. Stateless. */
final class Modes {
    private Modes() {
    }

    /** PosixFilePermission's order is OWNER_READ .. OTHERS_EXECUTE, i.e. bits 0400 down to 0001. */
    private static int bit(PosixFilePermission p) {
        return 1 << (8 - p.ordinal());
    }

    static int toBits(Set<PosixFilePermission> permissions) {
        int mode = 0;
        for (PosixFilePermission p : permissions) {
            mode |= bit(p);
        }
        return mode;
    }

    static Set<PosixFilePermission> toSet(int mode) {
        Set<PosixFilePermission> set = EnumSet.noneOf(PosixFilePermission.class);
        for (PosixFilePermission p : PosixFilePermission.values()) {
            if ((mode & bit(p)) != 0) {
                set.add(p);
            }
        }
        return set;
    }
}
