package dev.fanout.core.sshconfig;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Reading ssh_config as ssh -G does: matching, first value wins, Include, tokens, errors with file and line. */
class SshConfigTest {

    @TempDir
    Path home;
    private SshConfig.Context context;

    @BeforeEach
    void setUp() throws IOException {
        Files.createDirectories(home.resolve(".ssh"));
        context = new SshConfig.Context(home, Map.of("KEYS", "/srv/keys")::get);
    }

    private SshConfig config(String text) throws Exception {
        Path file = home.resolve(".ssh/config");
        Files.writeString(file, text);
        return SshConfig.loadDefaults(file, home.resolve("no-system-file"), context);
    }

    private SshConfig.Resolved resolve(String text, String host) throws Exception {
        return config(text).resolve(host, null, 0, "me");
    }

    @Test
    void theFirstValueObtainedWinsSoSpecificHostsGoFirst() throws Exception {
        String text = """
                Host web01
                    User alice
                    Port 2201
                Host *
                    User bob
                    Port 2200
                """;
        assertThat(resolve(text, "web01").user()).isEqualTo("alice");
        assertThat(resolve(text, "web01").port()).isEqualTo(2201);
        assertThat(resolve(text, "db01").user()).isEqualTo("bob");
        assertThat(resolve(text, "db01").port()).isEqualTo(2200);
    }

    @Test
    void explicitValuesBeatTheFileAsCommandLineOptionsDo() throws Exception {
        SshConfig.Resolved resolved = config("Host *\n  User bob\n  Port 2200\n").resolve("web01", "carol", 2222,
                "me");

        assertThat(resolved.user()).isEqualTo("carol");
        assertThat(resolved.port()).isEqualTo(2222);
    }

    @Test
    void withoutAnySettingTheHostIsReachedAsNamedOnPort22AsTheLocalUser() throws Exception {
        SshConfig.Resolved resolved = resolve("# nothing\n\nHost other\n  User x\n", "web01");

        assertThat(resolved).isEqualTo(new SshConfig.Resolved("web01", 22, "me", List.of(), false, List.of(),
                List.of(), null, null));
        assertThat(SshConfig.NONE.resolve("web01", null, 0, "me")).isEqualTo(resolved);
    }

    @Test
    void hostNameExpandsPercentHAndPatternsAreGlobs() throws Exception {
        String text = "Host *.lab web?\n  HostName %h.example.com\n";

        assertThat(resolve(text, "db.lab").hostName()).isEqualTo("db.lab.example.com");
        assertThat(resolve(text, "web1").hostName()).isEqualTo("web1.example.com");
        assertThat(resolve(text, "web12").hostName()).isEqualTo("web12");
    }

    /** Checked with ssh -G of OpenSSH 9.2: {@code Host WEB*} does not match web01, and web01 does not match WEB01. */
    @Test
    void hostPatternsMatchTheNameAsGivenWithCaseAsSshDoesAndTheHostNameIsLowerCased() throws Exception {
        String text = "Host WEB*\n  User upper\nHost web*\n  User lower\nHost x\n  HostName ABC.Example\n";

        assertThat(resolve(text, "web01").user()).isEqualTo("lower");
        assertThat(resolve(text, "WEB01").user()).isEqualTo("upper");
        assertThat(resolve(text, "WEB01").hostName()).isEqualTo("web01");
        assertThat(resolve(text, "x").hostName()).isEqualTo("abc.example");
        assertThat(resolve("Host !WEB* *\n  User neg\n", "web01").user()).isEqualTo("neg");
        assertThat(resolve("Host !WEB* *\n  User neg\n", "WEB01").user()).isEqualTo("me");
    }

    @Test
    void matchHostAndOriginalHostIgnoreCaseAsSshDoes() throws Exception {
        assertThat(resolve("Match host WEB*\n  User mh\n", "web1").user()).isEqualTo("mh");
        assertThat(resolve("Match originalhost web*\n  User mo\n", "WEB1").user()).isEqualTo("mo");
        assertThat(resolve("Host x\n  HostName ABC.Example\nMatch host abc*\n  User mh\n", "x").user())
                .isEqualTo("mh");
    }

