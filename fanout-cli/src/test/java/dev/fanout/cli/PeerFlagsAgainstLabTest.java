package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabOptions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The flags people bring from pdsh and clush: -N (no host prefix), -L (by host, at the end), --timestamps. */
class PeerFlagsAgainstLabTest {
    private static Lab lab;

    @BeforeAll
    static void startLab() throws IOException {
        lab = Lab.start(LabOptions.defaults().withFirstAddress("127.1.77.1"));
    }

    @AfterAll
    static void stopLab() {
        lab.close();
    }

    private static Cli cli(Path state) {
        return new Cli().env("FANOUT_INVENTORY", lab.inventory().toString()).env("XDG_STATE_HOME", state.toString());
    }

    @Test
    void withoutPrefixEachLiveLineIsTheHostsLineAlone(@TempDir Path state) {
        Cli.Result r = cli(state).run("run", "-H", "h[1-3]", "-N", "hostname; echo err >&2");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().sorted().toList()).containsExactly("h1", "h2", "h3");
        assertThat(r.err().lines().filter(l -> l.equals("err")).count()).isEqualTo(3);
    }

    @Test
    void byHostEveryLineComesAtTheEndInHostOrderWithItsPrefix(@TempDir Path state) {
        Cli.Result r = cli(state).run("run", "-H", "h3,web04,h1,web02,db01", "-L",
                "sleep 0.$(hostname | tr -dc 0-9 | cut -c2); echo one; echo two; echo oops >&2");

        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out().lines().toList()).containsExactly("db01: one", "db01: two", "h1: one", "h1: two",
                "h3: one", "h3: two", "web02: one", "web02: two", "web04: one", "web04: two");
        assertThat(r.err().lines().filter(l -> l.endsWith(": oops")).toList()).containsExactly("db01: oops",
                "h1: oops", "h3: oops", "web02: oops", "web04: oops");
    }

    @Test
    void byHostWithoutPrefixIsEachHostsOutputWholeInHostOrder(@TempDir Path state) {
        Cli.Result r = cli(state).run("run", "-H", "h[1-3]", "-L", "-N", "printf 'a\\nb'; hostname >&2");

        assertThat(r.out()).isEqualTo("a\nb\na\nb\na\nb\n");
    }

    @Test
    void timestampsStartEachLiveLineWithTheTimeItArrived(@TempDir Path state) {
        Cli.Result r = cli(state).run("run", "-H", "h1", "--timestamps", "echo first; sleep 1.2; echo second");

        assertThat(r.exit()).as(r.toString()).isZero();
        List<String> lines = r.out().lines().toList();
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d h1: first");
        assertThat(lines.get(1)).matches("\\d\\d:\\d\\d:\\d\\d\\.\\d\\d\\d h1: second");
        assertThat(millis(lines.get(1)) - millis(lines.get(0))).isBetween(1_100L, 3_000L);
    }

    private static long millis(String line) {
        String[] t = line.substring(0, 12).split("[:.]");
        return ((Long.parseLong(t[0]) * 60 + Long.parseLong(t[1])) * 60 + Long.parseLong(t[2])) * 1000
                + Long.parseLong(t[3]);
    }

    @Test
    void timestampsWithoutLiveLinesAreAUsageError(@TempDir Path state) {
        Cli.Result r = cli(state).run("run", "-H", "h1", "--timestamps", "-b", "true");

        assertThat(r.exit()).isEqualTo(ExitCodes.USAGE);
        assertThat(r.err()).isEqualTo("fanout: --timestamps shows the time of live lines: not with -b, --diff, -L "
                + "or --json\n");
    }

    @Test
    void theLabWrittenOutAsAnAnsibleInventoryRunsOnTheSameHostsAndGroups(@TempDir Path state, @TempDir Path dir)
            throws IOException {
        Cli.Result written = cli(state).run("hosts", "-a", "--format", "ansible");
        assertThat(written.exit()).as(written.toString()).isZero();
        Path hosts = Files.writeString(dir.resolve("hosts"), written.out());
        Path knownHosts = lab.inventory().getParent().resolve("known_hosts");

        // the lab's own known_hosts comes along, as Ansible's ssh arguments
        Cli.Result r = new Cli().env("XDG_STATE_HOME", state.toString()).run("run", "-i", hosts.toString(),
                "-F", "none", "-g", "web_clusters", "-L", "hostname");

        assertThat(written.out()).contains("# h1: its password is not written; set ansible_password=\"{{ "
                + "lookup('env', 'NAME') }}\" or use --ask-pass\nh1 ansible_host=127.1.77.1 ansible_port=");
        assertThat(written.out()).contains(" ansible_ssh_common_args='-o UserKnownHostsFile=" + knownHosts + "'");
        assertThat(r.exit()).as(r.toString()).isZero();
        assertThat(r.out()).isEqualTo("web01: web01\nweb02: web02\nweb03: web03\nweb04: web04\n");
    }
}
