package dev.fanout.core.inventory;

import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The expected values of these tests were produced by running Python 3.11's configparser.ConfigParser() on the same
 * text (read_string, or read from a file for the line-ending cases).
 */
class IniFileTest {

    private static IniFile ini(String text) throws InventoryException {
        return IniFile.parse(text, "h.ini");
    }

    private static String raw(IniFile ini, String section, String option) {
        return ini.option(section, option).orElseThrow().rawValue();
    }

    private static Map<String, String> rawValues(IniFile ini, String section) {
        return ini.ownOptions(section).stream()
                .collect(Collectors.toMap(IniFile.Option::name, IniFile.Option::rawValue));
    }

    @Test
    void commentLinesStartWithHashOrSemicolonAndMayBeIndented() throws Exception {
        IniFile ini = ini("# top\n; also\n[a]\n  # indented\n\t; tab\nx = 1\n");

        assertThat(ini.sections()).containsExactly("a");
        assertThat(rawValues(ini, "a")).containsExactly(Map.entry("x", "1"));
    }

    @Test
    void textAfterAValueIsPartOfItBecauseThereAreNoInlineComments() throws Exception {
        IniFile ini = ini("[a]\nport = 22 ; ssh\nuser = bob # admin\n");

        assertThat(raw(ini, "a", "port")).isEqualTo("22 ; ssh");
        assertThat(raw(ini, "a", "user")).isEqualTo("bob # admin");
    }

    @Test
    void equalsAndColonAreDelimitersAndTheFirstOneSplitsTheLine() throws Exception {
        IniFile ini = ini("[a]\nk1: v = 1\nk2 = v:1\nk3=b=c\nk4 :c= d\n");

        assertThat(rawValues(ini, "a")).containsExactlyInAnyOrderEntriesOf(
                Map.of("k1", "v = 1", "k2", "v:1", "k3", "b=c", "k4", "c= d"));
    }

    @Test
    void optionNamesAreLowerCasedWhileSectionNamesKeepTheirCase() throws Exception {
        IniFile ini = ini("[Web]\nPort = 22\nUSER = Bob\n");

        assertThat(ini.sections()).containsExactly("Web");
        assertThat(ini.hasSection("web")).isFalse();
        assertThat(ini.ownOptions("Web")).extracting(IniFile.Option::name).containsExactly("port", "user");
        assertThat(raw(ini, "Web", "PORT")).isEqualTo("22");
        assertThat(raw(ini, "Web", "user")).isEqualTo("Bob");
    }

    @Test
    void namesAndValuesAreStrippedOfPythonWhitespaceIncludingNoBreakSpace() throws Exception {
        IniFile ini = ini("[a]\n  x   =   v w  \t\ny = v\u00a0\n\u00a0z = 2\nempty =\ncolon:\n");

        assertThat(raw(ini, "a", "x")).isEqualTo("v w");
        assertThat(raw(ini, "a", "y")).isEqualTo("v\nz = 2");
        assertThat(raw(ini, "a", "empty")).isEmpty();
        assertThat(raw(ini, "a", "colon")).isEmpty();
    }

    @Test
    void deeperIndentedLinesContinueAValueKeepingInnerBlankLinesAndSkippingComments() throws Exception {
        IniFile ini = ini("[a]\nx = 1\n\n  2\n# c\n   3\n\n\ny = \n  l1\n  l2\n\n");

        assertThat(raw(ini, "a", "x")).isEqualTo("1\n\n2\n3");
        assertThat(raw(ini, "a", "y")).isEqualTo("\nl1\nl2");
    }

    @Test
    void aCommentBetweenAnEmptyFirstLineAndItsContinuationAddsNoBlankLine() throws Exception {
        assertThat(raw(ini("[a]\nx =\n# c\n  1\n"), "a", "x")).isEqualTo("\n1");
    }

    @Test
    void trailingBlankLinesOfAValueAreDroppedAndDoNotReachTheNextSection() throws Exception {
        IniFile ini = ini("[a]\nx=1\n \t \n\n[b]\ny=2\n");

        assertThat(raw(ini, "a", "x")).isEqualTo("1");
        assertThat(raw(ini, "b", "y")).isEqualTo("2");
    }