    @Test
    void theFinalPassMatchesHostLinesWithTheLowerCasedHostName() throws Exception {
        String text = "Host x\n  HostName ABC.Example\nMatch final\nHost %s\n  User h2\n";

        assertThat(resolve(text.formatted("abc*"), "x").user()).isEqualTo("h2");
        assertThat(resolve(text.formatted("ABC*"), "x").user()).isEqualTo("me");
    }

    @Test
    void aNegatedPatternRulesTheHostOutEvenWhenAnotherMatches() throws Exception {
        String text = "Host * !bastion\n  User ops\n";

        assertThat(resolve(text, "web01").user()).isEqualTo("ops");
        assertThat(resolve(text, "bastion").user()).isEqualTo("me");
    }

    @Test
    void keywordsIgnoreCaseAndTakeAnEqualsSignAndQuotedArguments() throws Exception {
        String text = """
                HOST=web01
                  user=alice
                  PORT = 2222
                  IdentityFile "~/my keys/id one"   # a comment
                  identityfile ~/with\\ space
                """;
        SshConfig.Resolved resolved = resolve(text, "web01");

        assertThat(resolved.user()).isEqualTo("alice");
        assertThat(resolved.port()).isEqualTo(2222);
        assertThat(resolved.identityFiles()).containsExactly(home.resolve("my keys/id one"),
                home.resolve("with space"));
    }

    @Test
    void matchChecksHostAfterHostNameAndOriginalHostAsGiven() throws Exception {
        String text = """
                Host web01
                  HostName 10.0.0.7
                Match host 10.0.0.* !originalhost db*
                  User net10
                Match originalhost web*
                  Port 2201
                Match all
                  IdentitiesOnly yes
                """;
        SshConfig.Resolved resolved = resolve(text, "web01");

        assertThat(resolved.hostName()).isEqualTo("10.0.0.7");
        assertThat(resolved.user()).isEqualTo("net10");
        assertThat(resolved.port()).isEqualTo(2201);
        assertThat(resolved.identitiesOnly()).isTrue();
        assertThat(resolve(text, "10.0.0.9").user()).isEqualTo("net10");
        assertThat(resolve(text, "db1").user()).isEqualTo("me");
    }

    @Test
    void matchUserSeesTheExplicitOrEarlierUserAndLocalUserTheLocalOne() throws Exception {
        SshConfig config = config("""
                Match user root
                  Port 2222
                Match localuser me
                  IdentityFile ~/.ssh/mine
                """);

        assertThat(config.resolve("h", "root", 0, "me").port()).isEqualTo(2222);
        assertThat(config.resolve("h", null, 0, "me").port()).isEqualTo(22);
        assertThat(config.resolve("h", null, 0, "me").identityFiles()).containsExactly(home.resolve(".ssh/mine"));
        assertThat(config.resolve("h", null, 0, "you").identityFiles()).isEmpty();
    }

    @Test
    void matchFinalMakesASecondPassWhereHostLinesSeeTheNewName() throws Exception {
        String text = """
                Host web01
                  HostName web01.prod.example.com
                Match final host *.prod.example.com
                  User deploy
                Host *.prod.example.com
                  Port 2202
                """;
        SshConfig.Resolved resolved = resolve(text + "Host *\n  IdentityFile ~/.ssh/once\n", "web01");

        assertThat(resolved.user()).isEqualTo("deploy");
        assertThat(resolved.port()).isEqualTo(2202);
        assertThat(resolved.identityFiles()).containsExactly(home.resolve(".ssh/once"));
    }

    @Test
    void anUnsupportedMatchCriterionWarnsWithItsLineAndItsBlockNeverApplies() throws Exception {
        SshConfig config = config("Host *\n  Port 2200\nMatch exec \"test -f /x\"\n  User nobody\n");

        assertThat(config.warnings()).containsExactly(
                "~/.ssh/config:3: Match exec is not supported by fanout: that block never applies");
        assertThat(config.resolve("h", null, 0, "me").user()).isEqualTo("me");
        assertThat(config.resolve("h", null, 0, "me").port()).isEqualTo(2200);
    }

