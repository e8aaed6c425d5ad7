package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.select.NodeSet;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Asks a password once, on the terminal, for the hosts that need it, as ssh's prompt names them. Stateless. */
final class PasswordPrompt {
    /** The longest list of hosts a prompt names. */
    private static final int NAMES = 60;

    private PasswordPrompt() {
    }

    /**
     * The {@code what} ({@code password}, {@code sudo password}) typed for {@code asking}, asked because of
     * {@code option} ({@code --ask-pass}).
     *
     * @throws UserException when there is no terminal to ask on, or nothing was typed
     */
    static Secret ask(CliEnvironment env, String option, String what, List<Host> asking) throws UserException {
        CliEnvironment.SecretPrompt prompt = env.prompt()
                .orElseThrow(() -> new UserException(option + " needs a terminal to ask on"));
        char[] typed = prompt.ask(Character.toUpperCase(what.charAt(0)) + what.substring(1) + " for " + whom(asking)
                + ": ");
        if (typed == null) {
            throw new UserException("no " + what + " given");
        }
        try {
            return Secret.of(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    /**
     * Who a password is asked for, as ssh's prompt says it: {@code deploy@web[01-04]}, users apart
     * ({@code deploy@web[01-02], root@db1}); past {@link #NAMES} characters, only how many hosts.
     */
    static String whom(List<Host> hosts) {
        Map<String, List<String>> byUser = new TreeMap<>();
        hosts.forEach(h -> byUser.computeIfAbsent(h.user(), u -> new ArrayList<>()).add(h.name()));
        String names = byUser.entrySet().stream().map(e -> e.getKey() + "@" + NodeSet.fold(e.getValue()))
                .collect(Collectors.joining(", "));
        return names.length() <= NAMES ? names : hosts.size() + " hosts";
    }
}
