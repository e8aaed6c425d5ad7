package dev.fanout.core.select;

import java.util.Collection;
import java.util.Set;

/** The set operations of ClusterShell's {@code nodeset} on host names: -x (exclude), -i (intersection), -X (xor). */
public enum NameOperation {
    /** Leaves out the other names. */
    EXCLUDE {
        @Override
        public void applyTo(Set<String> names, Collection<String> other) {
            names.removeAll(other);
        }
    },
    /** Keeps only the names also among the other names. */
    INTERSECT {
        @Override
        public void applyTo(Set<String> names, Collection<String> other) {
            names.retainAll(Set.copyOf(other));
        }
    },
    /** Keeps the names in exactly one of both. */
    XOR {
        @Override
        public void applyTo(Set<String> names, Collection<String> other) {
            for (String name : Set.copyOf(other)) {
                if (!names.remove(name)) {
                    names.add(name);
                }
            }
        }
    };

    /** Changes {@code names} by this operation with {@code other}. */
    public abstract void applyTo(Set<String> names, Collection<String> other);
}
