package dev.fanout.cli;

import dev.fanout.core.inventory.Become;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import picocli.CommandLine.Option;

import java.util.List;

/** The options that run a job's commands through sudo on every host: --sudo, -U, -K (as Ansible's become). */
final class BecomeOptions {
    @Option(names = "--sudo",
            description = "Run through sudo as root (or the user of -U) on every host: the command for 'run' (by "
                    + "/bin/sh), the move into place for 'put'. A host whose sudo refuses the password fails with "
                    + "'sudo: incorrect password'. The inventory may ask for it per host (become = yes).")
    boolean sudo;

    @Option(names = {"-U", "--sudo-user"}, paramLabel = "USER",
            description = "Become USER rather than root (implies --sudo).")
    String user;

    @Option(names = {"-K", "--ask-become-pass"},
            description = "Ask once, before any host is contacted, for sudo's password, for every host that goes "
                    + "through sudo and has none in the inventory (become_password_env). It is written to sudo's "
                    + "input only when sudo asks for it, never on a command line.")
    boolean askPass;

    /** Whether the command line asks for sudo on every host. */
    boolean enabled() {
        return sudo || user != null;
    }

    /** {@code hosts} with the command line's sudo settings over the inventory's, and sudo's password asked once. */
    List<Host> apply(CliEnvironment env, List<Host> hosts) throws UserException {
        if (enabled()) {
            Become become;
            try {
                become = user == null ? null : Become.NONE.withUser(user);
            } catch (IllegalArgumentException e) {
                throw new UserException("bad --sudo-user '" + user + "': a user name has no spaces and does not "
                        + "start with '-'");
            }
            String target = become == null ? null : become.user();
            hosts = hosts.stream().map(h -> h.withBecome(target == null ? h.become().withEnabled(true)
                    : h.become().withEnabled(true).withUser(target))).toList();
        }
        if (askPass) {
            List<Host> asking = hosts.stream().filter(h -> h.become().enabled() && h.become().password() == null)
                    .toList();
            if (hosts.stream().noneMatch(h -> h.become().enabled())) {
                throw new UserException("--ask-become-pass: no selected host runs through sudo (add --sudo)");
            }
            if (!asking.isEmpty()) {
                Secret password = PasswordPrompt.ask(env, "--ask-become-pass", "sudo password", asking);
                hosts = hosts.stream().map(h -> h.become().enabled() && h.become().password() == null
                        ? h.withBecome(h.become().withPassword(password)) : h).toList();
            }
        }
        return hosts;
    }
}
