package dev.fanout.core.sshconfig;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
 * @param source     the file as messages show it, e.g. {@code ~/.ssh/config}
 * @param directives its lines, in order
 */
record ConfigFile(String source, List<Directive> directives) {
    /** OpenSSH's limit on nested Include. */
    static final int MAX_DEPTH = 16;
    private static final Set<String> SETTINGS = Set.of("hostname", "port", "user", "identityfile",
            "identitiesonly", "userknownhostsfile", "proxyjump", "proxycommand");
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

    /** A setting fanout uses, its keyword in lower case. */
    record Setting(int line, String keyword, List<String> arguments) implements Directive {
    }

    /** {@code Include}: the files its patterns matched, in order. */
    record Include(int line, List<ConfigFile> files) implements Directive {
    }

    /** Reads the settings files of one {@link SshConfig}; not thread-safe, used by one load. */
    static final class Reader {
        private final SshConfig.Context context;
        private final Consumer<String> warnings;

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
            List<String> lines;
            try {
                lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (NoSuchFileException e) {
                throw new SshConfigException(source, 0, "cannot read: no such file", e);
            } catch (IOException e) {
                throw new SshConfigException(source, 0, "cannot read: " + e.getMessage(), e);
            }
            var directives = new ArrayList<Directive>();
            for (int i = 0; i < lines.size(); i++) {
                int number = i + 1;
                List<String> words = words(lines.get(i), source, number);
                if (words.isEmpty()) {
                    continue;
                }
                String keyword = words.getFirst().toLowerCase(Locale.ROOT);
                List<String> arguments = words.subList(1, words.size());
                switch (keyword) {
                    case "host" -> {
                        need(arguments, source, number, "Host");
                        directives.add(new HostLine(number, List.copyOf(arguments)));
                    }
                    case "match" -> directives.add(match(arguments, source, number));
                    case "include" -> {
                        need(arguments, source, number, "Include");
                        if (depth >= MAX_DEPTH) {
                            throw new SshConfigException(source, number, "Include nested more than " + MAX_DEPTH
                                    + " deep");
                        }
                        var files = new ArrayList<ConfigFile>();
                        for (String pattern : arguments) {
                            for (Path included : expand(pattern, includeBase, source, number)) {
                                files.add(read(included, includeBase, depth + 1));
                            }
                        }
                        directives.add(new Include(number, List.copyOf(files)));
                    }
                    default -> {
                        if (SETTINGS.contains(keyword)) {
                            directives.add(setting(keyword, words.getFirst(), arguments, source, number));
                        }
                    }
                }
            }
            return new ConfigFile(source, List.copyOf(directives));
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

        private static Setting setting(String keyword, String written, List<String> arguments, String source,
                                       int line) throws SshConfigException {
            need(arguments, source, line, written);
            String first = arguments.getFirst();
            switch (keyword) {
                case "port" -> {
                    if (SshConfig.port(first) == 0) {
                        throw new SshConfigException(source, line, "bad Port '" + first
                                + "': expected a number from 1 to 65535");
                    }
                }
                case "proxyjump" -> {
                    if (!first.equalsIgnoreCase("none")) {
                        try {
                            SshConfig.Jump.parseAll(first);
                        } catch (IllegalArgumentException e) {
                            throw new SshConfigException(source, line, e.getMessage());
                        }
                    }
                }
                case "identitiesonly" -> {
                    if (SshConfig.flag(first) == null) {
                        throw new SshConfigException(source, line, "bad IdentitiesOnly '" + first
                                + "': expected yes or no");
                    }
                }
                default -> {
                }
            }
            return new Setting(line, keyword, List.copyOf(arguments));
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
