package dev.fanout.core.sshconfig;

import dev.fanout.core.sshconfig.ConfigFile.Criterion;
import dev.fanout.core.sshconfig.ConfigFile.Directive;
import dev.fanout.core.sshconfig.ConfigFile.HostLine;
import dev.fanout.core.sshconfig.ConfigFile.Include;
import dev.fanout.core.sshconfig.ConfigFile.MatchLine;
import dev.fanout.core.sshconfig.ConfigFile.Setting;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * The user's OpenSSH client configuration ({@code ~/.ssh/config}, then {@code /etc/ssh/ssh_config}, or one file
 * given with {@code -F}), as far as it says how to reach a host: HostName, Port, User, IdentityFile,
 * IdentitiesOnly, UserKnownHostsFile, ProxyJump, and whether a ProxyCommand is asked for. Resolution follows
 * {@code ssh -G}: the first value obtained wins, Host and Match blocks (criteria all, host, originalhost, user,
 * localuser, canonical, final; final makes a second pass as OpenSSH does), Include with wildcards, tokens such as
 * {@code %h}, {@code %d}, {@code %r}, environment variables {@code ${NAME}} and {@code ~/} in file names.
 *
 * <p>MINA SSHD has a reader of its own, but it throws on any Match block and ignores Include, so a real user's file
 * would stop fanout; this one reads what ssh reads. Immutable and thread-safe once loaded.
 */
public final class SshConfig {
    /** No configuration at all: every host as named, port 22, the local user, the default keys. */
    public static final SshConfig NONE = new SshConfig(List.of(), null, List.of(), false);

    private final List<ConfigFile> files;
    private final Context context;
    private final List<String> warnings;
    private final boolean finalPass;

    private SshConfig(List<ConfigFile> files, Context context, List<String> warnings, boolean finalPass) {
        this.files = files;
        this.context = context;
        this.warnings = warnings;
        this.finalPass = finalPass;
    }

    /**
     * Reads the user's and the system's files, as ssh does without {@code -F}; a missing file is skipped.
     *
     * @param userFile   usually {@code ~/.ssh/config}
     * @param systemFile usually {@code /etc/ssh/ssh_config}
     */
    public static SshConfig loadDefaults(Path userFile, Path systemFile, Context context) throws SshConfigException {
        var warnings = new ArrayList<String>();
        var reader = new ConfigFile.Reader(context, warnings::add);
        var files = new ArrayList<ConfigFile>();
        if (Files.exists(userFile)) {
            files.add(reader.read(userFile, context.home().resolve(".ssh"), 0));
        }
        if (Files.exists(systemFile)) {
            files.add(reader.read(systemFile, systemFile.toAbsolutePath().getParent(), 0));
        }
        return new SshConfig(List.copyOf(files), context, List.copyOf(warnings), wantsFinalPass(files));
    }

    /** Reads one file only, as {@code ssh -F FILE} does; it must exist. */
    public static SshConfig load(Path file, Context context) throws SshConfigException {
        var warnings = new ArrayList<String>();
        ConfigFile parsed = new ConfigFile.Reader(context, warnings::add).read(file,
                context.home().resolve(".ssh"), 0);
        return new SshConfig(List.of(parsed), context, List.copyOf(warnings), wantsFinalPass(List.of(parsed)));
    }

    /**
     * This configuration with {@code options} in front, as {@code ssh -o} gives them: for every host, and ahead of
     * every file, so that their values win.
     *
     * @throws SshConfigException naming the option, for a malformed one or a keyword fanout does not read
     */
    public SshConfig withOptions(List<String> options, Context context) throws SshConfigException {
        if (options.isEmpty()) {
            return this;
        }
        var warnings = new ArrayList<String>(this.warnings);
        ConfigFile given = new ConfigFile.Reader(context, warnings::add).options(options);
        var all = new ArrayList<ConfigFile>();
        all.add(given);
        all.addAll(files);
        return new SshConfig(List.copyOf(all), context, List.copyOf(warnings), finalPass);
    }

    /** What fanout could not honour while reading, one line each naming file and line; empty when all was read. */
    public List<String> warnings() {
        return warnings;
    }

