package dev.fanout.core.inventory;

import dev.fanout.core.sshconfig.SshConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InventoryTest {

    /** The example of Inventory's Javadoc, word for word. */
    static final String EXAMPLE = """
            # inherited by every host section; any key may be set here and used in %(...)s
            [DEFAULT]
            user = deploy
            domain = example.com

            # a range section: web01, web02, web03, web04
            [web[01-04]]
            # %(name)s is the host's own name; the address defaults to the name
            address = %(name)s.%(domain)s
            # groups this host belongs to, separated by commas and/or whitespace
            groups = web_clusters, prod

            [db01]
            address = 10.0.0.5
            port = 2222
            user = postgres
            # the password is read from this environment variable when the inventory is loaded
            password_env = DB01_PASSWORD
            # ~ is the user's home
            identity_file = ~/.ssh/id_db

            # db02 and db03, checked against their own known_hosts file
            [db[02-03]]
            address = %(name)s.internal
            known_hosts = ~/.ssh/known_hosts.lab

            # allowed, but password_env keeps the password out of the file
            [h1]
            password = s3cret

            # a group section: members by host pattern and by nested group
            [group:db_servers]
            hosts = db01, db[02-03]
            children = web_clusters
            """;

    private static final Map<String, String> ENV = Map.of("DB01_PASSWORD", "db-pw-1", "HOME", "/home/me");

    private static Inventory parse(String text) throws InventoryException {
        return Inventory.parse(text, "hosts.ini", ENV::get, "me");
    }

    private static Inventory parse(String text, Function<String, String> env) throws InventoryException {
        return Inventory.parse(text, "hosts.ini", env, "me");
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    @Test
    void theDocumentedExampleGivesTheDocumentedHosts() throws Exception {
        Inventory inventory = parse(EXAMPLE);

        assertThat(names(inventory.hosts()))
                .containsExactly("web01", "web02", "web03", "web04", "db01", "db02", "db03", "h1");
        assertThat(inventory.host("web03").orElseThrow()).isEqualTo(new Host("web03", "web03.example.com", 22,
                "deploy", null, List.of(), false, null, List.of("web_clusters", "prod"), Route.DIRECT));
        assertThat(inventory.host("db01").orElseThrow()).isEqualTo(new Host("db01", "10.0.0.5", 2222, "postgres",
                Secret.of("db-pw-1"), List.of(Path.of("/home/me/.ssh/id_db")), true, null, List.of("db_servers"),
                Route.DIRECT));
        assertThat(inventory.host("db02").orElseThrow()).isEqualTo(new Host("db02", "db02.internal", 22, "deploy",
                null, List.of(), false, Path.of("/home/me/.ssh/known_hosts.lab"), List.of("db_servers"), Route.DIRECT));
        assertThat(inventory.host("h1").orElseThrow()).isEqualTo(new Host("h1", "h1", 22, "deploy",
                Secret.of("s3cret"), List.of(), false, null, List.of(), Route.DIRECT));
        assertThat(inventory.groupNames()).containsExactly("db_servers", "prod", "web_clusters");
        assertThat(names(inventory.members("web_clusters"))).containsExactly("web01", "web02", "web03", "web04");
        assertThat(names(inventory.members("db_servers")))
                .containsExactly("web01", "web02", "web03", "web04", "db01", "db02", "db03");
        assertThat(inventory.source()).isEqualTo("hosts.ini");
        assertThat(inventory.host("nope")).isEmpty();
        assertThat(inventory).hasToString("Inventory[hosts.ini: 8 hosts, 3 groups]");
    }

    @Test
    void aHostWithoutSettingsHasItsNameAsAddressPort22AndTheLocalUser() throws Exception {
        assertThat(parse("[bare]\n").hosts()).containsExactly(Host.of("bare", "bare", 22, "me"));
    }

    @Test
    void hostnameIsAnAliasOfAddress() throws Exception {
        assertThat(parse("[a]\nhostname = 192.0.2.1\n").host("a").orElseThrow().address()).isEqualTo("192.0.2.1");
    }

    @Test
    void keysAreCaseInsensitive() throws Exception {
        Host host = parse("[a]\nPORT = 2200\nUser = root\n").host("a").orElseThrow();

        assertThat(host.port()).isEqualTo(2200);
        assertThat(host.user()).isEqualTo("root");
    }

    @Test
    void aSectionMayListSeveralHostsSeparatedByCommas() throws Exception {
        assertThat(names(parse("[b,a]\nport=2\n[c[1-2]x,z]\n").hosts())).containsExactly("a", "b", "c1x", "c2x", "z");
    }

    @Test
    void hostsComeInFileOrderWithRangesInRangeOrder() throws Exception {
        assertThat(names(parse("[zeta]\n[n[8-10]]\n[alpha]\n").hosts()))
                .containsExactly("zeta", "n8", "n9", "n10", "alpha");
    }

    @Test
    void aHostSettingReplacesTheDefaultOneAndAnEmptyValueCancelsIt() throws Exception {
        Inventory inventory = parse("[DEFAULT]\npassword = p\ngroups = all_hosts\nport = 2022\n"
                + "[a]\n[b]\npassword =\ngroups = special\nport =\n");

        assertThat(inventory.host("a").orElseThrow().password()).isEqualTo(Secret.of("p"));
        assertThat(inventory.host("a").orElseThrow().groups()).containsExactly("all_hosts");
        assertThat(inventory.host("a").orElseThrow().port()).isEqualTo(2022);
        assertThat(inventory.host("b").orElseThrow().password()).isNull();
        assertThat(inventory.host("b").orElseThrow().groups()).containsExactly("special");
        assertThat(inventory.host("b").orElseThrow().port()).isEqualTo(22);
    }

    @Test
    void aHostsOwnPasswordBeatsAPasswordEnvFromDefault() throws Exception {
        Inventory inventory = parse("[DEFAULT]\npassword_env = FLEET\n[a]\npassword = mine\n[b]\n",
                Map.of("FLEET", "fleet-pw")::get);

        assertThat(inventory.host("a").orElseThrow().password()).isEqualTo(Secret.of("mine"));
        assertThat(inventory.host("b").orElseThrow().password()).isEqualTo(Secret.of("fleet-pw"));
    }

    @Test
    void becomeBecomeUserAndBecomePasswordEnvSayHowAHostRunsThroughSudo() throws Exception {
        Inventory inventory = parse("""
                [DEFAULT]
                become_password_env = SUDO_PW
                [a]
                become = yes
                [b]
                become = true
                become_user = postgres
                [c]
                become = no
                become_user = app
                [d]
                """, Map.of("SUDO_PW", "sudo-pw")::get);

        assertThat(inventory.host("a").orElseThrow().become()).isEqualTo(Become.sudo("root", Secret.of("sudo-pw")));
        assertThat(inventory.host("b").orElseThrow().become())
                .isEqualTo(Become.sudo("postgres", Secret.of("sudo-pw")));
        assertThat(inventory.host("c").orElseThrow().become().enabled()).isFalse();
        assertThat(inventory.host("c").orElseThrow().become().user()).isEqualTo("app");
        assertThat(inventory.host("d").orElseThrow().become().enabled()).isFalse();
        assertThat(inventory.host("a").orElseThrow().toString()).doesNotContain("sudo-pw");
    }

    @Test
    void aGroupSectionsBecomeKeysReachItsMembersAndChildGroupsWhereTheHostLeavesThemOpen() throws Exception {
        Inventory inventory = parse("""
                [DEFAULT]
                become_user = app
                [db[1-2]]
                groups = db
                [db3]
                groups = db
                become = no
                [web1]
                groups = web
                [other]
                [group:db]
                become = yes
                become_user = postgres
                become_password_env = DB_SUDO
                [group:all]
                children = db, web
                become = yes
                become_user = deploy
                """, Map.of("DB_SUDO", "db-sudo")::get);

        assertThat(inventory.host("db1").orElseThrow().become())
                .isEqualTo(Become.sudo("postgres", Secret.of("db-sudo")));
        assertThat(inventory.host("db3").orElseThrow().become().enabled()).isFalse();
        assertThat(inventory.host("web1").orElseThrow().become()).isEqualTo(Become.sudo("deploy", null));
        assertThat(inventory.host("other").orElseThrow().become()).isEqualTo(new Become(false, "app", null));
        assertThatThrownBy(() -> parse("[a]\n[group:g]\nhosts = a\nbecome = perhaps\n"))
                .hasMessage("hosts.ini:4: bad become 'perhaps' for host a: expected yes or no");
    }

    @Test
    void aBadBecomeValueIsAnErrorNamingItsLineAndAnUnsetBecomePasswordEnvOnlyOnceTheHostIsSelected()
            throws Exception {
        assertThatThrownBy(() -> parse("[a]\nbecome = maybe\n"))
                .hasMessage("hosts.ini:2: bad become 'maybe' for host a: expected yes or no");
        assertThatThrownBy(() -> parse("[a]\nbecome = yes\nbecome_user = -r\n"))
                .hasMessage("hosts.ini:3: bad become_user '-r' for host a: a user name has no spaces and does not "
                        + "start with '-'");
        Inventory inventory = parse("[a]\nbecome = yes\nbecome_password_env = NOT_SET\n[b]\n");
        assertThat(inventory.unusable("a")).hasValue("hosts.ini:3: environment variable 'NOT_SET' "
                + "(become_password_env of host a) is not set");
        assertThat(inventory.unusable("b")).isEmpty();
    }

    @Test
    void aLiteralPercentInAPasswordIsWrittenDoubled() throws Exception {
        assertThat(parse("[a]\npassword = 100%%sure\n").host("a").orElseThrow().password())
                .isEqualTo(Secret.of("100%sure"));
    }

    @Test
    void groupsAreSeparatedByCommasOrWhitespaceAndRepeatsAreDropped() throws Exception {
        Host host = parse("[a]\ngroups = x,y z\n  x , w\n").host("a").orElseThrow();

        assertThat(host.groups()).containsExactly("x", "y", "z", "w");
    }

    @Test
    void aHostsGroupsAreItsOwnListThenTheGroupSectionsNamingIt() throws Exception {
        Inventory inventory = parse("[a]\ngroups = own\n[group:listed]\nhosts = a\n[group:other]\nhosts = a\n");

        assertThat(inventory.host("a").orElseThrow().groups()).containsExactly("own", "listed", "other");
    }

    @Test
    void membersIncludeNestedChildrenInInventoryOrderWithoutRepeats() throws Exception {
        Inventory inventory = parse("""
                [w1]
                groups = web
                [d1]
                groups = db
                [w2]
                groups = web, db
                [x]
                [group:app]
                children = web
                [group:all_of_it]
                hosts = x, w1
                children = app db
                [group:empty]
                """);

        assertThat(names(inventory.members("app"))).containsExactly("w1", "w2");
        assertThat(names(inventory.members("all_of_it"))).containsExactly("w1", "d1", "w2", "x");
        assertThat(inventory.members("empty")).isEmpty();
        assertThat(inventory.hasGroup("empty")).isTrue();
        assertThat(inventory.hasGroup("nope")).isFalse();
        assertThat(inventory.groupNames()).containsExactly("all_of_it", "app", "db", "empty", "web");
    }

    @Test
    void askingForTheMembersOfAnUnknownGroupIsACallerMistake() throws Exception {
        Inventory inventory = parse("[a]\n");

        assertThatThrownBy(() -> inventory.members("dbs")).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("unknown group 'dbs' in hosts.ini");
    }

    @Test
    void aGroupSectionReadsOnlyItsOwnKeysButInterpolatesDefaultValues() throws Exception {
        Inventory inventory = parse("[DEFAULT]\nhosts = a\nwebs = w[1-2]\n[a]\n[w[1-2]]\n[group:g]\n"
                + "[group:h]\nhosts = %(webs)s\n");

        assertThat(inventory.members("g")).isEmpty();
        assertThat(names(inventory.members("h"))).containsExactly("w1", "w2");
    }

    @Test
    void tildeIsTheHomeFromTheEnvironmentAndOtherPathsStayAsWritten() throws Exception {
        Inventory inventory = parse("[a]\nidentity_file = ~\nknown_hosts = kh/known\n[b]\nidentity_file = /k/id\n");

        assertThat(inventory.host("a").orElseThrow().identityFiles()).containsExactly(Path.of("/home/me"));
        assertThat(inventory.host("a").orElseThrow().knownHosts()).isEqualTo(Path.of("kh/known"));
        assertThat(inventory.host("b").orElseThrow().identityFiles()).containsExactly(Path.of("/k/id"));
    }

    @Test
    void tildeFallsBackToTheJavaUserHomeWithoutHomeInTheEnvironment() throws Exception {
        Inventory inventory = parse("[a]\nidentity_file = ~/id\n", name -> null);

        assertThat(inventory.host("a").orElseThrow().identityFiles())
                .containsExactly(Path.of(System.getProperty("user.home") + "/id"));
    }

    @Test
    void tildeWithAUserNameIsAnError() {
        assertThatThrownBy(() -> parse("[a]\n\nidentity_file = ~bob/id\n")).isInstanceOf(InventoryException.class)
                .hasMessage("hosts.ini:3: bad identity_file '~bob/id' for host a: only ~ and ~/ are expanded; "
                        + "write the full path");
    }

    @Test
    void anUnknownKeyIsAnErrorSuggestingTheClosestKnownKey() {
        assertThatThrownBy(() -> parse("[h1]\nuser = x\npasword = s3cret\n"))
                .hasMessage("hosts.ini:3: unknown key 'pasword' in host section [h1] (did you mean 'password'?)");
        assertThatThrownBy(() -> parse("[h1]\nprot = 22\n"))
                .hasMessage("hosts.ini:2: unknown key 'prot' in host section [h1] (did you mean 'port'?)");
        assertThatThrownBy(() -> parse("[h1]\nidentityfile = ~/k\n"))
                .hasMessage("hosts.ini:2: unknown key 'identityfile' in host section [h1] "
                        + "(did you mean 'identity_file'?)");
        assertThatThrownBy(() -> parse("[h1]\nip = 10.0.0.1\n"))
                .hasMessage("hosts.ini:2: unknown key 'ip' in host section [h1] (did you mean 'address'?)");
        assertThatThrownBy(() -> parse("[h1]\nprivate_key = ~/k\n"))
                .hasMessage("hosts.ini:2: unknown key 'private_key' in host section [h1] "
                        + "(did you mean 'identity_file'?)");
        assertThatThrownBy(() -> parse("[h1]\ncolour = red\n"))
                .hasMessage("hosts.ini:2: unknown key 'colour' in host section [h1] (known keys: address, "
                        + "hostname, port, user, username, password, password_env, identity_file, known_hosts, groups, "
                        + "become, become_user, become_password_env)");
        assertThatThrownBy(() -> parse("[a]\n[group:g]\nhost = a\n"))
                .hasMessage("hosts.ini:3: unknown key 'host' in group section [group:g] (did you mean 'hosts'?)");
    }

    @Test
    void aMisspeltOrForeignKeyInDefaultThatNothingUsesIsAnErrorWithASuggestion() {
        assertThatThrownBy(() -> parse("[DEFAULT]\nlogin = deploy\n[web01]\n")).hasMessage("hosts.ini:2: "
                + "unknown key 'login' in section [DEFAULT] (did you mean 'user'?): it is no host key and no "
                + "%(...)s reference uses it");
        assertThatThrownBy(() -> parse("[DEFAULT]\nidentityfile = ~/.ssh/id\n[web01]\n"))
                .hasMessageStartingWith("hosts.ini:2: unknown key 'identityfile' in section [DEFAULT] (did you mean "
                        + "'identity_file'?)");
        assertThatThrownBy(() -> parse("[DEFAULT]\nprot = 2222\n[web01]\n"))
                .hasMessageStartingWith("hosts.ini:2: unknown key 'prot' in section [DEFAULT] (did you mean 'port'?)");
    }

    @Test
    void aDefaultKeyThatAReferenceUsesOrThatResemblesNoHostKeyIsAllowed() throws Exception {
        assertThat(parse(EXAMPLE).hosts()).isNotEmpty();
        Inventory inventory = parse("[DEFAULT]\nusername = deploy\nteam = ops\n[web01]\nuser = %(username)s\n");

        assertThat(inventory.host("web01").orElseThrow().user()).isEqualTo("deploy");
    }

    @Test
    void anyKeyMayBeSetInDefaultExceptName() throws Exception {
        assertThat(parse("[DEFAULT]\ncolour = red\n[a]\n").hosts()).hasSize(1);
        assertThatThrownBy(() -> parse("[DEFAULT]\nname = x\n[a]\n"))
                .hasMessage("hosts.ini:2: 'name' cannot be set: %(name)s is always the host's own name");
        assertThatThrownBy(() -> parse("[a]\nname = x\n"))
                .hasMessage("hosts.ini:2: 'name' cannot be set: %(name)s is always the host's own name");
    }

    @Test
    void aMissingInterpolationKeyNamesTheOptionsLineAndTheSections() {
        String text = "[DEFAULT]\nuser = deploy\n\n\n\n\n[web01]\nport = 22\naddress = %(name)s.%(domain)s\n";

        assertThatThrownBy(() -> parse(text)).hasMessage(
                "hosts.ini:9: bad interpolation in option 'address': no option 'domain' in section [web01] or [DEFAULT]");
    }

    @Test
    void aDuplicateHostIsAnErrorAlsoThroughOverlappingRanges() {
        assertThatThrownBy(() -> parse("[web[01-04]]\n\n[web[03-05]]\n")).hasMessage("hosts.ini:3: duplicate host "
                + "'web03' in section [web[03-05]] (already in section [web[01-04]] at line 1)");
        assertThatThrownBy(() -> parse("[web01]\n[web[01-02]]\n")).hasMessage("hosts.ini:2: duplicate host "
                + "'web01' in section [web[01-02]] (already in section [web01] at line 1)");
        assertThatThrownBy(() -> parse("[web01]\n[web01]\n"))
                .hasMessage("hosts.ini:2: duplicate section [web01] (first at line 1)");
    }

    @Test
    void aBadRangeInASectionNameIsAnErrorAtItsHeader() {
        assertThatThrownBy(() -> parse("[a]\n[web[3-1]]\n")).hasMessage(
                "hosts.ini:2: bad host section [web[3-1]]: bad range 'web[3-1]' in 'web[3-1]': start > end");
    }

    @Test
    void hostNamesMustBeUsableAsDirectoryNames() {
        assertThatThrownBy(() -> parse("[a/b]\n")).hasMessage(
                "hosts.ini:1: bad host name 'a/b' in section [a/b]: use only letters, digits, '-', '_' and '.'");
        assertThatThrownBy(() -> parse("[..]\n"))
                .hasMessage("hosts.ini:1: bad host name '..' in section [..]: '..' is not allowed");
        assertThatThrownBy(() -> parse("[.]\n"))
                .hasMessage("hosts.ini:1: bad host name '.' in section [.]: '.' is not allowed");
        assertThatThrownBy(() -> parse("[Group:db]\n")).hasMessage("hosts.ini:1: bad host name 'Group:db' in "
                + "section [Group:db]: use only letters, digits, '-', '_' and '.' (a group section is written "
                + "[group:NAME])");
        assertThatThrownBy(() -> parse("[web 01]\n"))
                .hasMessage("hosts.ini:1: bad host section [web 01]: host names cannot hold whitespace");
        assertThatThrownBy(() -> parse("[,]\n")).hasMessage("hosts.ini:1: section [,] names no host");
    }

    @Test
    void badGroupNamesAreErrors() {
        assertThatThrownBy(() -> parse("[a]\ngroups = ok, b/d\n"))
                .hasMessage("hosts.ini:2: bad group name 'b/d' for host a: use only letters, digits, '-', '_', '.' and ':'");
        assertThatThrownBy(() -> parse("[group:]\n"))
                .hasMessage("hosts.ini:1: bad group name '' in section [group:]: it is empty");
        assertThatThrownBy(() -> parse("[group:a@b]\n")).hasMessage(
                "hosts.ini:1: bad group name 'a@b' in section [group:a@b]: use only letters, digits, '-', '_', '.' and ':'");
    }

    @Test
    void aGroupListingAHostThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> parse("[db01]\n[group:db_servers]\nhosts = db01, db[02-03]\n")).hasMessage(
                "hosts.ini:3: group 'db_servers' lists host 'db02', which is not defined in hosts.ini");
        assertThatThrownBy(() -> parse("[db01]\n[group:g]\nhosts = db[3-1]\n")).hasMessage(
                "hosts.ini:3: in group section [group:g]: bad range 'db[3-1]' in 'db[3-1]': start > end");
    }

    @Test
    void aChildGroupThatDoesNotExistIsAnError() {
        assertThatThrownBy(() -> parse("[a]\ngroups = web\n[group:g]\nchildren = web, webs\n")).hasMessage(
                "hosts.ini:4: group 'g' has child group 'webs', which does not exist");
    }

    @Test
    void aBadChildGroupNameIsAnError() {
        assertThatThrownBy(() -> parse("[group:g]\nchildren = @web\n")).hasMessage("hosts.ini:2: bad group name "
                + "'@web' in the children of group 'g': use only letters, digits, '-', '_', '.' and ':'");
    }

    @Test
    void groupCyclesAreErrorsNamingTheCycle() {
        assertThatThrownBy(() -> parse("[group:a]\nchildren = b\n[group:b]\nchildren = c\n[group:c]\nchildren = a\n"))
                .hasMessage("hosts.ini:6: group cycle: a -> b -> c -> a");
        assertThatThrownBy(() -> parse("[group:a]\nchildren = a\n")).hasMessage("hosts.ini:2: group cycle: a -> a");
    }

    @Test
    void aChainOfFourThousandNestedGroupsIsReadWithoutExhaustingTheStack() throws Exception {
        int depth = 4_000;
        var text = new StringBuilder("[h]\ngroups = g" + depth + "\n");
        for (int i = 1; i < depth; i++) {
            text.append("[group:g").append(i).append("]\nchildren = g").append(i + 1).append('\n');
        }

        Inventory inventory = parse(text.toString());

        assertThat(names(inventory.members("g1"))).containsExactly("h");
        assertThat(names(inventory.members("g" + depth))).containsExactly("h");
    }

    @Test
    void aCycleOfFourThousandGroupsIsAnErrorOnOneShortLine() {
        int length = 4_000;
        var text = new StringBuilder();
        for (int i = 1; i <= length; i++) {
            text.append("[group:g").append(i).append("]\nchildren = g").append(i % length + 1).append('\n');
        }

        assertThatThrownBy(() -> parse(text.toString())).hasMessage("hosts.ini:" + (2 * length)
                + ": group cycle: g1 -> g2 -> g3 -> g4 -> g5 -> ... (3991 more) -> g3997 -> g3998 -> g3999 -> g4000"
                + " -> g1");
    }

    /** Found by InventoryFuzzTest's reasoning: 150 bytes of ranges made a million hosts and 458 MB of heap. */
    @Test
    void aFewBytesOfRangesCannotDefineMoreHostsThanTheLimit() {
        var text = new StringBuilder();
        for (int i = 0; i < 10; i++) {
            text.append("[s").append(i).append("h[1-99999]]\n");
        }

        assertThatThrownBy(() -> parse(text.toString())).isInstanceOf(InventoryException.class)
                .hasMessage("hosts.ini:2: section [s1h[1-99999]] takes the inventory over 100000 hosts");
    }

    @Test
    void aDiamondOfGroupsIsNotACycle() throws Exception {
        Inventory inventory = parse("[h]\ngroups = d\n[group:a]\nchildren = b c\n[group:b]\nchildren = d\n"
                + "[group:c]\nchildren = d\n");

        assertThat(names(inventory.members("a"))).containsExactly("h");
    }

    @Test
    void badPortsAreErrorsNamingTheHost() {
        assertThatThrownBy(() -> parse("[a]\nport = abc\n"))
                .hasMessage("hosts.ini:2: bad port 'abc' for host a: expected a number from 1 to 65535");
        assertThatThrownBy(() -> parse("[a]\nport = 0\n")).hasMessageContaining("bad port '0'");
        assertThatThrownBy(() -> parse("[a]\nport = 65536\n")).hasMessageContaining("bad port '65536'");
        assertThatThrownBy(() -> parse("[a]\nport = 22 ; ssh\n")).hasMessageContaining("bad port '22 ; ssh'");
        assertThatThrownBy(() -> parse("[DEFAULT]\nport = -1\n[a]\n"))
                .hasMessage("hosts.ini:2: bad port '-1' for host a: expected a number from 1 to 65535");
        assertThatThrownBy(() -> parse("[a]\nport = 22\n  23\n"))
                .hasMessage("hosts.ini:2: the port of host a must be on one line");
    }

    @Test
    void anAddressWithWhitespaceIsAnError() {
        assertThatThrownBy(() -> parse("[a]\naddress = 10.0.0.1 10.0.0.2\n"))
                .hasMessage("hosts.ini:2: bad address '10.0.0.1 10.0.0.2' for host a: it holds whitespace");
    }

    @Test
    void aMissingPasswordVariableMakesOnlyItsHostUnusableNamingTheHostAndTheVariableButNoValue() throws Exception {
        Inventory unset = parse("[db01]\npassword_env = DB01_PW\n[web01]\n", name -> null);
        assertThat(unset.unusable("db01")).hasValue(
                "hosts.ini:2: environment variable 'DB01_PW' (password_env of host db01) is not set");
        assertThat(unset.unusable("web01")).isEmpty();
        assertThat(parse("[db01]\npassword_env = DB01_PW\n", Map.of("DB01_PW", "")::get).unusable("db01"))
                .hasValue("hosts.ini:2: environment variable 'DB01_PW' (password_env of host db01) is empty");
    }

    @Test
    void passwordAndPasswordEnvInTheSameSectionAreAnError() {
        assertThatThrownBy(() -> parse("[a]\npassword = x\npassword_env = Y\n"))
                .hasMessage("hosts.ini:3: set either 'password' or 'password_env' in section [a], not both");
        assertThatThrownBy(() -> parse("[DEFAULT]\naddress = x\nhostname = y\n[a]\n"))
                .hasMessage("hosts.ini:3: set either 'address' or 'hostname' in section [DEFAULT], not both");
    }

    @Test
    void thePasswordNeverShowsInHostTextOrInAnyError() {
        String secret = "s3cretPW";
        assertThat(Host.of("a", "a", 22, "u").withPassword(Secret.of(secret)).toString())
                .doesNotContain(secret).contains("******");
        List<String> broken = List.of(
                "[a]\npassword = " + secret + "\nport = x\n",
                "[a]\npassword = " + secret + "%\n",
                "[a]\npassword = %(" + secret + ")s\n",
                "[a]\npassword = \n" + secret + "\n",
                "[a]\npassword = " + secret + "\n  more\n",
                "[a]\npassword = " + secret + "\npasword = " + secret + "\n",
                "[a]\npassword_env = PW\naddress = %(nope)s\n");
        for (String text : broken) {
            assertThatThrownBy(() -> parse(text, Map.of("PW", secret)::get))
                    .isInstanceOf(InventoryException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContainIgnoringCase(secret).doesNotContain("\n"));
        }
    }

    @Test
    void loadReadsAUtf8File(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts.ini");
        Files.writeString(file, "[DEFAULT]\nuser = jürgen\n[a]\n", StandardCharsets.UTF_8);

        Inventory inventory = Inventory.load(file, ENV::get, "me");

        assertThat(inventory.source()).isEqualTo(file.toString());
        assertThat(inventory.host("a").orElseThrow().user()).isEqualTo("jürgen");
    }

    @Test
    void loadErrorsNameTheFileAsGiven(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts.ini");
        Files.writeString(file, "[a]\nport = 0\n");
        assertThatThrownBy(() -> Inventory.load(file, ENV::get, "me"))
                .hasMessage(file + ":2: bad port '0' for host a: expected a number from 1 to 65535");

        Path missing = dir.resolve("missing.ini");
        assertThatThrownBy(() -> Inventory.load(missing, ENV::get, "me"))
                .isInstanceOf(InventoryException.class).hasMessage(missing + ": cannot read: no such file");

        Path latin1 = dir.resolve("latin1.ini");
        Files.write(latin1, "[a]\nuser = j\u00fcrgen\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> Inventory.load(latin1, ENV::get, "me"))
                .hasMessage(latin1 + ":2: not UTF-8 text (byte 0xfc); save the file as UTF-8");

        assertThatThrownBy(() -> Inventory.load(dir, ENV::get, "me"))
                .isInstanceOf(InventoryException.class).hasMessageStartingWith(dir + ": cannot read: ");
    }

    @Test
    void aByteThatIsNotUtf8IsAnErrorNamingItsLineButNotItsText(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hosts.ini");
        var bytes = new java.io.ByteArrayOutputStream();
        bytes.writeBytes("# hosts\r\n[db01]\r\n\r\npassword = s3cr".getBytes(StandardCharsets.US_ASCII));
        bytes.write(0xff);
        bytes.writeBytes("t\n".getBytes(StandardCharsets.US_ASCII));
        Files.write(file, bytes.toByteArray());

        assertThatThrownBy(() -> Inventory.load(file, ENV::get, "me")).isInstanceOf(InventoryException.class)
                .hasMessage(file + ":4: not UTF-8 text (byte 0xff); save the file as UTF-8");
        Files.write(file, new byte[] {'[', 'a', ']', '\n', (byte) 0xe2, (byte) 0x82});
        assertThatThrownBy(() -> Inventory.load(file, ENV::get, "me"))
                .hasMessage(file + ":2: not UTF-8 text (byte 0xe2); save the file as UTF-8");
    }

    @Test
    void anEmptyFileIsAnEmptyInventory() throws Exception {
        Inventory inventory = parse("# nothing yet\n");

        assertThat(inventory.hosts()).isEmpty();
        assertThat(inventory.groupNames()).isEmpty();
    }

    @Test
    void sshConfigCompletesOnlyWhatTheInventoryLeavesOpenMatchingTheAddress(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, """
                Host web*
                  HostName %h.example.com
                  User webuser
                  Port 2201
                  IdentityFile ~/.ssh/web_key
                  UserKnownHostsFile ~/.ssh/known_web
                Host 10.0.0.9
                  User byaddress
                Host bastion
                  HostName 192.0.2.1
                  User jumper
                  ProxyJump outer:2022
                Host outer
                  ProxyJump none
                Host *
                  ProxyJump bastion
                """);
        SshConfig ssh = SshConfig.load(config, new SshConfig.Context(Path.of("/home/me"), ENV::get));
        Inventory inventory = Inventory.parse("""
                [web01]
                [web02]
                user = own
                port = 22
                identity_file = /k/own
                known_hosts = /k/known
                [db01]
                address = 10.0.0.9
                """, "hosts.ini", ENV::get, "me", ssh);

        Host web01 = inventory.host("web01").orElseThrow();
        assertThat(web01.address()).isEqualTo("web01.example.com");
        assertThat(web01.user()).isEqualTo("webuser");
        assertThat(web01.port()).isEqualTo(2201);
        assertThat(web01.identityFiles()).containsExactly(Path.of("/home/me/.ssh/web_key"));
        assertThat(web01.identitiesOnly()).isFalse();
        assertThat(web01.knownHosts()).isEqualTo(Path.of("/home/me/.ssh/known_web"));
        assertThat(web01.jump().name()).isEqualTo("bastion");
        assertThat(web01.jump().address()).isEqualTo("192.0.2.1");
        assertThat(web01.jump().user()).isEqualTo("jumper");
        assertThat(web01.jump().jump()).isEqualTo(Host.of("outer", "outer", 2022, "me"));
        Host web02 = inventory.host("web02").orElseThrow();
        assertThat(web02.address()).isEqualTo("web02.example.com");
        assertThat(web02.user()).isEqualTo("own");
        assertThat(web02.port()).isEqualTo(22);
        assertThat(web02.identityFiles()).containsExactly(Path.of("/k/own"));
        assertThat(web02.identitiesOnly()).isTrue();
        assertThat(web02.knownHosts()).isEqualTo(Path.of("/k/known"));
        assertThat(inventory.host("db01").orElseThrow().user()).isEqualTo("byaddress");
        assertThat(inventory.host("db01").orElseThrow().address()).isEqualTo("10.0.0.9");
    }

    @Test
    void aJumpHostThatJumpsThroughItselfIsALoopAsSshSaysAndSoIsAnEndlessChain(@TempDir Path dir) throws Exception {
        Path loop = Files.writeString(dir.resolve("loop"), "Host *\n  ProxyJump bastion\n");
        Path ring = Files.writeString(dir.resolve("ring"), "Host a\n  ProxyJump b\nHost b\n  ProxyJump a\n");
        SshConfig.Context context = new SshConfig.Context(Path.of("/home/me"), ENV::get);

        assertThat(Inventory.parse("[web01]\n", "hosts.ini", ENV::get, "me", SshConfig.load(loop, context))
                .unusable("web01")).hasValue(loop + ":2: jump host loop via bastion (for host web01)");
        assertThat(Inventory.parse("[x]\naddress = a\n", "hosts.ini", ENV::get, "me", SshConfig.load(ring, context))
                .unusable("x")).hasValue(ring + ":4: ProxyJump chains more than 8 jump hosts deep through b"
                + " (for host x)");
    }

    @Test
    void aBadSshConfigValueNamesItsOwnFileAndLineAndTheHost(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("ssh_config");
        Files.writeString(config, "Host *\n  IdentityFile ~/id_%q\n");
        SshConfig ssh = SshConfig.load(config, new SshConfig.Context(Path.of("/home/me"), ENV::get));

        assertThat(Inventory.parse("[web01]\n", "hosts.ini", ENV::get, "me", ssh).unusable("web01"))
                .hasValue(config + ":2: bad IdentityFile '~/id_%q': unknown token %q (for host web01)");
    }
}