    @Test
    void continuationIsMeasuredFromTheIndentOfTheOptionLine() throws Exception {
        IniFile ini = ini("[a]\n  x = 1\n   more\n  y = 2\n\tz = 3\n\t\tcont\n");

        assertThat(raw(ini, "a", "x")).isEqualTo("1\nmore");
        assertThat(raw(ini, "a", "y")).isEqualTo("2");
        assertThat(raw(ini, "a", "z")).isEqualTo("3\ncont");
    }

    @Test
    void anIndentedLineRightAfterAHeaderIsAnOptionNotAContinuation() throws Exception {
        IniFile ini = ini("[a]\n\n  x = 1\n    y\n");

        assertThat(rawValues(ini, "a")).containsExactly(Map.entry("x", "1\ny"));
    }

    @Test
    void anIndentedSectionHeaderAfterAnOptionIsPartOfItsValue() throws Exception {
        IniFile ini = ini("[a]\nx = 1\n  [b]\n");

        assertThat(ini.sections()).containsExactly("a");
        assertThat(raw(ini, "a", "x")).isEqualTo("1\n[b]");
    }

    @Test
    void aSectionNameRunsToTheLastClosingBracketAndTextAfterItIsIgnored() throws Exception {
        IniFile ini = ini("[web[01-04]]   ; a host\nx=1\n[b]c ; d]e\ny=2\n[ a b ]\n[c] = d\n");

        assertThat(ini.sections()).containsExactly("web[01-04]", "b]c ; d", " a b ", "c");
        assertThat(ini.sectionLine("b]c ; d")).isEqualTo(3);
    }

    @Test
    void defaultOptionsAreVisibleInEverySectionUnlessTheSectionSetsItsOwn() throws Exception {
        IniFile ini = ini("[DEFAULT]\nuser = deploy\nport = 22\n[a]\nport = 2222\n[b]\n");

        assertThat(ini.sections()).containsExactly("a", "b");
        assertThat(ini.get("a", "port")).isEqualTo("2222");
        assertThat(ini.get("a", "user")).isEqualTo("deploy");
        assertThat(ini.get("b", "port")).isEqualTo("22");
        assertThat(ini.option("b", "port").orElseThrow().section()).isEqualTo("DEFAULT");
        assertThat(ini.option("b", "port").orElseThrow().line()).isEqualTo(3);
        assertThat(ini.ownOptions("b")).isEmpty();
        assertThat(ini.option("b", "missing")).isEmpty();
    }

    @Test
    void theDefaultSectionMayBeReopened() throws Exception {
        IniFile ini = ini("[DEFAULT]\na=1\n[x]\n[DEFAULT]\nb=2\n");

        assertThat(rawValues(ini, "DEFAULT")).containsExactlyInAnyOrderEntriesOf(Map.of("a", "1", "b", "2"));
        assertThat(ini.sectionLine("DEFAULT")).isEqualTo(1);
    }

    @Test
    void anOptionRepeatedInAReopenedDefaultSectionIsAnError() {
        assertThatThrownBy(() -> ini("[DEFAULT]\na=1\n[DEFAULT]\nA=2\n"))
                .isInstanceOf(InventoryException.class)
                .hasMessage("h.ini:4: duplicate option 'a' in section [DEFAULT]");
    }

    @Test
    void aRepeatedSectionIsAnError() {
        assertThatThrownBy(() -> ini("[x]\na=1\n[x]\nb=2\n"))
                .isInstanceOf(InventoryException.class)
                .hasMessage("h.ini:3: duplicate section [x] (first at line 1)");
    }

    @Test
    void aRepeatedOptionIsAnErrorEvenWhenItsCaseDiffers() {
        assertThatThrownBy(() -> ini("[web01]\nport = 22\n\nPort = 2222\n"))
                .isInstanceOf(InventoryException.class)
                .hasMessage("h.ini:4: duplicate option 'port' in section [web01]")
                .satisfies(e -> assertThat(((InventoryException) e).line()).isEqualTo(4));
    }