    @Test
    void includeReadsMatchingFilesInOrderFromDotSshAndOnlyWhereItsBlockApplies() throws Exception {
        Files.createDirectories(home.resolve(".ssh/conf.d"));
        Files.writeString(home.resolve(".ssh/conf.d/20-users"), "User fromtwenty\nHost db*\n  Port 5432\n");
        Files.writeString(home.resolve(".ssh/conf.d/10-ports"), "Port 2210\n");
        Files.writeString(home.resolve(".ssh/conf.d/.hidden"), "User hidden\n");
        Files.writeString(home.resolve(".ssh/web"), "User webuser\n");
        String text = """
                Host web*
                  Include web
                Host *
                  Include conf.d/* missing-file
                  IdentitiesOnly yes
                """;

        SshConfig.Resolved web = resolve(text, "web01");
        assertThat(web.user()).isEqualTo("webuser");
        assertThat(web.port()).isEqualTo(2210);
        assertThat(web.identitiesOnly()).isTrue();
        SshConfig.Resolved db = resolve(text, "db01");
        assertThat(db.user()).isEqualTo("fromtwenty");
        assertThat(db.port()).isEqualTo(2210);
        // The included file's Host line does not leak into the including block: IdentitiesOnly still applies.
        assertThat(db.identitiesOnly()).isTrue();
    }

    @Test
    void anIncludeInABlockThatDoesNotApplyNeverMatchesInside() throws Exception {
        Files.writeString(home.resolve(".ssh/inner"), "Host *\n  User inner\n");

        assertThat(resolve("Host other\n  Include inner\n", "web01").user()).isEqualTo("me");
        assertThat(resolve("Host other\n  Include inner\n", "other").user()).isEqualTo("inner");
    }

    @Test
    void anIncludeThatIncludesItselfIsALoopNamingItsLine() {
        assertThatThrownBy(() -> config("# mine\nInclude config\n"))
                .isInstanceOf(SshConfigException.class)
                .hasMessage("~/.ssh/config:2: Include loop: ~/.ssh/config is already being read");
    }

    @Test
    void includesNestedDeeperThanOpenSshsLimitAreAnErrorNamingTheLine() throws Exception {
        for (int i = 0; i < 20; i++) {
            Files.writeString(home.resolve(".ssh/n" + i), "Include n" + (i + 1) + "\n");
        }

        assertThatThrownBy(() -> config("Include n0\n")).isInstanceOf(SshConfigException.class)
                .hasMessage("~/.ssh/n15:1: Include nested more than 16 deep");
    }

    @Test
    void includesThatMultiplyStopAtALimitInsteadOfReadingForever() throws Exception {
        for (int i = 0; i < 12; i++) {
            Files.writeString(home.resolve(".ssh/m" + i), ("Include m" + (i + 1) + "\n").repeat(4));
        }
        Files.writeString(home.resolve(".ssh/m12"), "User leaf\n");

        assertThatThrownBy(() -> config("Include m0\n")).isInstanceOf(SshConfigException.class)
                .hasMessageMatching("~/\\.ssh/m\\d+:\\d: the configuration with its Includes holds more than 100000 "
                        + "lines");
    }

    @Test
    void fileNamesExpandTokensEnvironmentVariablesAndTilde() throws Exception {
        String text = """
                Host *
                  HostName %h.example.com
                  User deploy
                  Port 2022
                  IdentityFile ~/.ssh/id_%r@%h:%p
                  IdentityFile ${KEYS}/%n-%u
                  IdentityFile %d/100%%
                  UserKnownHostsFile ~/.ssh/kh_%n ~/.ssh/second
                """;
        SshConfig.Resolved resolved = resolve(text, "web01");

        assertThat(resolved.identityFiles()).containsExactly(
                home.resolve(".ssh/id_deploy@web01.example.com:2022"), Path.of("/srv/keys/web01-me"),
                home.resolve("100%"));
        assertThat(resolved.knownHosts()).containsExactly(home.resolve(".ssh/kh_web01"),
                home.resolve(".ssh/second"));
    }

