package dev.fanout.core.inventory;

import java.util.Objects;

/**
 * How a host's commands gain privileges: run through {@code sudo} as another user (root unless named), with
 * sudo's password when it asks for one. Immutable and thread-safe; its text form never shows the password.
 *
 * @param enabled  whether commands (and a put's final move into place) go through sudo
 * @param user     the user to become, never null ({@code root} by default)
 * @param password sudo's password, given only when sudo asks for it, or null: a host whose sudo asks then fails
 *                 with "sudo: a password is required"
 */
public record Become(boolean enabled, String user, Secret password) {
    /** The user sudo runs commands as when none is named. */
    public static final String ROOT = "root";
    /** No privilege: commands run as the login user. */
    public static final Become NONE = new Become(false, ROOT, null);

    public Become {
        Objects.requireNonNull(user, "user");
        if (user.isEmpty() || user.startsWith("-") || user.chars().anyMatch(c -> c <= ' ' || c == 0x7f)) {
            throw new IllegalArgumentException("bad user to become: '" + user + "'");
        }
    }

    /** Through sudo as {@code user}, with {@code password} (or null) for sudo's prompt. */
    public static Become sudo(String user, Secret password) {
        return new Become(true, user, password);
    }

    public Become withEnabled(boolean on) {
        return new Become(on, user, password);
    }

    public Become withUser(String newUser) {
        return new Become(enabled, newUser, password);
    }

    public Become withPassword(Secret newPassword) {
        return new Become(enabled, user, newPassword);
    }
}
