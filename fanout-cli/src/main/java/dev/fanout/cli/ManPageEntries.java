package dev.fanout.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.lang.reflect.Member;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the man pages say besides the picocli model: the exit codes, the environment and the files. Stateless. */
final class ManPageEntries {
    /** The exit codes and what each means; {@code ManPagesTest} checks that every constant of ExitCodes is here. */
    static final Map<Integer, String> EXIT_CODES = exitCodes();

    private ManPageEntries() {
    }

    private static Map<Integer, String> exitCodes() {
        Map<Integer, String> codes = new LinkedHashMap<>();
        codes.put(ExitCodes.OK, "Every host succeeded.");
        codes.put(ExitCodes.REMOTE_FAILED, "At least one remote command exited non-zero, or a transfer failed on a host.");
        codes.put(ExitCodes.USAGE, "The command line, the inventory or the selection is wrong; nothing was run.");
        codes.put(ExitCodes.UNREACHABLE, "At least one host could not be reached, trusted or logged into.");
        codes.put(ExitCodes.TIMED_OUT, "At least one host was still running when its time limit ran out.");
        codes.put(ExitCodes.STOPPED, "The failure policy stopped the run (--max-fail, --fail-fast, --canary); the "
                + "hosts not started were skipped.");
        codes.put(ExitCodes.INTERNAL, "An unexpected error inside fanout (a bug): please report it.");
        codes.put(ExitCodes.INTERRUPTED, "The run was interrupted (Ctrl-C or SIGTERM).");
        codes.put(ExitCodes.MAXRC_NOT_FINISHED, "With --maxrc (run): a host did not finish; otherwise --maxrc makes "
                + "the exit code the largest remote exit code.");
        return codes;
    }

    /** An environment variable or a file, and which commands it concerns. */
    record Entry(String name, String text, Scope scope) {
    }

    /** Which commands an entry concerns: all, those that read an inventory, that connect to hosts; fanout(1) only. */
    enum Scope { ALL, INVENTORY, CONNECT, MAIN }

    static final List<Entry> ENVIRONMENT = List.of(
            new Entry(InventoryOptions.ENV, "The inventory when -i is not given.", Scope.INVENTORY),
            new Entry(InventoryOptions.SSH_CONFIG_ENV, "The OpenSSH client configuration when -F is not given; "
                    + "'none' reads none.", Scope.INVENTORY),
            new Entry("XDG_CONFIG_HOME", "The per-user inventory is $XDG_CONFIG_HOME/fanout/hosts.ini "
                    + "(default ~/.config/fanout/hosts.ini).", Scope.INVENTORY),
            new Entry("XDG_STATE_HOME", "Runs are recorded under $XDG_STATE_HOME/fanout when it is an absolute path "
                    + "(default ~/.local/state/fanout).", Scope.ALL),
            new Entry("SSH_AUTH_SOCK", "The ssh-agent to ask for keys.", Scope.CONNECT),
            new Entry("NO_COLOR", "When set and not empty, no colour unless --color=always; TERM=dumb too.", Scope.ALL),
            new Entry("HOME", "Where ~/.ssh and the default state and config directories are.", Scope.ALL),
            new Entry("USER", "The login user for hosts that name none (in the inventory or ssh_config).",
                    Scope.INVENTORY),
            new Entry("FANOUT_LOG", "The level of the SSH library's log on stderr (error, warn, info, debug, trace).",
                    Scope.ALL),
            new Entry("FANOUT_DEBUG", "When set, an internal error (exit code 70) prints its stack trace.", Scope.ALL),
            new Entry("FANOUT_JAVA_HOME", "The Java 25 runtime the launcher of a source build uses, before $JAVA_HOME, "
                    + "the java on PATH and /usr/lib/jvm; a release (the tarball, the Debian package) always runs the "
                    + "runtime it ships.", Scope.ALL),
            new Entry("FANOUT_JAVA_OPTS", "More options for the JVM, such as -Xmx2g for very large fan-outs.",
                    Scope.ALL),
            new Entry("FANOUT_JAR", "The jar the launcher runs, instead of the one beside it.", Scope.ALL));

    static final List<Entry> FILES = List.of(
            new Entry("./hosts.ini", "The inventory when neither -i nor $FANOUT_INVENTORY names one.", Scope.INVENTORY),
            new Entry("$XDG_CONFIG_HOME/fanout/hosts.ini", "The per-user inventory, after ./hosts.ini "
                    + "(default ~/.config/fanout/hosts.ini).", Scope.INVENTORY),
            new Entry("~/.ssh/config", "The user's OpenSSH client configuration, read before /etc/ssh/ssh_config "
                    + "unless -F or $FANOUT_SSH_CONFIG names another.", Scope.INVENTORY),
            new Entry("~/.ssh/known_hosts", "The host keys trusted; --accept-new records new ones here. "
                    + "/etc/ssh/ssh_known_hosts and /etc/ssh/ssh_known_hosts2 are read too.", Scope.CONNECT),
            new Entry("~/.ssh/id_ed25519, ~/.ssh/id_ecdsa, ~/.ssh/id_rsa", "The default keys, when the inventory and "
                    + "ssh_config name none.", Scope.CONNECT),
            new Entry("$XDG_STATE_HOME/fanout", "The recorded runs that history, show and --rerun-failed read "
                    + "(default ~/.local/state/fanout), and fanout shell's history (" + ShellCommand.HISTORY + ").",
                    Scope.ALL),
            new Entry("fanout-cli/target/man, fanout-cli/target/completion", "In a build: these pages, and the "
                    + "completion scripts fanout.bash (bash) and _fanout (zsh); 'bin/fanout --install-paths' prints "
                    + "where. Installed: /usr/share/man/man1, /usr/share/bash-completion/completions/fanout, "
                    + "/usr/share/zsh/vendor-completions/_fanout.", Scope.MAIN));

    /** The scopes of the entries a command's page lists: by the options it has. */
    static Scope[] scopes(CommandSpec spec, boolean all) {
        if (all) {
            return Scope.values();
        }
        List<Scope> scopes = new ArrayList<>(List.of(Scope.ALL));
        for (OptionSpec option : spec.options()) {
            Class<?> declaring = option.userObject() instanceof Member m ? m.getDeclaringClass() : null;
            if ((declaring == InventoryOptions.class || declaring == SeedOptions.class)
                    && !scopes.contains(Scope.INVENTORY)) {
                scopes.add(Scope.INVENTORY);
            }
            if ((declaring == ConnectionOptions.class || declaring == SeedOptions.class)
                    && !scopes.contains(Scope.CONNECT)) {
                scopes.add(Scope.CONNECT);
            }
        }
        return scopes.toArray(Scope[]::new);
    }

    static void entries(Roff roff, String section, List<Entry> entries, Scope[] scopes, boolean italic) {
        roff.line(".SH " + section);
        for (Entry entry : entries) {
            if (List.of(scopes).contains(entry.scope())) {
                String font = italic ? "\\fI" : "\\fB";
                roff.tagged(font + Roff.escape(entry.name()) + "\\fR", entry.text());
            }
        }
    }
}
