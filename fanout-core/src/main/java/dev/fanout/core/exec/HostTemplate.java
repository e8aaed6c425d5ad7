package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * A text with per-host templates, as pdsh and clush know them: {@code %h} the host's inventory name, {@code %a} its
 * address, {@code %u} its login user, {@code %%} a literal {@code %}. Any other {@code %x}, or a {@code %} at the end,
 * is an error when the text is parsed, so a wrong template is found before any host is contacted. Immutable and
 * thread-safe.
 *
 * <p>This layer is the command line's, not the inventory's: the inventory's values are interpolated by its own
 * configparser rules ({@code %(name)s}) when it is read, and a template never reaches that layer.
 */
public final class HostTemplate {
    /** The characters a POSIX shell takes as they are, in a word or within quotes (as {@code ShellWords}). */
    private static final Pattern SHELL_PLAIN = Pattern.compile("[A-Za-z0-9_@%+=:,./-]+");

    private final String text;
    /** Literal text and fields, in order: a field is one of "%h", "%a", "%u"; anything else is literal. */
    private final List<String> parts;
    private final boolean constant;

    private HostTemplate(String text, List<String> parts) {
        this.text = text;
        this.parts = List.copyOf(parts);
        this.constant = parts.stream().noneMatch(HostTemplate::isField);
    }

    /**
     * Parses {@code text}.
     *
     * {@code %h}, {@code %a} and {@code %u} are fields and {@code %%} a {@code %}; any other {@code %}, as in
     * {@code date +%s}, is text.
     */
    public static HostTemplate parse(String text) {
        Objects.requireNonNull(text, "text");
        List<String> parts = new ArrayList<>();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != '%') {
                literal.append(c);
                continue;
            }
            if (i + 1 == text.length()) {
                literal.append('%');
                continue;
            }
            char next = text.charAt(++i);
            switch (next) {
                case '%' -> literal.append('%');
                case 'h', 'a', 'u' -> {
                    if (!literal.isEmpty()) {
                        parts.add(literal.toString());
                        literal.setLength(0);
                    }
                    parts.add("%" + next);
                }
                // as in a shell's own uses of % (date +%s, printf %d), any other % is text
                default -> literal.append('%').append(next);
            }
        }
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
        }
        return new HostTemplate(text, parts);
    }

    private static boolean isField(String part) {
        return part.length() == 2 && part.charAt(0) == '%' && "hau".indexOf(part.charAt(1)) >= 0;
    }

    /** The text as it was given, templates unexpanded. */
    public String text() {
        return text;
    }

    /** Whether the text names no host value ({@code %%} aside): it expands to the same for every host. */
    public boolean isConstant() {
        return constant;
    }

    /** Whether the text uses {@code %h}, the one value that tells every host of an inventory apart. */
    public boolean usesName() {
        return parts.contains("%h");
    }

    /** The text for {@code host}, each value as it is. */
    public String expand(Host host) {
        return expand(host, UnaryOperator.identity());
    }

    /** The text for {@code host}, each value passed through {@code value} first (e.g. to make it a file name). */
    public String expand(Host host, UnaryOperator<String> value) {
        StringBuilder out = new StringBuilder();
        for (String part : parts) {
            out.append(isField(part) ? value.apply(valueOf(part, host)) : part);
        }
        return out.toString();
    }

    /**
     * The text for {@code host} as part of a shell command: each value as it is, which is safe because a value a
     * shell would not take as it is (a space, a quote, {@code ;}, {@code $}, ...) is refused, whether the template
     * stands bare or within quotes.
     *
     * @throws IllegalArgumentException naming the host, the template and its value, for such a value
     */
    public String expandForShell(Host host) {
        checkForShell(host);
        return expand(host);
    }

    /** Checks that {@link #expandForShell} takes {@code host}; see there. */
    public void checkForShell(Host host) {
        for (String part : parts) {
            if (isField(part)) {
                String value = valueOf(part, host);
                if (!SHELL_PLAIN.matcher(value).matches()) {
                    throw new IllegalArgumentException(host.name() + ": " + part + " would put '" + value
                            + "' in the command, which a shell would not take as it is");
                }
            }
        }
    }

    private static String valueOf(String field, Host host) {
        return switch (field.charAt(1)) {
            case 'h' -> host.name();
            case 'a' -> host.address();
            case 'u' -> host.user();
            default -> throw new IllegalStateException("not a field: " + field);
        };
    }

    @Override
    public String toString() {
        return text;
    }
}