    @Test
    void anOptionBeforeTheFirstHeaderIsAnError() {
        assertThatThrownBy(() -> ini("x=1\n[a]\n"))
                .hasMessage("h.ini:1: option before the first section header");
    }

    @Test
    void otherTextBeforeTheFirstHeaderIsAnErrorAtItsLine() {
        assertThatThrownBy(() -> ini("# c\n\nfoo\n[a]\n"))
                .hasMessage("h.ini:3: text before the first section header: 'foo'");
        assertThatThrownBy(() -> ini("[]\n"))
                .hasMessage("h.ini:1: text before the first section header: '[]'");
    }

    @Test
    void aLineThatIsNeitherHeaderNorOptionNorCommentIsAnError() {
        assertThatThrownBy(() -> ini("[a]\nx = 1\n  ok\nfoo\n"))
                .hasMessage("h.ini:4: line is not a section header, an option or a comment: 'foo'");
        assertThatThrownBy(() -> ini("[a]\n[]\n"))
                .hasMessage("h.ini:2: line is not a section header, an option or a comment: '[]'");
    }

    @Test
    void anOptionWithoutANameIsAnError() {
        assertThatThrownBy(() -> ini("[a]\n= 1\n")).hasMessage("h.ini:2: option name missing before '='");
        assertThatThrownBy(() -> ini("[a]\n  : 1\n")).hasMessage("h.ini:2: option name missing before ':'");
    }

    @Test
    void theFirstErrorByLineIsReported() {
        assertThatThrownBy(() -> ini("[a]\nfoo\n[a]\n"))
                .hasMessage("h.ini:2: line is not a section header, an option or a comment: 'foo'");
    }

    @Test
    void crLfAndLoneCrEndLinesAndALeadingByteOrderMarkIsIgnored() throws Exception {
        for (String text : new String[] {"[a]\r\nx = 1\r\n  2\r\ny = 3\r\n", "[a]\rx = 1\r  2\ry = 3\r",
                "\uFEFF[a]\nx = 1\n  2\ny = 3"}) {
            IniFile ini = ini(text);
            assertThat(rawValues(ini, "a")).containsExactlyInAnyOrderEntriesOf(Map.of("x", "1\n2", "y", "3"));
            assertThat(ini.option("a", "y").orElseThrow().line()).isEqualTo(4);
        }
    }

    @Test
    void optionsKeepTheLineOfTheirName() throws Exception {
        IniFile ini = ini("[a]\n\nx = 1\n  2\n\ny = 3\n");

        assertThat(ini.ownOptions("a")).containsExactly(
                new IniFile.Option("x", "1\n2", "a", 3), new IniFile.Option("y", "3", "a", 6));
    }

    @Test
    void referencesAreResolvedAgainstTheSectionThenDefaultAndNestedReferencesSeeTheAskingSection()
            throws Exception {
        IniFile ini = ini("[DEFAULT]\naddress = %(name)s.%(domain)s\ndomain = ex.com\n[h1]\n[h2]\n"
                + "domain = other.org\n");

        assertThat(ini.get("h1", "address", Map.of("name", "h1"))).isEqualTo("h1.ex.com");
        assertThat(ini.get("h2", "address", Map.of("name", "h2"))).isEqualTo("h2.other.org");
    }

    @Test
    void varsTakePrecedenceOverTheFile() throws Exception {
        IniFile ini = ini("[a]\nname = file\nx = %(name)s\n");

        assertThat(ini.get("a", "x", Map.of("name", "var"))).isEqualTo("var");
        assertThat(ini.get("a", "x")).isEqualTo("file");
    }

    @Test
    void doublePercentIsALiteralPercentAndIsNotReexpanded() throws Exception {
        IniFile ini = ini("[a]\np = 50%% done\nq = %(p)s!\nr = %%(p)s\n");

        assertThat(ini.get("a", "p")).isEqualTo("50% done");
        assertThat(ini.get("a", "q")).isEqualTo("50% done!");
        assertThat(ini.get("a", "r")).isEqualTo("%(p)s");
        assertThat(raw(ini, "a", "p")).isEqualTo("50%% done");
    }

