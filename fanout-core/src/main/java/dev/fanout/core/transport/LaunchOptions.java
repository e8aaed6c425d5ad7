package dev.fanout.core.transport;

import dev.fanout.core.inventory.Secret;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Objects;
import java.util.SequencedMap;
import java.util.regex.Pattern;

/**
 * How a remote command is started, beyond its command line: with a terminal or without, and with which environment
 * variables. Immutable and thread-safe; its text form names the variables, never their values (which may be
 * secrets).
 *
 * @param terminal     ask the server for a pseudo-terminal (as {@code ssh -t}): the command's stdin, stdout and
 *                     stderr are then that terminal, so its stderr arrives merged into stdout, lines end in
 *                     {@code \r\n} (the output path turns them back into {@code \n}) and input is not echoed
 * @param terminalType the terminal type the server is told ({@code TERM}), used only with {@code terminal}
 * @param environment  variables to set for the command, in order: asked of the server (an SSH {@code env} request,
 *                     which OpenSSH grants only for names its {@code AcceptEnv} lists); those it refuses are set by
 *                     {@link #prefixed} instead
 */
public record LaunchOptions(boolean terminal, String terminalType, SequencedMap<String, Secret> environment) {

    /** A command without a terminal and without variables of its own: how commands start by default. */
    public static final LaunchOptions PLAIN = new LaunchOptions(false, "dumb", new LinkedHashMap<>());

    /** A shell variable name, as POSIX defines it. */
    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    public LaunchOptions {
        Objects.requireNonNull(terminalType, "terminalType");
        if (terminalType.isBlank() || !terminalType.chars().allMatch(c -> c > ' ' && c < 127)) {
            throw new IllegalArgumentException("not a terminal type: '" + terminalType + "'");
        }
        var copy = new LinkedHashMap<String, Secret>();
        environment.forEach((name, value) -> {
            if (!isValidName(name)) {
                throw new IllegalArgumentException("not a valid variable name: '" + name + "'");
            }
            Objects.requireNonNull(value, "value");
            if (value.revealString().indexOf('\0') >= 0) {
                // never the value itself: it may be a secret
                throw new IllegalArgumentException("the value of " + name + " holds a NUL character");
            }
            copy.put(name, value);
        });
        environment = Collections.unmodifiableSequencedMap(copy);
    }

    /** Whether {@code name} can be a shell variable's name: a letter or '_', then letters, digits and '_'. */
    public static boolean isValidName(String name) {
        return NAME.matcher(name).matches();
    }

    /** Whether these options change anything about how a command starts. */
    public boolean isPlain() {
        return !terminal && environment.isEmpty();
    }

    /** These options with a terminal of {@code type}. */
    public LaunchOptions withTerminal(String type) {
        return new LaunchOptions(true, type, environment);
    }

    /** These options with {@code name} set to {@code value} too (replacing an earlier value of that name). */
    public LaunchOptions withVariable(String name, Secret value) {
        var more = new LinkedHashMap<>(environment);
        more.remove(name);
        more.put(name, value);
        return new LaunchOptions(terminal, terminalType, more);
    }

    /**
     * {@code command} preceded by {@code export NAME='value'} for each of {@code names} (in this options' order), for
     * a POSIX shell: each value in single quotes, a quote within it as {@code '\''}, so any value passes unchanged and
     * nothing in it is expanded. The command itself is unchanged when {@code names} is empty.
     */
    public String prefixed(String command, Collection<String> names) {
        var assignments = new StringBuilder();
        for (var variable : environment.entrySet()) {
            if (names.contains(variable.getKey())) {
                assignments.append(assignments.isEmpty() ? "export " : " ").append(variable.getKey()).append("='")
                        .append(variable.getValue().revealString().replace("'", "'\\''")).append('\'');
            }
        }
        return assignments.isEmpty() ? command : assignments + "; " + command;
    }

    @Override
    public String toString() {
        return "LaunchOptions[terminal=" + (terminal ? terminalType : "none") + ", environment="
                + environment.keySet() + "]";
    }
}
