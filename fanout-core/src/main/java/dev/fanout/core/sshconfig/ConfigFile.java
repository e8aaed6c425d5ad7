package dev.fanout.core.sshconfig;

import dev.fanout.core.text.Problems;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * One ssh_config file parsed into the lines fanout acts on: Host and Match lines, the settings it uses, and Include
 * lines with the files they name, parsed too. Other keywords are skipped: the file is ssh's as well. Immutable.
 *
 * <p>Syntax as OpenSSH 9 reads it: a keyword (any case) and its arguments separated by whitespace or one {@code =};
 * arguments may be quoted with {@code "} or {@code '}; a backslash escapes a quote, a backslash or a space; a
 * {@code #} at the start of a line or of an argument starts a comment.
 *
 * <p>As ssh, the file is read as bytes, lines ending at {@code \n}: comments and the arguments of keywords fanout
 * does not use may hold anything. An argument fanout uses must be UTF-8 text; one that is not is an error naming its
 * line, when it is used (see {@link Setting#utf8()}). A keyword that is not OpenSSH's gives a warning naming its first
 * line (unless an earlier {@code IgnoreUnknown} names it), as ssh would refuse it; OpenSSH's other keywords are
 * skipped without a word.
 *
 * @param source     the file as messages show it, e.g. {@code ~/.ssh/config}
 * @param directives its lines, in order
 * @param lines      how many lines it holds with its Includes read in place (each included file once per Include)
 */
record ConfigFile(String source, List<Directive> directives, int lines) {
    /** OpenSSH's limit on nested Include. */
    static final int MAX_DEPTH = 16;
    /** How many lines all the files of one load may hold, counting a file once per Include that reads it. */
    static final int MAX_LINES = 100_000;
    private static final Set<String> SETTINGS = Set.of("hostname", "port", "user", "identityfile",
            "identitiesonly", "userknownhostsfile", "proxyjump", "proxycommand");
    /** Where fanout's own option does what an {@code ssh -o} keyword would. */
    private static final Map<String, String> OPTION_HINTS = Map.of(
            "stricthostkeychecking", ": use --accept-new (fanout never accepts every key)",
            "connecttimeout", ": use -t",
            "batchmode", ": fanout never prompts once hosts are contacted",
            "loglevel", ": set FANOUT_LOG",
            "proxycommand", ": use ProxyJump");
    private static final Set<String> MATCH_WITHOUT_ARGUMENT = Set.of("all", "canonical", "final");
    static final Set<String> MATCH_SUPPORTED = Set.of("all", "canonical", "final", "host", "originalhost", "user",
            "localuser");

    /** A line that matters to fanout. */
    sealed interface Directive {
        int line();
    }

    /** {@code Host pattern...}: the settings below apply when a pattern matches and no negated one does. */
    record HostLine(int line, List<String> patterns) implements Directive {
    }

    /** {@code Match criterion...}; {@code unsupported} names the first criterion fanout cannot judge, or null. */
    record MatchLine(int line, List<Criterion> criteria, String unsupported) implements Directive {
    }

    /** One Match criterion: {@code [!]attribute [argument]}, the attribute in lower case. */
    record Criterion(String attribute, boolean negated, String argument) {
    }

    /**
     * A setting fanout uses, its keyword in lower case.
     *
     * @param utf8 whether every argument was UTF-8 text; when not, the arguments hold U+FFFD for the bad bytes and
     *             using the setting is an error
     */
    record Setting(int line, String keyword, List<String> arguments, boolean utf8) implements Directive {
        Setting(int line, String keyword, List<String> arguments) {
            this(line, keyword, arguments, true);
        }
    }

    /** {@code Include}: the files its patterns matched, in order. */
    record Include(int line, List<ConfigFile> files) implements Directive {
    }

    /** Reads the settings files of one {@link SshConfig}; not thread-safe, used by one load. */
    static final class Reader {
        private final SshConfig.Context context;
        private final Consumer<String> warnings;
        /** The files being read, innermost last: an Include of one of them is a loop. */
        private final List<Path> reading = new ArrayList<>();
        /** Files already read whole, by real path, so a file included many times is parsed once. */
        private final Map<Path, ConfigFile> read = new HashMap<>();
        private final Set<String> warned = new HashSet<>();
        private final Set<String> ignoreUnknown = new LinkedHashSet<>();
        private int totalLines;

        Reader(SshConfig.Context context, Consumer<String> warnings) {
            this.context = context;
            this.warnings = warnings;
        }

        /**
         * Parses {@code file}. Relative Include paths are taken in {@code includeBase} (~/.ssh for the user's file,
         * /etc/ssh for the system's).
         */
        ConfigFile read(Path file, Path includeBase, int depth) throws SshConfigException {
            String source = context.shown(file);
            byte[] bytes;
            try {
                bytes = Files.readAllBytes(file);
            } catch (NoSuchFileException e) {
                throw new SshConfigException(source, 0, "cannot read: no such file", e);
            } catch (IOException e) {
                throw new SshConfigException(source, 0, "cannot read: " + Problems.of(e), e);
            }
            Path real = realPath(file);
            reading.add(real);
            try {
                return parse(bytes, source, includeBase, depth);
            } finally {
                reading.removeLast();
            }
        }

        /**
         * Parses options given as {@code ssh -o} takes them ({@code Keyword=value} or {@code Keyword value}), one
         * line each, for every host; a keyword fanout does not read is an error, not a warning, since the user asked
         * for it by name.
         */
        ConfigFile options(List<String> options) throws SshConfigException {
            var lines = new StringBuilder();
            for (String option : options) {
                int equals = option.indexOf('=');
                int space = option.indexOf(' ');
                String keyword = (equals > 0 && (space < 0 || equals < space) ? option.substring(0, equals)
                        : space > 0 ? option.substring(0, space) : option).strip();
                String lower = keyword.toLowerCase(Locale.ROOT);
                if (option.indexOf('\n') >= 0 || keyword.isEmpty() || equals < 0 && space < 0) {
                    throw new SshConfigException("-o", 0, "bad option '" + option + "': write KEYWORD=VALUE");
                }
                if (!SETTINGS.contains(lower) || lower.equals("proxycommand")) {
                    throw new SshConfigException("-o", 0, "'" + option + "': fanout does not use " + keyword
                            + OPTION_HINTS.getOrDefault(lower, " (it reads HostName, Port, User, IdentityFile, "
                            + "IdentitiesOnly, UserKnownHostsFile and ProxyJump)"));
                }
                lines.append(option).append('\n');
            }
            return parse(lines.toString().getBytes(StandardCharsets.UTF_8), "-o", context.home().resolve(".ssh"), 0);
        }

        private ConfigFile parse(byte[] bytes, String source, Path includeBase, int depth)
                throws SshConfigException {
            var directives = new ArrayList<Directive>();
            int lines = 0;
            int start = 0;
            for (int number = 1; start < bytes.length; number++) {
                int end = start;
                while (end < bytes.length && bytes[end] != '\n') {
                    end++;
                }
                // One char per byte: the syntax is ASCII, and each argument is decoded on its own below.
                String text = new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
                start = end + 1;
                lines++;
                if (++totalLines > MAX_LINES) {
                    throw new SshConfigException(source, number, "the configuration with its Includes holds more "
                            + "than " + MAX_LINES + " lines");
                }
                List<String> raw = words(text, source, number);
                if (raw.isEmpty()) {
                    continue;
                }
                String written = decodeOrNull(raw.getFirst());
                String keyword = written == null ? null : written.toLowerCase(Locale.ROOT);
                List<String> rawArguments = raw.subList(1, raw.size());
                if (keyword == null) {
                    warnOnce("\0" + raw.getFirst(), source + ":" + number + ": unknown keyword '"
                            + lenient(raw.getFirst()) + "' (not UTF-8 text) skipped");
                    continue;
                }
                switch (keyword) {
                    case "host" -> {
                        need(rawArguments, source, number, "Host");
                        directives.add(new HostLine(number, lenientAll(rawArguments)));
                    }
                    case "match" -> directives.add(match(lenientAll(rawArguments), source, number));
                    case "include" -> {
                        need(rawArguments, source, number, "Include");
                        if (depth >= MAX_DEPTH) {
                            throw new SshConfigException(source, number, "Include nested more than " + MAX_DEPTH
                                    + " deep");
                        }
                        var files = new ArrayList<ConfigFile>();
                        for (String pattern : rawArguments) {
                            String decoded = decodeOrNull(pattern);
                            if (decoded == null) {
                                throw new SshConfigException(source, number, "bad Include '" + lenient(pattern)
                                        + "': not UTF-8 text");
                            }
                            for (Path included : expand(decoded, includeBase, source, number)) {
                                files.add(include(included, includeBase, depth, source, number));
                            }
                        }
                        lines += files.stream().mapToInt(ConfigFile::lines).sum();
                        directives.add(new Include(number, List.copyOf(files)));
                    }
                    case "ignoreunknown" -> {
                        for (String argument : rawArguments) {
                            ignoreUnknown.add(lenient(argument).toLowerCase(Locale.ROOT));
                        }
                    }
                    default -> {
                        if (SETTINGS.contains(keyword)) {
                            directives.add(setting(keyword, written, rawArguments, source, number));
                        } else if (!OpenSshKeywords.isClientKeyword(keyword) && !ignored(keyword)) {
                            warnOnce(keyword, source + ":" + number + ": unknown keyword '" + written
                                    + "' skipped" + OpenSshKeywords.suggestion(keyword));
                        }
                    }
                }
            }
            return new ConfigFile(source, List.copyOf(directives), lines);
        }

        /** An included file: parsed once per load, and never one that is being read (a loop). */
        private ConfigFile include(Path file, Path includeBase, int depth, String source, int line)
                throws SshConfigException {
            Path real = realPath(file);
            if (reading.contains(real)) {
                throw new SshConfigException(source, line, "Include loop: " + context.shown(file)
                        + " is already being read");
            }
            ConfigFile known = read.get(real);
            if (known != null) {
                totalLines += known.lines();
                if (totalLines > MAX_LINES) {
                    throw new SshConfigException(source, line, "the configuration with its Includes holds more "
                            + "than " + MAX_LINES + " lines");
                }
                return known;
            }
            ConfigFile parsed = read(file, includeBase, depth + 1);
            read.put(real, parsed);
            return parsed;
        }

        private static Path realPath(Path file) {
            try {
                return file.toRealPath();
            } catch (IOException e) {
                return file.toAbsolutePath().normalize();
            }
        }

        /** IgnoreUnknown's patterns, as ssh matches them: any case. */
        private boolean ignored(String keyword) {
            for (String patterns : ignoreUnknown) {
                if (SshPatterns.list(keyword, patterns, true)) {
                    return true;
                }
            }
            return false;
        }

        private void warnOnce(String key, String message) {
            if (warned.add(key)) {
                warnings.accept(message);
            }
        }

        private MatchLine match(List<String> arguments, String source, int line) throws SshConfigException {
            need(arguments, source, line, "Match");
            var criteria = new ArrayList<Criterion>();
            String unsupported = null;
            for (int i = 0; i < arguments.size(); i++) {
                String word = arguments.get(i);
                boolean negated = word.startsWith("!");
                String attribute = (negated ? word.substring(1) : word).toLowerCase(Locale.ROOT);
                String argument = null;
                if (!MATCH_WITHOUT_ARGUMENT.contains(attribute)) {
                    if (i + 1 >= arguments.size()) {
                        throw new SshConfigException(source, line, "Match " + attribute + " needs an argument");
                    }
                    argument = arguments.get(++i);
                }
                if (attribute.equals("all") && (i + 1 < arguments.size()
                        || criteria.stream().anyMatch(c -> !c.attribute().equals("canonical")
                        && !c.attribute().equals("final")))) {
                    throw new SshConfigException(source, line, "Match all cannot be combined with other criteria");
                }
                if (!MATCH_SUPPORTED.contains(attribute) && unsupported == null) {
                    unsupported = attribute;
                    warnings.accept(source + ":" + line + ": Match " + attribute
                            + " is not supported by fanout: that block never applies");
                }
                criteria.add(new Criterion(attribute, negated, argument));
            }
            return new MatchLine(line, List.copyOf(criteria), unsupported);
        }

        /** A setting fanout uses; its value is checked when a host uses it (see {@code SshConfig}). */
        private static Setting setting(String keyword, String written, List<String> rawArguments, String source,
                                       int line) throws SshConfigException {
            need(rawArguments, source, line, written);
            boolean utf8 = rawArguments.stream().allMatch(argument -> decodeOrNull(argument) != null);
            return new Setting(line, keyword, lenientAll(rawArguments), utf8);
        }

        private static void need(List<String> arguments, String source, int line, String keyword)
                throws SshConfigException {
            if (arguments.isEmpty()) {
                throw new SshConfigException(source, line, keyword + " needs an argument");
            }
        }

        /** The existing files an Include pattern names, sorted as glob(3) sorts them; none is not an error. */
        private List<Path> expand(String pattern, Path base, String source, int line) throws SshConfigException {
            Path path = context.tilde(pattern, source, line, "Include");
            if (!path.isAbsolute()) {
                path = base.resolve(path);
            }
            List<Path> candidates = List.of(path.getRoot());
            for (Path part : path.getRoot().relativize(path)) {
                String name = part.toString();
                var next = new ArrayList<Path>();
                for (Path directory : candidates) {
                    if (name.indexOf('*') < 0 && name.indexOf('?') < 0) {
                        next.add(directory.resolve(name));
                        continue;
                    }
                    var matched = new TreeSet<Path>();
                    try (DirectoryStream<Path> entries = Files.newDirectoryStream(directory)) {
                        for (Path entry : entries) {
                            String entryName = entry.getFileName().toString();
                            // As glob(3): a wildcard does not match a leading dot.
                            if ((!entryName.startsWith(".") || name.startsWith("."))
                                    && SshPatterns.glob(name, entryName)) {
                                matched.add(entry);
                            }
                        }
                    } catch (IOException e) {
                        // A directory that cannot be listed holds no match, as for glob(3).
                    }
                    next.addAll(matched);
                }
                candidates = next;
            }
            return candidates.stream().filter(Files::isRegularFile).toList();
        }
    }

    /** Splits a line into its keyword and arguments; empty for blank and comment lines. */
    static List<String> words(String text, String source, int line) throws SshConfigException {
        var words = new ArrayList<String>();
        int i = skipSpace(text, 0);
        if (i == text.length() || text.charAt(i) == '#') {
            return words;
        }
        int start = i;
        while (i < text.length() && !isSpace(text.charAt(i)) && text.charAt(i) != '=') {
            i++;
        }
        words.add(text.substring(start, i));
        i = skipSpace(text, i);
        if (i < text.length() && text.charAt(i) == '=') {
            i = skipSpace(text, i + 1);
        }
        var word = new StringBuilder();
        while (i < text.length()) {
            if (text.charAt(i) == '#') {
                break;
            }
            char quote = 0;
            word.setLength(0);
            while (i < text.length()) {
                char c = text.charAt(i);
                if (quote == 0 && isSpace(c)) {
                    break;
                }
                if (c == quote) {
                    quote = 0;
                } else if (quote == 0 && (c == '"' || c == '\'')) {
                    quote = c;
                } else if (c == '\\' && quote != '\'' && i + 1 < text.length()
                        && "\\\"' ".indexOf(text.charAt(i + 1)) >= 0) {
                    word.append(text.charAt(++i));
                } else {
                    word.append(c);
                }
                i++;
            }
            if (quote != 0) {
                throw new SshConfigException(source, line, "unterminated quote " + quote);
            }
            words.add(word.toString());
            i = skipSpace(text, i);
        }
        return words;
    }

    /** A word of one char per byte as UTF-8 text, or null when its bytes are not UTF-8. */
    static String decodeOrNull(String bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.getBytes(StandardCharsets.ISO_8859_1))).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    /** A word of one char per byte as UTF-8 text, bytes that are not UTF-8 as U+FFFD (which no host name holds). */
    static String lenient(String bytes) {
        return new String(bytes.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    }

    private static List<String> lenientAll(List<String> words) {
        return words.stream().map(ConfigFile::lenient).toList();
    }

    private static int skipSpace(String text, int i) {
        while (i < text.length() && isSpace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isSpace(char c) {
        return c == ' ' || c == '\t' || c == '\r' || c == '\f';
    }
}
