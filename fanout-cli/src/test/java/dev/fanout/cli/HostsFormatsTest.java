package dev.fanout.cli;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** fanout hosts reads every inventory format and writes the resolved inventory back out: json, ini, ansible. */
class HostsFormatsTest {
    @TempDir
    Path dir;

    private static final String ANSIBLE = """
            mail.example.com

            [webservers]
            foo.example.com ansible_user=deploy
            www[01:03].example.com ansible_port=2222

            [dbservers]
            db-[a:b].example.com ansible_host=10.0.0.5 ansible_ssh_private_key_file="/keys/db key"

            [prod:children]
            webservers
            dbservers

            [all:vars]
            ansible_user=ops
            """;

    private Cli cli() {
        return new Cli().env("HOME", dir.toString()).env("USER", "me");
    }

    private Path write(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void anAnsibleInventoryIsShownWithItsResolvedHostsAndGroups() throws Exception {
        Path hosts = write("hosts", ANSIBLE);

        Cli.Result r = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "-g", "prod");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactly(
                "NAME               ADDRESS            PORT  USER    AUTH        GROUPS",
                "foo.example.com    foo.example.com    22    deploy  keys        webservers",
                "www01.example.com  www01.example.com  2222  ops     keys        webservers",
                "www02.example.com  www02.example.com  2222  ops     keys        webservers",
                "www03.example.com  www03.example.com  2222  ops     keys        webservers",
                "db-a.example.com   10.0.0.5           22    ops     key db key  dbservers",
                "db-b.example.com   10.0.0.5           22    ops     key db key  dbservers");
    }

    @Test
    void theIniItWritesIsReadBackAsTheSameHostsAndGroups() throws Exception {
        Path hosts = write("hosts", ANSIBLE);
        Cli.Result written = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "--format", "ini");
        assertThat(written.exit()).as(written.toString()).isZero();
        Path ini = write("hosts.ini", written.out());

