package dev.fanout.core.inventory;

import dev.fanout.core.sshconfig.SshConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The inventory formats of the peers: Ansible INI and YAML, pssh host files, ClusterShell groups; paramiko keys. */
class ForeignInventoryTest {
    private static final Map<String, String> ENV = Map.of("HOME", "/home/me", "WEB_PW", "pw-from-env");

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(ForeignInventoryTest.class.getResource("/inventories/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    static Inventory load(Path file) throws InventoryException {
        return Inventory.load(file, Optional.empty(), ENV::get, "me", SshConfig.NONE);
    }

    private Path write(String name, String text) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private Inventory loadText(String name, String text) throws Exception {
        return load(write(name, text));
    }

    private static List<String> names(List<Host> hosts) {
        return hosts.stream().map(Host::name).toList();
    }

    @Test
    void paramikosKeyNamesAreSynonymsOfFanoutsOwn() throws Exception {
        Inventory inventory = Inventory.parse("""
                [DEFAULT]
                username = deploy
                [web01]
                hostname = 10.0.0.1
                port = 2222
                [web02]
                username = root
                password = s3cret
                """, "hosts.ini", ENV::get, "me");
        Host web01 = inventory.host("web01").orElseThrow();
        assertThat(web01.address()).isEqualTo("10.0.0.1");
        assertThat(web01.port()).isEqualTo(2222);
        assertThat(web01.user()).isEqualTo("deploy");
        Host web02 = inventory.host("web02").orElseThrow();
        assertThat(web02.user()).isEqualTo("root");
        assertThat(web02.password().revealString()).isEqualTo("s3cret");
    }

    @Test
    void userAndUsernameInOneSectionAreAnErrorNamingTheLine() {
        assertThatThrownBy(() -> Inventory.parse("[web01]\nuser = a\nusername = b\n", "hosts.ini", ENV::get, "me"))
                .hasMessage("hosts.ini:3: set either 'user' or 'username' in section [web01], not both");
    }

    @Test
    void theAnsibleDocumentationsIniExampleReadsAsAnsibleReadsIt() throws Exception {
        Inventory inventory = load(resource("ansible/hosts.ini"));
        assertThat(inventory.groupNames()).contains("all", "ungrouped", "webservers", "usa", "southeast",
                "northeast");
        assertThat(names(inventory.members("ungrouped"))).containsExactly("mail.example.com",
                "badwolf.example.com");
        assertThat(names(inventory.members("webservers"))).startsWith("foo.example.com", "bar.example.com",
                "www01.example.com", "www03.example.com").hasSize(2 + 25).endsWith("www49.example.com");
        assertThat(names(inventory.members("databases"))).containsExactly("db-a.example.com", "db-b.example.com",
                "db-c.example.com", "db-d.example.com", "db-e.example.com", "db-f.example.com");
        assertThat(names(inventory.members("usa"))).containsExactly("host1", "host2", "host3");
        assertThat(inventory.members("all")).hasSize(inventory.hosts().size());
        Host badwolf = inventory.host("badwolf.example.com").orElseThrow();
        assertThat(badwolf.port()).isEqualTo(5309);
        assertThat(badwolf.groups()).containsExactly("ungrouped");
        Host jumper = inventory.host("jumper").orElseThrow();
        assertThat(jumper.address()).isEqualTo("192.0.2.50");
        assertThat(jumper.port()).isEqualTo(5555);
        assertThat(jumper.user()).isEqualTo("everyone");
        assertThat(jumper.identityFiles()).containsExactly(Path.of("/home/me/.ssh/id_fleet"));
        // host > child group > parent group > all; raleigh and atlanta are as deep, the later name wins
        assertThat(inventory.host("host1").orElseThrow().user()).isEqualTo("atlanta");
        assertThat(inventory.host("host2").orElseThrow().user()).isEqualTo("host2user");
        assertThat(inventory.host("host3").orElseThrow().user()).isEqualTo("southeast");
        assertThat(inventory.host("host1").orElseThrow().port()).isEqualTo(2201);
        assertThat(inventory.host("host2").orElseThrow().port()).isEqualTo(2202);
        assertThat(inventory.host("host2").orElseThrow().groups()).containsExactly("atlanta", "raleigh");
    }

    @Test
    void theAnsibleDocumentationsYamlExampleIsTheSameInventoryAsItsIniExample() throws Exception {
        Inventory ini = load(resource("ansible/hosts.ini"));
        Inventory yaml = load(resource("ansible/hosts.yaml"));
        assertThat(yaml.groupNames()).isEqualTo(ini.groupNames());
        assertThat(names(yaml.hosts())).containsExactlyInAnyOrderElementsOf(names(ini.hosts()));
        for (Host host : ini.hosts()) {
            Host other = yaml.host(host.name()).orElseThrow();
            assertThat(other.address()).as(host.name()).isEqualTo(host.address());
            assertThat(other.port()).as(host.name()).isEqualTo(host.port());
            assertThat(other.user()).as(host.name()).isEqualTo(host.user());
            assertThat(other.identityFiles()).as(host.name()).isEqualTo(host.identityFiles());
            assertThat(other.groups()).as(host.name()).containsExactlyInAnyOrderElementsOf(host.groups());
        }
        for (String group : ini.groupNames()) {
            assertThat(names(yaml.members(group))).as(group)
                    .containsExactlyInAnyOrderElementsOf(names(ini.members(group)));
        }
    }

    @Test
    void anAnsiblePasswordWrittenOutIsRefusedWithoutShowingIt() {
        assertThatThrownBy(() -> loadText("hosts", "[web]\nweb01 ansible_password=hunter2\n"))
                .hasMessageContaining("hosts:2: ansible_password of host web01 is written out in the file, which "
                        + "fanout refuses (whoever reads the file reads the password)")
                .hasMessageNotContaining("hunter2");
        assertThatThrownBy(() -> loadText("hosts.yaml", "all:\n  vars:\n    ansible_ssh_pass: hunter2\n"
                + "  hosts:\n    web01:\n"))
                .hasMessageContaining("hosts.yaml:3: ansible_ssh_pass of host web01 is written out")
                .hasMessageNotContaining("hunter2");
    }

    @Test
    void anAnsiblePasswordFromAnEnvironmentLookupIsReadFromThatVariable() throws Exception {
        Inventory inventory = loadText("hosts", """
                [web]
                web01 ansible_password="{{ lookup('env', 'WEB_PW') }}"
                web02 ansible_password="{{ lookup('env', 'NOT_SET') }}"
                """);
        assertThat(inventory.host("web01").orElseThrow().password().revealString()).isEqualTo("pw-from-env");
        assertThat(inventory.unusable("web02")).hasValue(dir.resolve("hosts")
                + ":3: environment variable 'NOT_SET' (ansible_password of host web02) is not set");
    }

    @Test
    void anAnsibleVaultPasswordMakesItsHostUnusableSayingWhy() throws Exception {
        Inventory inventory = loadText("hosts.yml", """
                all:
                  hosts:
                    web01:
                      ansible_password: !vault |
                        $ANSIBLE_VAULT;1.1;AES256
                        62313365396662343061393464336163383764373764613633653634306231386433626436623361
                    web02:
                """);
        assertThat(inventory.unusable("web01")).hasValue(dir.resolve("hosts.yml") + ":4: ansible_password of host "
                + "web01 is an Ansible Vault, which fanout cannot open: use {{ lookup('env', 'NAME') }} or "
                + "--ask-pass");
        assertThat(inventory.unusable("web02")).isEmpty();
    }

    @Test
    void ansibleRangesCountLettersNumbersAndStrides() throws Exception {
        Inventory inventory = loadText("hosts", "[a]\nn[1:10:3]\nr[a:c]-[01:02]\n[b]\nx[:2]\n");
        assertThat(names(inventory.members("a"))).containsExactly("n1", "n4", "n7", "n10", "ra-01", "ra-02",
                "rb-01", "rb-02", "rc-01", "rc-02");
        assertThat(names(inventory.members("b"))).containsExactly("x0", "x1", "x2");
        assertThatThrownBy(() -> loadText("h2", "[a]\nweb[01:5]\n"))
                .hasMessageEndingWith("h2:2: bad host pattern 'web[01:5]': a padded range's start and end must be "
                        + "as wide");
        assertThatThrownBy(() -> loadText("h3", "[a]\nweb[5:1]\n"))
                .hasMessageEndingWith("h3:2: bad host pattern 'web[5:1]': the range must have start <= end");
    }

    @Test
    void ansibleIniMistakesNameTheFileAndLine() {
        assertThatThrownBy(() -> loadText("h1", "[web]\nweb01\n[usa:children]\nweb\neurope\n"))
                .hasMessageEndingWith("h1:5: section [usa:children] names group 'europe', which has no section of "
                        + "its own (Ansible refuses it too: add [europe])");
        assertThatThrownBy(() -> loadText("h2", "[web]\nweb01\n[db:vars]\nx=1\n"))
                .hasMessageEndingWith("h2:3: section [db:vars] is for group 'db', which the file does not define");
        assertThatThrownBy(() -> loadText("h3", "[web]\nweb01 ansible_port\n"))
                .hasMessageEndingWith("h3:2: expected key=value host variable after the host name, got "
                        + "'ansible_port'");
        assertThatThrownBy(() -> loadText("h4", "[web]\nweb01 ansible_port=http\n"))
                .hasMessageEndingWith("h4:2: bad ansible_port 'http' for host web01: expected a number from 1 to "
                        + "65535");
        assertThatThrownBy(() -> loadText("h5", "[a:children]\nb\n[b:children]\na\n[web:vars]\nx=1\n[web]\n"))
                .hasMessageContaining("group cycle: ");
    }

    @Test
    void ansibleYamlMistakesNameTheFileAndLine() {
        assertThatThrownBy(() -> loadText("h.yaml", "all:\n  children:\n    web:\n      host:\n        web01:\n"))
                .hasMessageEndingWith("h.yaml:4: unknown key 'host' in group 'web' (did you mean 'hosts'?)");
        assertThatThrownBy(() -> loadText("h2.yaml", "all:\n  hosts:\n    web01:\n      ansible_port: [1, 2]\n"))
                .hasMessageEndingWith("h2.yaml:4: the ansible_port of host web01 must be a single value, not a "
                        + "list or mapping");
        assertThatThrownBy(() -> loadText("h3.yaml", "all:\n  hosts:\n    web01: {\n"))
                .hasMessageStartingWith(dir.resolve("h3.yaml") + ":4: not valid YAML: ");
    }

    @Test
    void theKnownHostsFileOfAnsiblesSshArgumentsIsTheHostsKnownHosts() throws Exception {
        Inventory inventory = loadText("hosts", """
                [web]
                web01 ansible_ssh_common_args='-o UserKnownHostsFile=~/.ssh/known_hosts.lab -o ForwardAgent=no'
                web02 ansible_ssh_extra_args="-oUserKnownHostsFile='/etc/ssh/known hosts'"
                web03
                """);
        assertThat(inventory.host("web01").orElseThrow().knownHosts()).isEqualTo(Path.of("/home/me/.ssh/known_hosts.lab"));
        assertThat(inventory.host("web02").orElseThrow().knownHosts()).isEqualTo(Path.of("/etc/ssh/known hosts"));
        assertThat(inventory.host("web03").orElseThrow().knownHosts()).isNull();
    }

    @Test
    void aHostAnsibleReachesWithoutSshIsUnusableSayingWhy() throws Exception {
        Inventory inventory = loadText("hosts", "[local]\nlocalhost ansible_connection=local\n");
        assertThat(inventory.unusable("localhost")).hasValue(dir.resolve("hosts") + ":2: ansible_connection "
                + "'local' of host localhost: fanout reaches hosts over SSH only");
    }

    @Test
    void aPsshHostFileGivesEachHostItsUserAndPort() throws Exception {
        Inventory inventory = load(resource("pssh/hosts.txt"));
        assertThat(names(inventory.hosts())).containsExactly("web01", "web02", "web03", "db01", "db02");
        assertThat(inventory.host("web01").orElseThrow()).extracting(Host::user, Host::port)
                .containsExactly("me", 22);
        assertThat(inventory.host("web02").orElseThrow().port()).isEqualTo(2222);
        assertThat(inventory.host("web03").orElseThrow().user()).isEqualTo("deploy");
        assertThat(inventory.host("db01").orElseThrow()).extracting(Host::user, Host::port)
                .containsExactly("deploy", 2200);
        assertThat(inventory.host("db02").orElseThrow().user()).isEqualTo("postgres");
        assertThat(inventory.groupNames()).isEmpty();
    }

    @Test
    void aPlainListOfNamesIsAnInventoryOfThoseHosts() throws Exception {
        Inventory inventory = loadText("nodes", "node1\nnode2\n\nnode3\n");
        assertThat(names(inventory.hosts())).containsExactly("node1", "node2", "node3");
    }

    @Test
    void psshMistakesNameTheFileAndLine() {
        assertThatThrownBy(() -> Inventory.load(write("h1", "web01\nweb01:2222\n"), Optional.of(InventoryFormat.PSSH),
                ENV::get, "me", SshConfig.NONE)).hasMessageEndingWith("h1:2: duplicate host 'web01' (already at line 1)");
        assertThatThrownBy(() -> Inventory.load(write("h2", "a b c\n"), Optional.of(InventoryFormat.PSSH),
                ENV::get, "me", SshConfig.NONE)).hasMessageEndingWith("h2:1: bad line 'a b c': expected "
                + "[user@]host[:port]");
        assertThatThrownBy(() -> Inventory.load(write("h3", "u@web01 root\n"), Optional.of(InventoryFormat.PSSH),
                ENV::get, "me", SshConfig.NONE)).hasMessageEndingWith("h3:1: user given twice in line 'u@web01 root'");
    }

    @Test
    void clusterShellsOwnGroupsConfReadsItsLocalFileAndItsYamlSources() throws Exception {
        Inventory inventory = load(resource("clustershell/groups.conf"));
        assertThat(names(inventory.members("oss"))).containsExactly("example4", "example5");
        assertThat(names(inventory.members("io"))).containsExactly("example4", "example5", "example6");
        // sources other than the default one are named with their source, as nodeset -L lists them
        assertThat(names(inventory.members("roles:io"))).containsExactly("example2", "example4", "example5");
        assertThat(names(inventory.members("racks:new"))).containsExactly("example4", "example5", "example156",
                "example157", "example158", "example159");
        assertThat(inventory.members("cpu:hsw")).hasSize(96);
        assertThat(names(inventory.members("racks:rack5"))).contains("example200", "example245", "example300",
                "example406");
        assertThat(inventory.host("example0").orElseThrow().groups()).containsExactly("adm", "racks:old",
                "racks:rack1", "roles:adm");
    }

    @Test
    void aGroupsDirectoryOrOneYamlFileIsReadWithItsFirstSourceAsTheDefault() throws Exception {
        Inventory file = load(resource("clustershell/groups.d/cluster.yaml"));
        assertThat(names(file.members("adm"))).containsExactly("example0");
        assertThat(file.hasGroup("racks:rack1")).isTrue();
        Inventory directory = load(resource("clustershell/groups.d"));
        assertThat(directory.groupNames()).isEqualTo(file.groupNames());
    }

    @Test
    void clusterShellMistakesNameTheFileAndLine() throws Exception {
        assertThatThrownBy(() -> loadText("g.yaml", "roles:\n  a: '@b'\n  b: 'n1,@a'\n"))
                .hasMessageContaining("g.yaml:").hasMessageContaining("group cycle: @roles:a -> @roles:b -> @roles:a");
        assertThatThrownBy(() -> loadText("g2.yaml", "roles:\n  a: 'n1'\n  b: '@c'\n"))
                .hasMessageEndingWith("g2.yaml:3: unknown group '@c' in '@c'");
        Path conf = write("groups.conf", "[Main]\ndefault: slurm\n[slurm]\nmap: sinfo -h -o %%N -p $GROUP\n");
        assertThatThrownBy(() -> load(conf)).hasMessageEndingWith("groups.conf:4: the map of group source [slurm] "
                + "is a command, which fanout does not run: only the file lookup sed -n 's/^$GROUP:\\(.*\\)/\\1/p' "
                + "FILE is read (or give fanout the groups.d YAML files)");
    }

    @Test
    void theFormatIsToldFromTheContent() throws Exception {
        assertThat(InventoryFormat.detect("[web01]\naddress = 10.0.0.1\n", "f")).isEqualTo(InventoryFormat.INI);
        assertThat(InventoryFormat.detect("[group:web]\nhosts = a\n[a]\n", "f")).isEqualTo(InventoryFormat.INI);
        assertThat(InventoryFormat.detect("[web01]\n[web02]\n", "f")).isEqualTo(InventoryFormat.INI);
        assertThat(InventoryFormat.detect("[web]\nweb01\n", "f")).isEqualTo(InventoryFormat.ANSIBLE);
        assertThat(InventoryFormat.detect("[web]\nweb01:2222\n", "f")).isEqualTo(InventoryFormat.ANSIBLE);
        assertThat(InventoryFormat.detect("[web:children]\ndb\n[db]\n", "f")).isEqualTo(InventoryFormat.ANSIBLE);
        assertThat(InventoryFormat.detect("web01 ansible_host=10.0.0.1\n", "f")).isEqualTo(InventoryFormat.ANSIBLE);
        assertThat(InventoryFormat.detect("web01\nroot@web02:2222\n", "f")).isEqualTo(InventoryFormat.PSSH);
        assertThat(InventoryFormat.detect("all:\n  hosts:\n    web01:\n", "f"))
                .isEqualTo(InventoryFormat.ANSIBLE_YAML);
        assertThat(InventoryFormat.detect("roles:\n  adm: 'example0'\n", "f"))
                .isEqualTo(InventoryFormat.CLUSTERSHELL);
        assertThat(InventoryFormat.detect("[Main]\ndefault: local\n", "f")).isEqualTo(InventoryFormat.CLUSTERSHELL);
        assertThat(InventoryFormat.detect("", "f")).isEqualTo(InventoryFormat.INI);
    }

    @Test
    void aFileWithTheMarksOfTwoFormatsAsksForTheFormatToBeNamed() throws Exception {
        Path file = write("hosts", "[web:vars]\nansible_user = x\n[web]\nweb01\n[DEFAULT]\nweb02\n");
        assertThatThrownBy(() -> load(file)).hasMessage(file + ": cannot tell the inventory format: section "
                + "[web:vars] at line 1 is Ansible's, section [DEFAULT] at line 5 is fanout's; name it with "
                + "--inventory-format (ini, ansible, ansible-yaml, pssh, clustershell)");
        Inventory named = Inventory.load(file, Optional.of(InventoryFormat.ANSIBLE), ENV::get, "me", SshConfig.NONE);
        assertThat(named.host("web01").orElseThrow().user()).isEqualTo("x");
    }
}
