package dev.fanout.core.inventory;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Replays a recorded corpus of random INI texts with what CPython's configparser made of them (see
 * {@code configparser-corpus.py} next to the corpus for how it was made and its format).
 */
class IniFileCompatibilityTest {

    private record Case(String text, List<String[]> expected) {
    }

    @Test
    void readsEveryRecordedTextAsPythonsConfigparserDid() throws IOException {
        List<Case> cases = corpus();
        int accepted = 0;
        int values = 0;
        for (Case c : cases) {
            String[] first = c.expected().getFirst();
            IniFile ini;
            try {
                ini = IniFile.parse(c.text(), "h.ini");
            } catch (InventoryException e) {
                assertThat(first[0]).as("configparser accepted %s but we said %s", c.text(), e.getMessage())
                        .isEqualTo("error");
                int line = Integer.parseInt(first[2]);
                if (first[1].equals("parsing")) {
                    assertThat(e.line()).as("error line for %s: %s", c.text(), e.getMessage()).isEqualTo(line);
                } else {
                    assertThat(e.line()).as("error line for %s: %s", c.text(), e.getMessage())
                            .isBetween(1, line);
                }
                continue;
            }
            assertThat(first[0]).as("configparser rejected %s", c.text()).isEqualTo("sections");
            accepted++;
            assertThat(ini.sections()).as("sections of %s", c.text())
                    .containsExactly(Arrays.copyOfRange(first, 1, first.length));
            List<String> expected = new ArrayList<>();
            for (String[] value : c.expected().subList(1, c.expected().size())) {
                expected.add(String.join("|", Arrays.copyOfRange(value, 1, value.length)));
            }
            List<String> actual = new ArrayList<>();
            for (String section : ini.sections()) {
                Set<String> keys = new LinkedHashSet<>();
                ini.ownOptions(section).forEach(o -> keys.add(o.name()));
                ini.ownOptions(IniFile.DEFAULT_SECTION).forEach(o -> keys.add(o.name()));
                for (String key : keys) {
                    String raw = ini.option(section, key).orElseThrow().rawValue();
                    actual.add(section + "|" + key + "|" + raw + "|" + interpolated(ini, section, key));
                    values++;
                }
            }
            assertThat(actual).as("options of %s", c.text()).containsExactlyInAnyOrderElementsOf(expected);
        }
        assertThat(cases).hasSize(500);
        assertThat(accepted).isGreaterThan(100);
        assertThat(values).isGreaterThan(200);
    }

    private static String interpolated(IniFile ini, String section, String key) {
        try {
            return "v|" + ini.get(section, key);
        } catch (InventoryException e) {
            String message = e.getMessage();
            return message.contains("nest deeper") ? "depth" : message.contains("no option") ? "missing" : "syntax";
        }
    }

    private static List<Case> corpus() throws IOException {
        String text;
        try (InputStream in = IniFileCompatibilityTest.class.getResourceAsStream("configparser-corpus.txt")) {
            assertThat(in).as("corpus resource").isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        List<Case> cases = new ArrayList<>();
        for (String line : text.split("\n")) {
            String[] fields = line.split("\t", -1);
            for (int i = 1; i < fields.length; i++) {
                fields[i] = unescape(fields[i]);
            }
            if (fields[0].equals("case")) {
                cases.add(new Case(fields[1], new ArrayList<>()));
            } else {
                cases.getLast().expected().add(fields);
            }
        }
        return cases;
    }

    private static String unescape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            char next = s.charAt(++i);
            out.append(switch (next) {
                case 'n' -> '\n';
                case 'r' -> '\r';
                case 't' -> '\t';
                default -> next;
            });
        }
        return out.toString();
    }
}
