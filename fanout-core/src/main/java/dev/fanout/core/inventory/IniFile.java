package dev.fanout.core.inventory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An INI file read with the rules of Python's {@code configparser.ConfigParser} in its default configuration.
 * Immutable and thread-safe.
 *
 * <p>The rules, as configparser applies them with {@code strict=True}, {@code BasicInterpolation}, no inline
 * comments, {@code allow_no_value=False} and {@code empty_lines_in_values=True}:
 * <ul>
 *   <li>A line whose text (without surrounding whitespace) starts with {@code #} or {@code ;} is a comment, even when
 *       indented. There are no inline comments: {@code port = 22 ; ssh} has the value {@code 22 ; ssh}.</li>
 *   <li>A section header is {@code [NAME]}; the name runs to the last {@code ]} of the line and is case-sensitive;
 *       anything after that {@code ]} is ignored. A section may appear only once, except {@code [DEFAULT]}, which
 *       may be reopened (its options still may not repeat).</li>
 *   <li>An option is {@code NAME = VALUE} or {@code NAME : VALUE}, split at the first {@code =} or {@code :}. The
 *       name is lower-cased (configparser's {@code optionxform}) and both sides are stripped. An option may appear
 *       only once per section; every non-blank, non-comment line before the first header is an error.</li>
 *   <li>A line indented deeper than the line that started the current option continues its value: it is appended
 *       after a {@code "\n"}. Blank lines inside a value are kept, trailing ones dropped; comment lines inside a
 *       value are skipped.</li>
 *   <li>The options of {@code [DEFAULT]} are visible in every section unless the section sets its own.</li>
 *   <li>{@code %(name)s} in a value is replaced by the value of option {@code name} (lower-cased) of the same
 *       section, else of {@code [DEFAULT]}; the replacement is itself expanded, at most 10 levels deep and to at
 *       most {@link #MAX_VALUE_LENGTH} characters.
 *       {@code %%} is a literal {@code %}; any other {@code %} is an error.</li>
 * </ul>
 * Lines end at {@code \n}, {@code \r\n} or {@code \r}; "whitespace" is Python's ({@code str.isspace}); a leading byte
 * order mark is ignored. Where configparser would report several errors, this reader reports the first one by line
 * number. Error messages never show the value of a secret option (see {@link #parse(String, String, Set)}).
 */
public final class IniFile {
    /** The name of the section whose options every other section inherits. */
    public static final String DEFAULT_SECTION = "DEFAULT";

    /** How many levels of {@code %(name)s} references may nest, as in configparser. */
    public static final int MAX_INTERPOLATION_DEPTH = 10;
    /**
     * The longest value interpolation may make: references that each repeat the next ten levels deep grow a value
     * exponentially (a 1 KB file made more than 512 MiB).
     */
    public static final int MAX_VALUE_LENGTH = 1 << 20;
    /** How many references one value may expand in all, for the same reason (when they expand to nothing). */
    public static final int MAX_REFERENCES = 100_000;

    /**
     * One option as written in the file.
     *
     * @param name     the option name, lower-cased
     * @param rawValue the value before interpolation, continuation lines joined with {@code "\n"}
     * @param section  the section it was written in ({@link #DEFAULT_SECTION} for an inherited one)
     * @param line     the 1-based line of the option's name
     */
    public record Option(String name, String rawValue, String section, int line) {
        public Option {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(rawValue, "rawValue");
            Objects.requireNonNull(section, "section");
        }
    }

    private record Section(String name, int line, Map<String, Option> options) {
    }

    private final String source;
    private final Section defaults;
    private final Map<String, Section> sections;
    private final Set<String> secretOptions;

    private IniFile(String source, Section defaults, Map<String, Section> sections, Set<String> secretOptions) {
        this.source = source;
        this.defaults = defaults;
        this.sections = sections;
        this.secretOptions = secretOptions;
    }

    /** Reads {@code text}; errors name {@code source}. Same as {@code parse(text, source, Set.of())}. */
    public static IniFile parse(String text, String source) throws InventoryException {
        return parse(text, source, Set.of());
    }

    /**
     * Reads {@code text}; errors name {@code source} and a line.
     *
     * @param secretOptions lower-case names of options whose values are secret: no error message quotes their
     *                      value, a line that may belong to it, or text taken from it
     * @throws InventoryException at the first line that breaks a rule (interpolation errors come later, from
     *                            {@link #get})
     */
    public static IniFile parse(String text, String source, Set<String> secretOptions) throws InventoryException {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(source, "source");
        return new Reader(source, Set.copyOf(secretOptions)).read(text);
    }

    /** The file name as given to {@link #parse}. */
    public String source() {
        return source;
    }

    /** The names of the sections in file order, without {@link #DEFAULT_SECTION}. */
    public List<String> sections() {
        return List.copyOf(sections.keySet());
    }

    /** Whether a section of this name exists; {@link #DEFAULT_SECTION} always does. */
    public boolean hasSection(String section) {
        return DEFAULT_SECTION.equals(section) || sections.containsKey(section);
    }

    /** The line of the section's header (the first {@code [DEFAULT]} header, or 0 when there is none). */
    public int sectionLine(String section) {
        return section(section).line();
    }

    /** The options written in the section itself, in file order (for DEFAULT: all its options). */
    public List<Option> ownOptions(String section) {
        return List.copyOf(section(section).options().values());
    }

    /** The option as the section sees it: its own, else the one of {@link #DEFAULT_SECTION}. */
    public Optional<Option> option(String section, String name) {
        Section s = section(section);
        String key = optionxform(name);
        Option own = s.options().get(key);
        return own != null ? Optional.of(own) : Optional.ofNullable(defaults.options().get(key));
    }

    /** The interpolated value of an option; same as {@code get(section, name, Map.of())}. */
    public String get(String section, String name) throws InventoryException {
        return get(section, name, Map.of());
    }

    /**
     * The value of an option with its {@code %(key)s} references expanded, as configparser's
     * {@code get(section, name, vars=vars)}: keys are looked up in {@code vars} first, then the section, then
     * {@link #DEFAULT_SECTION}.
     *
     * @param vars extra keys (lower-case names) that take precedence over the file, such as a host's own name
     * @throws InventoryException       if a reference is malformed, names no option, or nests too deep; the message
     *                                  names the option's line
     * @throws IllegalArgumentException if the section does not exist or has no such option
     */
    public String get(String section, String name, Map<String, String> vars) throws InventoryException {
        String key = optionxform(name);
        Optional<Option> option = option(section, key);
        String raw = vars.containsKey(key) ? vars.get(key) : option.map(Option::rawValue).orElseThrow(
                () -> new IllegalArgumentException("no option '" + key + "' in section [" + section + "]"));
        int line = option.map(Option::line).orElse(sectionLine(section));
        StringBuilder out = new StringBuilder(raw.length());
        new Interpolation(section, key, line, vars).expand(key, raw, 1, out);
        return out.toString();
    }

    /** configparser's default {@code optionxform}: option names are lower-cased. */
    public static String optionxform(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "IniFile[" + source + ", " + sections.size() + " sections]";
    }

    private Section section(String section) {
        if (DEFAULT_SECTION.equals(section)) {
            return defaults;
        }
        Section s = sections.get(section);
        if (s == null) {
            throw new IllegalArgumentException("no section [" + section + "] in " + source);
        }
        return s;
    }

    /** Python's {@code str.isspace} for one character. */
    static boolean isSpace(char c) {
        return Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085';
    }

    static String strip(String s) {
        int start = 0;
        int end = s.length();
        while (start < end && isSpace(s.charAt(start))) {
            start++;
        }
        while (end > start && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(start, end);
    }

    static String rstrip(String s) {
        int end = s.length();
        while (end > 0 && isSpace(s.charAt(end - 1))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Expands the references of one {@link #get}, which sees one section and one set of vars. */
    private final class Interpolation {
        private final String section;
        private final String option;
        private final int line;
        private final Map<String, String> vars;
        private int references;

        Interpolation(String section, String option, int line, Map<String, String> vars) {
            this.section = section;
            this.option = option;
            this.line = line;
            this.vars = vars;
        }

        /** configparser's {@code BasicInterpolation._interpolate_some}; {@code owner} is whose value this is. */
        void expand(String owner, String value, int depth, StringBuilder out) throws InventoryException {
            if (depth > MAX_INTERPOLATION_DEPTH) {
                throw error("%(...)s references in section [" + section + "] nest deeper than "
                        + MAX_INTERPOLATION_DEPTH + " levels (does a value refer to itself?)");
            }
            int i = 0;
            while (i < value.length()) {
                int p = value.indexOf('%', i);
                if (p < 0) {
                    out.append(value, i, value.length());
                    return;
                }
                out.append(value, i, p);
                char next = p + 1 < value.length() ? value.charAt(p + 1) : 0;
                if (next == '%') {
                    out.append('%');
                    i = p + 2;
                } else if (next == '(') {
                    int close = value.indexOf(')', p + 2);
                    if (close <= p + 2 || close + 1 >= value.length() || value.charAt(close + 1) != 's') {
                        throw error("bad reference in the value of '" + owner + "'" + found(owner, value, p)
                                + ": write %(name)s, or %% for a literal %");
                    }
                    String key = optionxform(value.substring(p + 2, close));
                    i = close + 2;
                    if (++references > MAX_REFERENCES) {
                        throw error("the value expands more than " + MAX_REFERENCES + " %(...)s references");
                    }
                    String replacement = lookup(owner, key);
                    if (replacement.indexOf('%') >= 0) {
                        expand(key, replacement, depth + 1, out);
                    } else {
                        out.append(replacement);
                    }
                    if (out.length() > MAX_VALUE_LENGTH) {
                        throw error("%(...)s references make the value longer than " + MAX_VALUE_LENGTH
                                + " characters");
                    }
                } else {
                    throw error("'%' must be followed by '%' or '(' in the value of '" + owner + "'"
                            + found(owner, value, p));
                }
            }
        }

        private String lookup(String owner, String key) throws InventoryException {
            if (vars.containsKey(key)) {
                return vars.get(key);
            }
            String missing = secretOptions.contains(owner)
                    ? "a %(...)s reference in the value of '" + owner + "' names no option"
                    : "no option '" + key + "'";
            return option(section, key).map(Option::rawValue).orElseThrow(() -> error(
                    missing + " in section [" + section + "] or [" + DEFAULT_SECTION + "]"));
        }

        private String found(String owner, String value, int at) {
            if (secretOptions.contains(owner)) {
                return "";
            }
            String rest = value.substring(at);
            return ", found '" + (rest.length() > 20 ? rest.substring(0, 20) + "..." : rest) + "'";
        }

        private InventoryException error(String what) {
            return new InventoryException(source, line,
                    "bad interpolation in option '" + option + "': " + what.replace('\n', ' '));
        }
    }

    /** The line-by-line state machine of configparser's {@code RawConfigParser._read}. */
    private static final class Reader {
        private final String source;
        private final Set<String> secretOptions;
        private final Map<String, Builder> sections = new LinkedHashMap<>();
        private final Builder defaults = new Builder(DEFAULT_SECTION, 0);

        Reader(String source, Set<String> secretOptions) {
            this.source = source;
            this.secretOptions = secretOptions;
        }

        IniFile read(String text) throws InventoryException {
            Builder current = null;
            OptionBuilder currentOption = null;
            int indentLevel = 0;
            List<String> lines = lines(text.startsWith("\uFEFF") ? text.substring(1) : text);
            for (int index = 0; index < lines.size(); index++) {
                int lineNo = index + 1;
                String line = lines.get(index);
                String value = strip(line);
                boolean comment = value.startsWith("#") || value.startsWith(";");
                if (comment || value.isEmpty()) {
                    if (!comment && currentOption != null) {
                        currentOption.lines.add("");
                    }
                    continue;
                }
                int indent = 0;
                while (isSpace(line.charAt(indent))) {
                    indent++;
                }
                if (currentOption != null && indent > indentLevel) {
                    currentOption.lines.add(value);
                    continue;
                }
                indentLevel = indent;
                int close = value.startsWith("[") ? value.lastIndexOf(']') : -1;
                if (close >= 2) {
                    current = openSection(value.substring(1, close), lineNo, current);
                    currentOption = null;
                } else if (current == null) {
                    throw new InventoryException(source, lineNo, delimiter(value) >= 0
                            ? "option before the first section header"
                            : "text before the first section header: " + quote(value));
                } else {
                    int delimiter = delimiter(value);
                    if (delimiter < 0) {
                        String shown = currentOption != null && secretOptions.contains(currentOption.name)
                                ? "(not shown: it follows the secret option '" + currentOption.name + "')"
                                : quote(value);
                        throw new InventoryException(source, lineNo,
                                "line is not a section header, an option or a comment: " + shown);
                    }
                    String name = optionxform(rstrip(value.substring(0, delimiter)));
                    if (name.isEmpty()) {
                        throw new InventoryException(source, lineNo,
                                "option name missing before '" + value.charAt(delimiter) + "'");
                    }
                    if (current.options.containsKey(name)) {
                        throw new InventoryException(source, lineNo, "duplicate option '" + name
                                + "' in section [" + current.name + "]");
                    }
                    currentOption = new OptionBuilder(name, lineNo);
                    currentOption.lines.add(strip(value.substring(delimiter + 1)));
                    current.options.put(name, currentOption);
                }
            }
            Map<String, Section> built = new LinkedHashMap<>();
            for (Builder b : sections.values()) {
                built.put(b.name, b.build());
            }
            return new IniFile(source, defaults.build(), Collections.unmodifiableMap(built), secretOptions);
        }

        private Builder openSection(String name, int lineNo, Builder current) throws InventoryException {
            if (DEFAULT_SECTION.equals(name)) {
                if (defaults.line == 0) {
                    defaults.line = lineNo;
                }
                return defaults;
            }
            Builder existing = sections.get(name);
            if (existing != null) {
                throw new InventoryException(source, lineNo,
                        "duplicate section [" + name + "] (first at line " + existing.line + ")");
            }
            Builder created = new Builder(name, lineNo);
            sections.put(name, created);
            return created;
        }

        private static int delimiter(String value) {
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c == '=' || c == ':') {
                    return i;
                }
            }
            return -1;
        }

        private static String quote(String text) {
            return "'" + (text.length() > 60 ? text.substring(0, 60) + "..." : text) + "'";
        }

        private static List<String> lines(String text) {
            List<String> lines = new ArrayList<>();
            int start = 0;
            for (int i = 0; i < text.length(); i++) {
                char c = text.charAt(i);
                if (c == '\n' || c == '\r') {
                    lines.add(text.substring(start, i));
                    if (c == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
                        i++;
                    }
                    start = i + 1;
                }
            }
            if (start < text.length()) {
                lines.add(text.substring(start));
            }
            return lines;
        }

        private static final class OptionBuilder {
            final String name;
            final int line;
            final List<String> lines = new ArrayList<>();

            OptionBuilder(String name, int line) {
                this.name = name;
                this.line = line;
            }
        }

        private static final class Builder {
            final String name;
            int line;
            final Map<String, OptionBuilder> options = new LinkedHashMap<>();

            Builder(String name, int line) {
                this.name = name;
                this.line = line;
            }

            Section build() {
                Map<String, Option> built = new LinkedHashMap<>();
                for (OptionBuilder o : options.values()) {
                    built.put(o.name, new Option(o.name, rstrip(String.join("\n", o.lines)), name, o.line));
                }
                return new Section(name, line, Collections.unmodifiableMap(built));
            }
        }
    }
}
