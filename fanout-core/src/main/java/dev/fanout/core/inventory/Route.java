package dev.fanout.core.inventory;

import java.util.Objects;

/** How a host is reached: directly, through a jump host (ssh_config's ProxyJump), or in a way fanout cannot take. */
public sealed interface Route {
    /** Connect to the host's address and port. */
    Route DIRECT = new Direct();

    /** Through {@code jump}, or directly when it is null. */
    static Route through(Host jump) {
        return jump == null ? DIRECT : new Jump(jump);
    }

    /** A direct connection. */
    record Direct() implements Route {
    }

    /** Through {@code via}, which may be reached through a jump host of its own. */
    record Jump(Host via) implements Route {
        public Jump {
            Objects.requireNonNull(via, "via");
        }
    }

    /**
     * A route fanout does not take, such as ssh_config's ProxyCommand (fanout runs no local commands to connect):
     * connecting to such a host fails with this text.
     *
     * @param keyword   the setting, e.g. {@code ProxyCommand}
     * @param arguments its words, e.g. {@code nc %h %p}
     * @param where     {@code FILE:LINE} of the setting
     */
    record Unsupported(String keyword, String arguments, String where) implements Route {
        /** {@code ProxyCommand nc %h %p (~/.ssh/config:4)}. */
        @Override
        public String toString() {
            return keyword + " " + arguments + " (" + where + ")";
        }
    }
}