    @Test
    void theFirstUserKnownHostsFileLineWinsAndNoneMeansNoFile() throws Exception {
        String text = "Host a\n  UserKnownHostsFile none\nHost *\n  UserKnownHostsFile ~/kh\n";

        assertThat(resolve(text, "a").knownHosts()).containsExactly(Path.of("/dev/null"));
        assertThat(resolve(text, "b").knownHosts()).containsExactly(home.resolve("kh"));
    }

    @Test
    void proxyJumpGivesItsHopsAndTheFirstOfProxyJumpAndProxyCommandWins() throws Exception {
        String text = """
                Host direct
                  ProxyJump none
                Host cmd
                  ProxyCommand nc %h %p
                Host *
                  ProxyJump ops@bastion:2222,ssh://inner,[::1]:2200
                  ProxyCommand never used
                """;

        assertThat(resolve(text, "web01").proxyJump()).containsExactly(new SshConfig.Jump("ops", "bastion", 2222),
                new SshConfig.Jump(null, "inner", 0), new SshConfig.Jump(null, "::1", 2200));
        assertThat(resolve(text, "web01").proxyCommand()).isNull();
        assertThat(resolve(text, "direct").proxyJump()).isEmpty();
        assertThat(resolve(text, "direct").proxyCommand()).isNull();
        assertThat(resolve(text, "cmd").proxyCommand()).isEqualTo("nc %h %p");
        assertThat(resolve(text, "cmd").proxyLine()).isEqualTo("~/.ssh/config:4");
        assertThat(resolve(text, "cmd").proxyJump()).isEmpty();
        assertThat(resolve("ProxyJump a\nIdentityFile ~/k_%j\n", "x").identityFiles())
                .containsExactly(home.resolve("k_a"));
    }

    @Test
    void mistakesNameTheFileAndTheLine() {
        assertThatThrownBy(() -> resolve("Host *\n  Port ssh-port\n", "h")).hasMessage(
                "~/.ssh/config:2: bad Port 'ssh-port': expected a number from 1 to 65535 or a service name");
        assertThatThrownBy(() -> config("Host *\n  User\n")).hasMessage("~/.ssh/config:2: User needs an argument");
        assertThatThrownBy(() -> config("IdentityFile \"~/a b\n")).hasMessage(
                "~/.ssh/config:1: unterminated quote \"");
        assertThatThrownBy(() -> resolve("IdentitiesOnly maybe\n", "h")).hasMessage(
                "~/.ssh/config:1: bad IdentitiesOnly 'maybe': expected yes or no");
        assertThatThrownBy(() -> resolve("Host *\n  ProxyJump bastion:22x\n", "h")).hasMessage(
                "~/.ssh/config:2: bad port in ProxyJump hop 'bastion:22x': expected a number from 1 to 65535 or a "
                        + "service name");
        assertThatThrownBy(() -> resolve("ProxyJump @bastion\n", "h")).hasMessage(
                "~/.ssh/config:1: bad ProxyJump hop '@bastion': expected [user@]host[:port]");
        assertThatThrownBy(() -> config("Match host\n")).hasMessage(
                "~/.ssh/config:1: Match host needs an argument");
        assertThatThrownBy(() -> config("Match all host x\n")).hasMessage(
                "~/.ssh/config:1: Match all cannot be combined with other criteria");
        assertThatThrownBy(() -> resolve("\n\nIdentityFile ~/id_%z\n", "h")).hasMessage(
                "~/.ssh/config:3: bad IdentityFile '~/id_%z': unknown token %z");
        assertThatThrownBy(() -> resolve("IdentityFile ${NOPE}/id\n", "h")).hasMessage(
                "~/.ssh/config:1: bad IdentityFile '${NOPE}/id': environment variable NOPE is not set");
        assertThatThrownBy(() -> resolve("IdentityFile ~root/id\n", "h")).hasMessage(
                "~/.ssh/config:1: bad IdentityFile '~root/id': only ~ and ~/ are expanded; write the full path");
    }