    @Test
    void referenceKeysAreLowerCasedLikeOptionNames() throws Exception {
        assertThat(ini("[a]\nUser = bob\nx = %(USER)s\n").get("a", "x")).isEqualTo("bob");
    }

    @Test
    void aMultiLineValueIsInsertedWithItsNewlines() throws Exception {
        assertThat(ini("[a]\nx = a\n  b\ny = [%(x)s]\n").get("a", "y")).isEqualTo("[a\nb]");
    }

    @Test
    void aReferenceToAMissingOptionNamesTheOptionTheKeyAndTheSections() throws Exception {
        IniFile ini = ini("[DEFAULT]\nuser = x\n[web01]\n\n\n\n\n\naddress = %(name)s.%(domain)s\n");

        assertThatThrownBy(() -> ini.get("web01", "address", Map.of("name", "web01")))
                .isInstanceOf(InventoryException.class)
                .hasMessage("h.ini:9: bad interpolation in option 'address': "
                        + "no option 'domain' in section [web01] or [DEFAULT]");
    }

    @Test
    void aPercentNotFollowedByPercentOrParenthesisIsAnError() throws Exception {
        IniFile ini = ini("[a]\nx = 5%\ny = %x\nz = %(x)s\n");

        assertThatThrownBy(() -> ini.get("a", "x")).hasMessage("h.ini:2: bad interpolation in option 'x': "
                + "'%' must be followed by '%' or '(' in the value of 'x', found '%'");
        assertThatThrownBy(() -> ini.get("a", "y")).hasMessage("h.ini:3: bad interpolation in option 'y': "
                + "'%' must be followed by '%' or '(' in the value of 'y', found '%x'");
        assertThatThrownBy(() -> ini.get("a", "z")).hasMessage("h.ini:4: bad interpolation in option 'z': "
                + "'%' must be followed by '%' or '(' in the value of 'x', found '%'");
    }

    @Test
    void anUnclosedOrEmptyReferenceIsAnError() throws Exception {
        IniFile ini = ini("[a]\nd = %(a\ne = %()s\nf = %(a)x\n");

        for (String option : new String[] {"d", "e", "f"}) {
            assertThatThrownBy(() -> ini.get("a", option))
                    .isInstanceOf(InventoryException.class)
                    .hasMessageStartingWith("h.ini:")
                    .hasMessageContaining("bad interpolation in option '" + option + "': bad reference in the "
                            + "value of '" + option + "'")
                    .hasMessageEndingWith("write %(name)s, or %% for a literal %");
        }
    }

    @Test
    void tenNestedReferencesResolveAndElevenExceedTheDepthLimit() throws Exception {
        String chain = "[a]\n" + IntStream.range(0, 11).mapToObj(i -> "o" + i + " = %(o" + (i + 1) + ")s\n")
                .collect(Collectors.joining()) + "o11 = end\n";
        IniFile ini = ini(chain);

        assertThat(ini.get("a", "o1")).isEqualTo("end");
        assertThatThrownBy(() -> ini.get("a", "o0")).hasMessage("h.ini:2: bad interpolation in option 'o0': "
                + "%(...)s references in section [a] nest deeper than 10 levels (does a value refer to itself?)");
    }

    @Test
    void aPercentInTheLastValueOfATenLevelChainCountsAsOneMoreLevel() throws Exception {
        String chain = "[a]\n" + IntStream.range(0, 10).mapToObj(i -> "o" + i + " = %(o" + (i + 1) + ")s\n")
                .collect(Collectors.joining()) + "o10 = end%%\n";

        assertThatThrownBy(() -> ini(chain).get("a", "o0")).hasMessageContaining("nest deeper than 10 levels");
        assertThat(ini(chain).get("a", "o1")).isEqualTo("end%");
    }

    @Test
    void aValueReferringToItselfExceedsTheDepthLimit() throws Exception {
        assertThatThrownBy(() -> ini("[a]\nx=%(x)s\n").get("a", "x"))
                .hasMessageContaining("bad interpolation in option 'x'")
                .hasMessageContaining("nest deeper than 10 levels");
    }

