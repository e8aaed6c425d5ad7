package dev.fanout.cli;

import dev.fanout.core.inventory.Secret;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.transport.LaunchOptions;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/**
 * The options that say how a remote command starts: {@code --tty} and {@code --env}. Values given to {@code --env}
 * may be secrets: no message names them, and {@link #withoutValues} keeps them out of the run's record. Not
 * thread-safe (picocli fills it).
 */
final class LaunchArguments {
    /** The name of the option whose values are kept out of records. */
    static final String ENV = "--env";
    /** What a recorded command line shows in place of a value. */
    static final String MASK = "******";

    @Option(names = "--tty",
            description = "Give the command a terminal (as ssh -t; -t is the connect timeout, as in pdsh and clush), "
                    + "for commands that need one: TERM is yours (dumb without), 80x24, echo off. Its stderr "
                    + "arrives merged into stdout; lines still come whole, \\r\\n made \\n. Input (-I) passes "
                    + "through the terminal and ends with ^D. The command is still killed on -u and Ctrl-C.")
    boolean tty;

    @Option(names = ENV, paramLabel = "NAME[=VALUE]",
            description = "Set NAME for the command, to VALUE or, without =, to its value here (repeatable). "
                    + "Each host is asked to set it (an SSH env request, which OpenSSH grants for names in its "
                    + "AcceptEnv); a host that refuses gets the command prefixed with export NAME='VALUE'; "
                    + "(quoted, so any value passes unchanged), where its process list shows the value. Values are "
                    + "never shown, logged or recorded; prefer --env NAME for secrets.")
    List<String> environment = new ArrayList<>();

    /** The launch options these arguments give, in {@code env} (for TERM and the values of bare names). */
    LaunchOptions launch(CliEnvironment env) throws UserException {
        LaunchOptions launch = LaunchOptions.PLAIN;
        for (String given : environment) {
            int equals = given.indexOf('=');
            String name = equals < 0 ? given : given.substring(0, equals);
            if (!LaunchOptions.isValidName(name)) {
                throw new UserException(ENV + " '" + SafeText.of(name) + "': not a variable name (letters, digits "
                        + "and _, not starting with a digit)");
            }
            String value = equals < 0 ? env.env().get(name) : given.substring(equals + 1);
            if (value == null) {
                throw new UserException(ENV + " " + name + ": " + name + " is not set here (give a value: "
                        + ENV + " " + name + "=VALUE)");
            }
            if (value.indexOf('\0') >= 0) {
                throw new UserException(ENV + " " + name + ": the value holds a NUL character");
            }
            launch = launch.withVariable(name, Secret.of(value));
        }
        if (tty) {
            String term = env.env().get("TERM");
            launch = launch.withTerminal(term == null || term.isBlank()
                    || !term.chars().allMatch(c -> c > ' ' && c < 127) ? "dumb" : term);
        }
        return launch;
    }

    /**
     * {@code argv} with the value of every {@code --env NAME=VALUE} replaced by a mask, for the run's record; the
     * words of the command after its options are left alone. {@code count} is how many values picocli matched.
     */
    static List<String> withoutValues(List<String> argv, int count) {
        List<String> masked = new ArrayList<>(argv);
        int left = count;
        for (int i = 0; i < masked.size() && left > 0; i++) {
            String word = masked.get(i);
            if (word.equals("--")) {
                break;
            }
            if (word.equals(ENV) && i + 1 < masked.size()) {
                masked.set(i + 1, mask(masked.get(i + 1)));
                i++;
                left--;
            } else if (word.startsWith(ENV + "=")) {
                masked.set(i, ENV + "=" + mask(word.substring(ENV.length() + 1)));
                left--;
            }
        }
        return masked;
    }

    private static String mask(String assignment) {
        int equals = assignment.indexOf('=');
        return equals < 0 ? assignment : assignment.substring(0, equals + 1) + MASK;
    }
}