    /**
     * How to reach {@code host}, as {@code ssh -l user -p port host} would.
     *
     * @param host the name ssh would be given (the alias Host lines match)
     * @param user the user given explicitly, which the file cannot override, or null
     * @param port the port given explicitly, or 0
     * @param localUser the local user: the default user, and Match localuser's subject
     * @throws SshConfigException when a value the host uses cannot be expanded (an unknown {@code %} token, say)
     */
    public Resolved resolve(String host, String user, int port, String localUser) throws SshConfigException {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(localUser, "localUser");
        var state = new State(host, localUser);
        state.user = user;
        state.port = port;
        for (ConfigFile file : files) {
            apply(file, state, host, false, true, false);
        }
        if (finalPass) {
            String renamed = state.hostName(host);
            for (ConfigFile file : files) {
                apply(file, state, renamed, true, true, false);
            }
        }
        return state.resolved();
    }

    private static boolean wantsFinalPass(List<ConfigFile> files) {
        for (ConfigFile file : files) {
            for (Directive directive : file.directives()) {
                boolean wants = switch (directive) {
                    case MatchLine match -> match.criteria().stream().anyMatch(c -> c.attribute().equals("final"));
                    case Include include -> wantsFinalPass(include.files());
                    default -> false;
                };
                if (wants) {
                    return true;
                }
            }
        }
        return false;
    }

    private void apply(ConfigFile file, State state, String host, boolean postCanonical, boolean active,
                       boolean neverMatch) throws SshConfigException {
        for (Directive directive : file.directives()) {
            switch (directive) {
                case HostLine line -> active = !neverMatch && hostMatches(line.patterns(), host);
                case MatchLine line -> active = !neverMatch && matches(line, state, host, postCanonical);
                case Setting setting -> {
                    if (active) {
                        state.set(file.source(), setting);
                    }
                }
                case Include include -> {
                    for (ConfigFile included : include.files()) {
                        apply(included, state, host, postCanonical, active, neverMatch || !active);
                    }
                }
            }
        }
    }

    /**
     * A Host line: some pattern matches and no negated pattern does. As in ssh, the patterns compare as written (case
     * matters) with the host as given, or in the final pass with the host name, which ssh has lower-cased by then.
     */
    private static boolean hostMatches(List<String> patterns, String host) {
        boolean matched = false;
        for (String pattern : patterns) {
            boolean negated = pattern.startsWith("!");
            if (SshPatterns.glob(negated ? pattern.substring(1) : pattern, host)) {
                if (negated) {
                    return false;
                }
                matched = true;
            }
        }
        return matched;
    }

    private boolean matches(MatchLine line, State state, String host, boolean postCanonical)
            throws SshConfigException {
        if (line.unsupported() != null) {
            return false;
        }
        for (Criterion criterion : line.criteria()) {
            String hostName = criterion.attribute().equals("host") && !postCanonical ? state.hostName(host) : host;
            boolean result = switch (criterion.attribute()) {
                case "all" -> true;
                case "canonical", "final" -> postCanonical;
                case "host" -> SshPatterns.list(hostName, criterion.argument(), true);
                case "originalhost" -> SshPatterns.list(state.alias, criterion.argument(), true);
                case "user" -> SshPatterns.list(state.user != null ? state.user : state.localUser,
                        criterion.argument(), false);
                case "localuser" -> SshPatterns.list(state.localUser, criterion.argument(), false);
                default -> throw new IllegalStateException("unsupported criterion " + criterion.attribute());
            };
            if (result == criterion.negated()) {
                return false;
            }
        }
        return true;
    }

    /**
     * A port 1-65535, given as a number or, as ssh takes it, as a TCP service name of {@code /etc/services}
     * ({@code ssh}); 0 when {@code text} is neither.
     */
    static int port(String text) {
        if (text.isEmpty() || !text.chars().allMatch(c -> c >= '0' && c <= '9')) {
            return ServiceNames.tcpPort(text);
        }
        if (text.length() > 5) {
            return 0;
        }
        int port = Integer.parseInt(text);
        return port <= 65535 ? port : 0;
    }