    @Test
    void aLineAfterASecretOptionIsNotQuotedInTheError() {
        String text = "[h1]\npassword =\ns3cret\n";

        assertThatThrownBy(() -> IniFile.parse(text, "h.ini", Set.of("password")))
                .hasMessage("h.ini:3: line is not a section header, an option or a comment: "
                        + "(not shown: it follows the secret option 'password')");
    }

    @Test
    void anInterpolationErrorInASecretValueDoesNotQuoteIt() throws Exception {
        IniFile ini = IniFile.parse("[h1]\npassword = ab%cd\n", "h.ini", Set.of("password"));

        assertThatThrownBy(() -> ini.get("h1", "password"))
                .hasMessage("h.ini:2: bad interpolation in option 'password': "
                        + "'%' must be followed by '%' or '(' in the value of 'password'")
                .message().doesNotContain("cd");
    }

    @Test
    void aMissingReferenceInASecretValueDoesNotNameTheKey() throws Exception {
        IniFile ini = IniFile.parse("[h1]\npassword = %(Hunter2)s\n", "h.ini", Set.of("password"));

        assertThatThrownBy(() -> ini.get("h1", "password"))
                .hasMessage("h.ini:2: bad interpolation in option 'password': a %(...)s reference in the value of "
                        + "'password' names no option in section [h1] or [DEFAULT]");
    }

    @Test
    void askingForAMissingSectionOrOptionIsACallerMistake() throws Exception {
        IniFile ini = ini("[a]\nx=1\n");

        assertThatThrownBy(() -> ini.get("b", "x")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no section [b] in h.ini");
        assertThatThrownBy(() -> ini.get("a", "y")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("no option 'y' in section [a]");
    }

    @Test
    void pythonWhitespaceIsExactlyTheSetOfStrIsspace() {
        Set<Integer> python = Set.of(0x9, 0xa, 0xb, 0xc, 0xd, 0x1c, 0x1d, 0x1e, 0x1f, 0x20, 0x85, 0xa0, 0x1680,
                0x2000, 0x2001, 0x2002, 0x2003, 0x2004, 0x2005, 0x2006, 0x2007, 0x2008, 0x2009, 0x200a, 0x2028,
                0x2029, 0x202f, 0x205f, 0x3000);

        Set<Integer> ours = IntStream.rangeClosed(0, 0xFFFF).filter(c -> IniFile.isSpace((char) c)).boxed()
                .collect(Collectors.toSet());

        assertThat(ours).isEqualTo(python);
    }

    /** Found while fuzzing: twenty references per level, nine levels deep, made a 1 KB file exhaust the heap. */
    @Test
    void referencesThatMultiplyStopAtTheValueLengthLimit() throws Exception {
        var text = new StringBuilder("[DEFAULT]\n");
        for (int i = 1; i < 4; i++) {
            text.append("k").append(i).append(" = ").append(("%(k" + (i + 1) + ")s").repeat(20)).append('\n');
        }
        text.append("k4 = ").append("x".repeat(200)).append("\n[web01]\nuser = %(k1)s\n");
        IniFile ini = IniFile.parse(text.toString(), "hosts.ini");

        assertThatThrownBy(() -> ini.get("web01", "user")).isInstanceOf(InventoryException.class)
                .hasMessage("hosts.ini:7: bad interpolation in option 'user': %(...)s references make the value "
                        + "longer than 1048576 characters");
    }

    @Test
    void referencesThatMultiplyToNothingStopAtTheReferenceLimit() throws Exception {
        var text = new StringBuilder("[DEFAULT]\n");
        for (int i = 1; i < 9; i++) {
            text.append("k").append(i).append(" = ").append(("%(k" + (i + 1) + ")s").repeat(20)).append('\n');
        }
        text.append("k9 =\n[web01]\nuser = %(k1)s\n");
        IniFile ini = IniFile.parse(text.toString(), "hosts.ini");

        assertThatThrownBy(() -> ini.get("web01", "user")).isInstanceOf(InventoryException.class)
                .hasMessage("hosts.ini:12: bad interpolation in option 'user': the value expands more than 100000 "
                        + "%(...)s references");
    }
}