    /** Checked with ssh -G: {@code Port https} is 443; ssh looks names up with getservbyname(3). */
    @Test
    void aPortMayBeAServiceNameAsSshTakesIt() throws Exception {
        assertThat(resolve("Host *\n  Port ssh\n", "h").port()).isEqualTo(22);
        assertThat(resolve("Host *\n  Port https\n", "h").port()).isEqualTo(443);
        assertThat(resolve("ProxyJump bastion:https\n", "h").proxyJump())
                .containsExactly(new SshConfig.Jump(null, "bastion", 443));
        assertThat(ServiceNames.parse("# services\nssh\t\t22/tcp\t# SSH\nfoo 7/udp\nbar 8/tcp baz qux\nbad x/tcp\n"))
                .isEqualTo(Map.of("ssh", 22, "bar", 8, "baz", 8, "qux", 8));
    }

    @Test
    void aBadValueIsAnErrorOnlyForAHostItsBlockAppliesTo() throws Exception {
        SshConfig config = config("Host broken\n  Port nosuchservice\n  IdentitiesOnly maybe\n  ProxyJump @x\n"
                + "Host *\n  User ok\n");

        assertThat(config.resolve("fine", null, 0, "me").user()).isEqualTo("ok");
        assertThatThrownBy(() -> config.resolve("broken", null, 0, "me")).isInstanceOf(SshConfigException.class)
                .hasMessage("~/.ssh/config:2: bad Port 'nosuchservice': expected a number from 1 to 65535 or a "
                        + "service name");
    }

    /** ssh_config(5), TOKENS: "Hostname accepts the tokens %% and %h"; ssh -G stops at %n ("unknown key %n"). */
    @Test
    void hostNameAcceptsOnlyPercentHAndPercentPercentAsSshDoes() throws Exception {
        assertThat(resolve("Host x\n  HostName %%h.%h\n", "x").hostName()).isEqualTo("%h.x");
        assertThatThrownBy(() -> resolve("Host x\n  HostName %n.example.com\n", "x"))
                .isInstanceOf(SshConfigException.class).hasMessage("~/.ssh/config:2: bad HostName '%n.example.com': "
                        + "unknown token %n (HostName accepts only %h and %%)");
        assertThatThrownBy(() -> resolve("HostName a%\n", "x")).hasMessage(
                "~/.ssh/config:1: bad HostName 'a%': it ends with a lone %");
        assertThat(resolve("Host y\n  HostName %r.x\n", "x").hostName()).isEqualTo("x");
    }

    @Test
    void anUnknownKeywordWarnsOnceWithItsFirstLineAndASuggestion() throws Exception {
        SshConfig config = config("Host *\n  Usr deploy\n  Usr again\n  Frobnicate yes\n");

        assertThat(config.warnings()).containsExactly(
                "~/.ssh/config:2: unknown keyword 'Usr' skipped (did you mean 'User'?)",
                "~/.ssh/config:4: unknown keyword 'Frobnicate' skipped");
        assertThat(config.resolve("h", null, 0, "me").user()).isEqualTo("me");
    }

    @Test
    void openSshKeywordsThatFanoutDoesNotUseAndIgnoreUnknownOnesAreSilent() throws Exception {
        SshConfig config = config("""
                IgnoreUnknown UseKeychain,Frob*
                Host *
                  ServerAliveInterval 30
                  ForwardAgent yes
                  ControlMaster auto
                  StrictHostKeyChecking accept-new
                  UseKeychain yes
                  FrobnicateHarder yes
                  ChallengeResponseAuthentication no
                """);

        assertThat(config.warnings()).isEmpty();
    }