        Cli.Result before = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "--format", "json");
        Cli.Result after = cli().run("hosts", "-i", ini.toString(), "-F", "none", "--format", "json");

        assertThat(after.exit()).as(after.toString()).isZero();
        assertThat(after.out().replace(ini.toString(), "FILE")).isEqualTo(before.out().replace(hosts.toString(),
                "FILE"));
        // the nesting is flattened: prod is named on each member
        assertThat(written.out()).contains("[db-a.example.com]\naddress = 10.0.0.5\nport = 22\nuser = ops\n"
                + "identity_file = /keys/db key\ngroups = dbservers, prod\n");
        assertThat(cli().run("hosts", "-i", ini.toString(), "-F", "none", "-g", "prod", "-1").out().lines())
                .hasSize(6);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theAnsibleInventoryItWritesIsReadByAnsibleAsTheSameHostsGroupsAndSettings() throws Exception {
        boolean found = Files.isExecutable(Path.of("/usr/bin/ansible-inventory"));
        if (!found && System.getenv("FANOUT_REQUIRE_PEERS") != null) {
            throw new AssertionError("ansible-inventory is not installed and FANOUT_REQUIRE_PEERS is set");
        }
        Assumptions.assumeTrue(found, "ansible-inventory is not installed");
        Path hosts = write("hosts.yaml", """
                all:
                  children:
                    web:
                      hosts:
                        web[01:02]:
                          ansible_port: 2222
                    db:
                      hosts:
                        db01:
                          ansible_host: 10.0.0.5
                          ansible_user: postgres
                """);
        Cli.Result written = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "--format", "ansible");
        assertThat(written.exit()).as(written.toString()).isZero();
        Path ansible = write("ansible-hosts", written.out());

        Process p = new ProcessBuilder("ansible-inventory", "-i", ansible.toString(), "--list")
                .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        p.getOutputStream().close();
        String json = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        Map<String, Object> listed = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(json);

        assertThat(((Map<String, Object>) listed.get("web")).get("hosts")).isEqualTo(List.of("web01", "web02"));
        assertThat(((Map<String, Object>) listed.get("db")).get("hosts")).isEqualTo(List.of("db01"));
        Map<String, Map<String, Object>> vars = (Map<String, Map<String, Object>>)
                ((Map<String, Object>) listed.get("_meta")).get("hostvars");
        assertThat(vars.get("db01")).containsEntry("ansible_host", "10.0.0.5").containsEntry("ansible_port", 22)
                .containsEntry("ansible_user", "postgres");
        assertThat(vars.get("web02")).containsEntry("ansible_port", 2222).containsEntry("ansible_user", "me");
    }

    @Test
    @SuppressWarnings("unchecked")
    void jsonHoldsEveryHostWithItsSettingsAndGroupsButNeverAPassword() throws Exception {
        Path hosts = write("hosts.ini", "[web01]\naddress = 10.0.0.1\npassword = s3cret\ngroups = web\n[db01]\n");

        Cli.Result r = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "--format", "json");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).doesNotContain("s3cret");
        Map<String, Object> doc = (Map<String, Object>) new Load(LoadSettings.builder().build())
                .loadFromString(r.out());
        List<Map<String, Object>> list = (List<Map<String, Object>>) doc.get("hosts");
        assertThat(list).hasSize(2);
        assertThat(list.getFirst()).containsEntry("name", "web01").containsEntry("address", "10.0.0.1")
                .containsEntry("port", 22).containsEntry("user", "me").containsEntry("password", true)
                .containsEntry("groups", List.of("web"));
        assertThat(doc.get("groups")).isEqualTo(Map.of("web", List.of("web01")));
        Cli.Result ini = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "--format", "ini");
        assertThat(ini.out()).doesNotContain("s3cret")
                .contains("# web01: its password is not written; set password_env or use --ask-pass");
    }

    @Test
    void aClusterShellGroupCannotBeWrittenAsAnAnsibleGroupAndItSaysSo() throws Exception {
        Path groups = write("cluster.yaml", "roles:\n  adm: 'n1'\nracks:\n  rack1: 'n[1-2]'\n");

        Cli.Result r = cli().run("hosts", "-i", groups.toString(), "-F", "none", "--format", "ansible");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: group 'racks:rack1' cannot be an Ansible group: use letters, digits, "
                + "'_' and '-' (write --format ini or json instead)\n");
        Cli.Result ini = cli().run("hosts", "-i", groups.toString(), "-F", "none", "-H", "@racks:rack1", "-1");
        assertThat(ini.out()).isEqualTo("n1\nn2\n");
    }

    @Test
    void theInventoryFormatCanBeNamedAndAWrongNameSaysWhichExist() throws Exception {
        Path hosts = write("hosts", "[web:vars]\nansible_user=x\n[web]\nweb01\n[DEFAULT]\nweb02\n");

        Cli.Result ambiguous = cli().run("hosts", "-i", hosts.toString(), "-F", "none");
        Cli.Result named = cli().run("hosts", "-i", hosts.toString(), "-F", "none", "--inventory-format", "ansible",
                "-1");
        Cli.Result wrong = cli().run("hosts", "-i", hosts.toString(), "--inventory-format", "yaml");

        assertThat(ambiguous.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(ambiguous.err()).contains("cannot tell the inventory format").contains("--inventory-format");
        assertThat(named.out()).isEqualTo("web01\nweb02\n");
        assertThat(wrong.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(wrong.err()).isEqualTo("fanout: bad --inventory-format 'yaml': expected one of ini, ansible, "
                + "ansible-yaml, pssh, clustershell\n");
        Cli.Result both = cli().run("hosts", "-i", hosts.toString(), "--inventory-format", "ansible", "-F", "none",
                "-1", "--format", "json");
        assertThat(both.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(both.err()).isEqualTo("fanout: give --names or --format, not both\n");
    }
}
