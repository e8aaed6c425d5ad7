package dev.fanout.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code fanout nodeset}, as ClusterShell's nodeset -f/-e/-c, without hosts. */
class NodesetCommandTest {
    @TempDir
    Path dir;

    private Cli.Result nodeset(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "nodeset";
        System.arraycopy(args, 0, all, 1, args.length);
        return new Cli().run(all);
    }

    @Test
    void namesAreFoldedByDefaultAndJoinedAcrossArguments() {
        Cli.Result r = nodeset("web01", "web02,web03", "web07", "db1");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("db1,web[01-03,07]\n");
    }

    @Test
    void expandListsEveryNameWithTheSeparatorAndCountCountsThem() {
        assertThat(nodeset("-e", "web[01-03]").out()).isEqualTo("web01 web02 web03\n");
        assertThat(nodeset("-e", "-S", "\\n", "web[1-2]").out()).isEqualTo("web1\nweb2\n");
        assertThat(nodeset("-c", "web[01-10]", "web05", "db[1-2]").out()).isEqualTo("12\n");
    }

    @Test
    void excludeIntersectAndXorApplyInTheOrderGiven() {
        assertThat(nodeset("-f", "web[01-10]", "-x", "web[03-09]").out()).isEqualTo("web[01-02,10]\n");
        assertThat(nodeset("web[01-10]", "--intersection", "web[08-20]").out()).isEqualTo("web[08-10]\n");
        assertThat(nodeset("web[1-4]", "-X", "web[3-6]").out()).isEqualTo("web[1-2,5-6]\n");
        assertThat(nodeset("web[1-4]", "-x", "web2", "-X", "web2").out()).isEqualTo("web[1-4]\n");
        assertThat(nodeset("web[1-4]", "-X", "web2", "-x", "web2").out()).isEqualTo("web[1,3-4]\n");
    }

    @Test
    void withoutNodesetsTheNamesAreReadFromStandardInput() {
        Cli.Result r = new Cli().input(new ByteArrayInputStream("web03\nweb01\nweb02\n\ndb1\n"
                .getBytes(StandardCharsets.UTF_8))).run("nodeset", "-f");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("db1,web[01-03]\n");
    }

    @Test
    void groupsAndAllComeFromTheInventory() throws IOException {
        Path hosts = dir.resolve("hosts.ini");
        Files.writeString(hosts, "[web[01-04]]\ngroups = web\n[db1]\ngroups = db\n");

        assertThat(new Cli().run("nodeset", "-i", hosts.toString(), "@web", "-x", "web02").out())
                .isEqualTo("web[01,03-04]\n");
        assertThat(new Cli().run("nodeset", "-i", hosts.toString(), "-c", "-a").out()).isEqualTo("5\n");
        assertThat(new Cli().run("nodeset", "-i", hosts.toString(), "-l").out()).isEqualTo("db\nweb\n");
    }

    @Test
    void aBadRangeOrAnUnknownGroupIsAOneLineErrorWithExitCode2() throws IOException {
        Cli.Result bad = nodeset("web[3-1]");
        assertThat(bad.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(bad.err()).startsWith("fanout: bad range 'web[3-1]'").hasLineCount(1);

        Path hosts = dir.resolve("hosts.ini");
        Files.writeString(hosts, "[web1]\n");
        Cli.Result unknown = new Cli().run("nodeset", "-i", hosts.toString(), "@nope");
        assertThat(unknown.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(unknown.err()).contains("unknown group 'nope'").hasLineCount(1);
    }

    @Test
    void onlyOneOfFoldExpandAndCountMayBeGiven() {
        Cli.Result r = nodeset("-e", "-c", "web1");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: --expand, --count cannot be used together (see 'fanout nodeset --help')\n");
    }
}