    /** yes/true or no/false, any case; null for anything else. */
    static Boolean flag(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "yes", "true" -> true;
            case "no", "false" -> false;
            default -> null;
        };
    }

    /**
     * How one host is reached according to the configuration; every value is final (tokens expanded, defaults
     * applied). Immutable.
     *
     * @param hostName       the address to connect to (HostName, else the host as given)
     * @param port           the port (the explicit one, else Port, else 22)
     * @param user           the login user (the explicit one, else User, else the local user)
     * @param identityFiles  the IdentityFile entries, in order; empty when none was given
     * @param identitiesOnly IdentitiesOnly: offer only these files, not the agent's keys
     * @param knownHosts     the UserKnownHostsFile entries; empty when none was given
     * @param proxyJump      the ProxyJump hops, first hop first; empty when the host is reached directly
     * @param proxyCommand   the words of the ProxyCommand (fanout does not run it), or null
     * @param proxyLine      {@code FILE:LINE} of the ProxyJump that gave the hops or of the ProxyCommand, or null
     *                       when the host is reached directly
     */
    public record Resolved(String hostName, int port, String user, List<Path> identityFiles, boolean identitiesOnly,
                           List<Path> knownHosts, List<Jump> proxyJump, String proxyCommand, String proxyLine) {
        public Resolved {
            identityFiles = List.copyOf(identityFiles);
            knownHosts = List.copyOf(knownHosts);
            proxyJump = List.copyOf(proxyJump);
        }
    }

    /**
     * One hop of a ProxyJump: {@code [user@]host[:port]} or {@code ssh://[user@]host[:port]}. Immutable.
     *
     * @param user the user given in the hop, or null
     * @param host the host as given, which the jump host's own Host lines match
     * @param port the port given in the hop, or 0
     */
    public record Jump(String user, String host, int port) {
        /** How many hops one ProxyJump may list. */
        static final int MAX_HOPS = 16;

        /** The hops of a ProxyJump value, or an {@link IllegalArgumentException} saying what is wrong. */
        static List<Jump> parseAll(String value) {
            String[] written = value.split(",", -1);
            if (written.length > MAX_HOPS) {
                throw new IllegalArgumentException("ProxyJump lists " + written.length + " hops; at most " + MAX_HOPS
                        + " are allowed");
            }
            var hops = new ArrayList<Jump>();
            for (String hop : written) {
                hops.add(parse(hop));
            }
            return List.copyOf(hops);
        }

        private static Jump parse(String hop) {
            String rest = hop.startsWith("ssh://") ? hop.substring("ssh://".length()) : hop;
            if (rest.endsWith("/")) {
                rest = rest.substring(0, rest.length() - 1);
            }
            String user = null;
            int at = rest.lastIndexOf('@');
            if (at >= 0) {
                user = rest.substring(0, at);
                rest = rest.substring(at + 1);
            }
            int port = 0;
            String host = rest;
            int colon = rest.lastIndexOf(':');
            if (rest.startsWith("[") && rest.contains("]")) {
                int close = rest.indexOf(']');
                host = rest.substring(1, close);
                if (close + 1 < rest.length()) {
                    port = hopPort(rest.substring(close + 1), hop);
                }
            } else if (colon >= 0 && rest.indexOf(':') == colon) {
                host = rest.substring(0, colon);
                port = hopPort(rest.substring(colon), hop);
            }
            if (host.isEmpty() || (user != null && user.isEmpty()) || host.chars().anyMatch(Character::isWhitespace)) {
                throw new IllegalArgumentException("bad ProxyJump hop '" + hop + "': expected [user@]host[:port]");
            }
            return new Jump(user, host, port);
        }

        private static int hopPort(String colonPort, String hop) {
            int port = colonPort.startsWith(":") ? SshConfig.port(colonPort.substring(1)) : 0;
            if (port == 0) {
                throw new IllegalArgumentException("bad port in ProxyJump hop '" + hop
                        + "': expected a number from 1 to 65535 or a service name");
            }
            return port;
        }
    }

    /**
     * What resolution needs of the local side.
     *
     * @param home      the user's home: {@code ~}, {@code %d}, and where relative Include paths start
     * @param env       environment variables, for {@code ${NAME}}
     */
    public record Context(Path home, Function<String, String> env) {
        public Context {
            Objects.requireNonNull(home, "home");
            Objects.requireNonNull(env, "env");
        }

        /** {@code file} as messages show it: under the home as {@code ~/...}. */
        String shown(Path file) {
            Path absolute = file.toAbsolutePath().normalize();
            return absolute.startsWith(home) ? "~/" + home.relativize(absolute) : file.toString();
        }

        /** {@code ~} and {@code ~/...} under the home; {@code ~user} is refused. */
        Path tilde(String value, String source, int line, String keyword) throws SshConfigException {
            String path = value;
            if (value.equals("~")) {
                path = home.toString();
            } else if (value.startsWith("~/")) {
                path = home + value.substring(1);
            } else if (value.startsWith("~")) {
                throw new SshConfigException(source, line, "bad " + keyword + " '" + value
                        + "': only ~ and ~/ are expanded; write the full path");
            }
            try {
                return Path.of(path);
            } catch (InvalidPathException e) {
                throw new SshConfigException(source, line, "bad " + keyword + " '" + value + "': " + e.getReason());
            }
        }
    }

    /** One resolution's values so far; the first value set wins, as in ssh. */
    private final class State {
        final String alias;
        final String localUser;
        Located hostName;
        int port;
        String user;
        Boolean identitiesOnly;
        final List<Located> identityFiles = new ArrayList<>();
        List<Located> knownHosts;
        boolean proxyDecided;
        String proxyJumpText = "";
        String proxyJumpLine;
        List<Jump> proxyJump = List.of();
        String proxyCommand;

        State(String alias, String localUser) {
            this.alias = alias;
            this.localUser = localUser;
        }

        /** Applies a setting of a block that applies to the host: its value is checked here, not before. */
        void set(String source, Setting setting) throws SshConfigException {
            String first = setting.arguments().getFirst();
            if (!setting.utf8()) {
                throw new SshConfigException(source, setting.line(), "the value of "
                        + OpenSshKeywords.spelled(setting.keyword()) + " is not UTF-8 text: '"
                        + String.join(" ", setting.arguments()) + "'");
            }
            switch (setting.keyword()) {
                case "hostname" -> {
                    if (hostName == null) {
                        hostName = new Located(first, source, setting.line());
                    }
                }
                case "port" -> {
                    int value = port(first);
                    if (value == 0) {
                        throw new SshConfigException(source, setting.line(), "bad Port '" + first
                                + "': expected a number from 1 to 65535 or a service name");
                    }
                    if (port == 0) {
                        port = value;
                    }
                }
                case "user" -> {
                    if (user == null) {
                        user = first;
                    }
                }
                case "identityfile" -> {
                    // As ssh, once per file name: the final pass reads the same lines again.
                    if (identityFiles.stream().noneMatch(file -> file.value().equals(first))) {
                        identityFiles.add(new Located(first, source, setting.line()));
                    }
                }
                case "identitiesonly" -> {
                    Boolean value = flag(first);
                    if (value == null) {
                        throw new SshConfigException(source, setting.line(), "bad IdentitiesOnly '" + first
                                + "': expected yes or no");
                    }
                    if (identitiesOnly == null) {
                        identitiesOnly = value;
                    }
                }
                case "userknownhostsfile" -> {
                    if (knownHosts == null) {
                        knownHosts = setting.arguments().stream()
                                .map(file -> new Located(file, source, setting.line())).toList();
                    }
                }
                case "proxyjump", "proxycommand" -> {
                    List<Jump> hops = List.of();
                    if (setting.keyword().equals("proxyjump") && !first.equalsIgnoreCase("none")) {
                        try {
                            hops = Jump.parseAll(first);
                        } catch (IllegalArgumentException e) {
                            throw new SshConfigException(source, setting.line(), e.getMessage());
                        }
                    }
                    // The two exclude each other: whichever comes first wins, and "none" is a value too.
                    if (!proxyDecided) {
                        proxyDecided = true;
                        if (first.equalsIgnoreCase("none")) {
                            return;
                        }
                        if (setting.keyword().equals("proxyjump")) {
                            proxyJumpText = first;
                            proxyJump = hops;
                            proxyJumpLine = source + ":" + setting.line();
                        } else {
                            proxyCommand = String.join(" ", setting.arguments());
                            proxyJumpLine = source + ":" + setting.line();
                        }
                    }
                }
                default -> throw new IllegalStateException("unexpected setting " + setting.keyword());
            }
        }

        /**
         * HostName with its tokens expanded (ssh accepts only {@code %h} and {@code %%} there), else the host as
         * given; lower-cased, as ssh lower-cases the name it connects to.
         */
        String hostName(String host) throws SshConfigException {
            if (hostName == null) {
                return host.toLowerCase(Locale.ROOT);
            }
            String value = hostName.value();
            var out = new StringBuilder(value.length() + host.length());
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c != '%') {
                    out.append(c);
                } else if (i + 1 == value.length()) {
                    throw hostName.error("bad HostName '" + value + "': it ends with a lone %");
                } else {
                    char token = value.charAt(++i);
                    switch (token) {
                        case '%' -> out.append('%');
                        case 'h' -> out.append(host);
                        default -> throw hostName.error("bad HostName '" + value + "': unknown token %" + token
                                + " (HostName accepts only %h and %%)");
                    }
                }
            }
            return out.toString().toLowerCase(Locale.ROOT);
        }

        Resolved resolved() throws SshConfigException {
            String finalHost = hostName(alias);
            int finalPort = port != 0 ? port : 22;
            String finalUser = user != null ? user : localUser;
            var tokens = new Tokens(finalHost, finalPort, finalUser);
            var keys = new ArrayList<Path>();
            for (Located file : identityFiles) {
                keys.add(tokens.path(file, "IdentityFile"));
            }
            var known = new ArrayList<Path>();
            if (knownHosts != null) {
                for (Located file : knownHosts) {
                    known.add(file.value().equalsIgnoreCase("none") ? Path.of("/dev/null")
                            : tokens.path(file, "UserKnownHostsFile"));
                }
            }
            return new Resolved(finalHost, finalPort, finalUser, keys, Boolean.TRUE.equals(identitiesOnly), known,
                    proxyJump, proxyCommand, proxyJump.isEmpty() && proxyCommand == null ? null : proxyJumpLine);
        }

        /** The tokens of file names (ssh_config(5) TOKENS) for one host. */
        private final class Tokens {
            private final String host;
            private final int port;
            private final String user;

            Tokens(String host, int port, String user) {
                this.host = host;
                this.port = port;
                this.user = user;
            }

            Path path(Located file, String keyword) throws SshConfigException {
                return context.tilde(environment(percent(file, keyword), file, keyword), file.source(), file.line(),
                        keyword);
            }

            private String percent(Located file, String keyword) throws SshConfigException {
                String value = file.value();
                var out = new StringBuilder(value.length() + 16);
                for (int i = 0; i < value.length(); i++) {
                    char c = value.charAt(i);
                    if (c != '%') {
                        out.append(c);
                        continue;
                    }
                    if (i + 1 == value.length()) {
                        throw file.error("bad " + keyword + " '" + value + "': it ends with a lone %");
                    }
                    char token = value.charAt(++i);
                    out.append(switch (token) {
                        case '%' -> "%";
                        case 'h' -> host;
                        case 'n', 'k' -> alias;
                        case 'p' -> Integer.toString(port);
                        case 'r' -> user;
                        case 'u' -> localUser;
                        case 'd' -> context.home().toString();
                        case 'l' -> LocalHost.name();
                        case 'L' -> LocalHost.shortName();
                        case 'i' -> {
                            String uid = LocalHost.uid();
                            if (uid == null) {
                                throw file.error("bad " + keyword + " '" + value + "': the user id (%i) is not known");
                            }
                            yield uid;
                        }
                        case 'j' -> proxyJumpText;
                        case 'C' -> sha1Hex(LocalHost.name() + host + port + user + proxyJumpText);
                        default -> throw file.error("bad " + keyword + " '" + value + "': unknown token %" + token);
                    });
                }
                return out.toString();
            }

            private String environment(String value, Located file, String keyword) throws SshConfigException {
                int start = value.indexOf("${");
                if (start < 0) {
                    return value;
                }
                var out = new StringBuilder();
                int from = 0;
                while (start >= 0) {
                    int end = value.indexOf('}', start);
                    if (end < 0) {
                        throw file.error("bad " + keyword + " '" + file.value() + "': ${ without }");
                    }
                    String name = value.substring(start + 2, end);
                    String variable = context.env().apply(name);
                    if (variable == null) {
                        throw file.error("bad " + keyword + " '" + file.value() + "': environment variable " + name
                                + " is not set");
                    }
                    out.append(value, from, start).append(variable);
                    from = end + 1;
                    start = value.indexOf("${", from);
                }
                return out.append(value.substring(from)).toString();
            }
        }
    }

    private static String sha1Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-1", e);
        }
    }

    /** A value with the file and line it came from. */
    private record Located(String value, String source, int line) {
        SshConfigException error(String what) {
            return new SshConfigException(source, line, what);
        }
    }

    /** Facts of the local machine for tokens, read when first needed. */
    private static final class LocalHost {
        // Read once, when a token first needs them (the class is initialised then), not once per host and file.
        private static final String NAME = readName();
        private static final String UID = readUid();

        private LocalHost() {
        }

        static String name() {
            return NAME;
        }

        static String shortName() {
            int dot = NAME.indexOf('.');
            return dot < 0 ? NAME : NAME.substring(0, dot);
        }

        /** The process's user id, or null where /proc does not tell it. */
        static String uid() {
            return UID;
        }

        private static String readName() {
            try {
                return Files.readString(Path.of("/proc/sys/kernel/hostname")).strip();
            } catch (IOException e) {
                try {
                    return java.net.InetAddress.getLocalHost().getHostName();
                } catch (IOException unknown) {
                    return "localhost";
                }
            }
        }

        private static String readUid() {
            try {
                return Files.getAttribute(Path.of("/proc/self"), "unix:uid").toString();
            } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
                return null;
            }
        }
    }
}