    @Test
    void bytesThatAreNotUtf8AreReadAsSshReadsThemAndAreAnErrorOnlyWhereAHostUsesThem() throws Exception {
        Path file = home.resolve(".ssh/config");
        byte[] latin1 = "J\u00fcrgen".getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        var text = new java.io.ByteArrayOutputStream();
        text.writeBytes("# written by ".getBytes());
        text.writeBytes(latin1);
        text.writeBytes("\nHost web*\n  User deploy # ".getBytes());
        text.writeBytes(latin1);
        text.writeBytes("\n  SendEnv ".getBytes());
        text.writeBytes(latin1);
        text.writeBytes("\nHost old\n  User ".getBytes());
        text.writeBytes(latin1);
        text.writeBytes("\n".getBytes());
        Files.write(file, text.toByteArray());
        SshConfig config = SshConfig.loadDefaults(file, home.resolve("no-system-file"), context);

        assertThat(config.warnings()).isEmpty();
        assertThat(config.resolve("web01", null, 0, "me").user()).isEqualTo("deploy");
        assertThatThrownBy(() -> config.resolve("old", null, 0, "me")).isInstanceOf(SshConfigException.class)
                .hasMessage("~/.ssh/config:6: the value of User is not UTF-8 text: 'J\ufffdrgen'");
    }

    /** Found by SshConfigFuzzTest: a quoted carriage return came out in the message and broke its line. */
    @Test
    void aControlCharacterInAQuotedValueIsShownEscapedSoTheMessageStaysOneLine() {
        assertThatThrownBy(() -> resolve("Host *\n  Port \"2\r2\"\n", "h")).isInstanceOf(SshConfigException.class)
                .hasMessage("~/.ssh/config:2: bad Port '2\\r2': expected a number from 1 to 65535 or a service name");
    }

    @Test
    void aProxyJumpOfMoreThanSixteenHopsIsAnErrorSoAChainStaysShort() throws Exception {
        String hops = String.join(",", java.util.Collections.nCopies(17, "hop"));

        assertThat(resolve("ProxyJump " + hops.substring(4) + "\n", "h").proxyJump()).hasSize(16);
        assertThatThrownBy(() -> resolve("ProxyJump " + hops + "\n", "h")).isInstanceOf(SshConfigException.class)
                .hasMessage("~/.ssh/config:1: ProxyJump lists 17 hops; at most 16 are allowed");
    }

    @Test
    void theUserFileComesBeforeTheSystemFileAndMissingFilesAreSkipped() throws Exception {
        Path system = home.resolve("ssh_config");
        Files.writeString(system, "Host *\n  User systemuser\n  Port 2200\n");
        Files.writeString(home.resolve(".ssh/config"), "Host *\n  User mine\n");

        SshConfig both = SshConfig.loadDefaults(home.resolve(".ssh/config"), system, context);
        assertThat(both.resolve("h", null, 0, "me").user()).isEqualTo("mine");
        assertThat(both.resolve("h", null, 0, "me").port()).isEqualTo(2200);
        SshConfig none = SshConfig.loadDefaults(home.resolve("nope"), home.resolve("nope2"), context);
        assertThat(none.resolve("h", null, 0, "me").user()).isEqualTo("me");
        assertThatThrownBy(() -> SshConfig.load(home.resolve("nope"), context))
                .hasMessage("~/nope: cannot read: no such file");
    }

    @Test
    void patternListsHonourNegationAndCase() {
        assertThat(SshPatterns.list("Web01", "web*,!web02", true)).isTrue();
        assertThat(SshPatterns.list("web02", "web*,!web02", true)).isFalse();
        assertThat(SshPatterns.list("Root", "root", false)).isFalse();
        assertThat(SshPatterns.glob("*.example.com", "web1.example.com")).isTrue();
        assertThat(SshPatterns.glob("*.example.com", "example.com")).isFalse();
        assertThat(SshPatterns.glob("web?", "web12")).isFalse();
        assertThat(SshPatterns.glob("[10.0.0.*]:2222", "[10.0.0.7]:2222")).isTrue();
        assertThat(SshPatterns.glob("a*b*c", "aXXbYYc")).isTrue();
        assertThat(SshPatterns.glob("a*b*c", "aXXbYY")).isFalse();
        assertThat(SshPatterns.glob("*", "")).isTrue();
    }
}
