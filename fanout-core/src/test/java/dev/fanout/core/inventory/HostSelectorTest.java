package dev.fanout.core.inventory;

import dev.fanout.core.select.Selection;
import dev.fanout.core.select.SelectionException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class HostSelectorTest {

    private static final String INVENTORY = """
            [web[01-04]]
            groups = web
            [db[01-02]]
            groups = db
            [lb1]
            [group:prod]
            hosts = lb1
            children = web, db
            [group:edge]
            hosts = lb1, web01
            [group:empty]
            """;

    private static Inventory inventory(String text) throws Exception {
        return Inventory.parse(text, "hosts.ini", name -> null, "me");
    }

    private static List<String> select(Selection selection) throws Exception {
        return inventory(INVENTORY).select(selection).stream().map(Host::name).toList();
    }

    private static Selection hosts(String... patterns) throws SelectionException {
        return criteria(List.of(patterns), null, null, null, false);
    }

    private static Selection criteria(List<String> hosts, List<String> groups, List<String> excludeHosts,
                                      List<String> excludeGroups, boolean all) throws SelectionException {
        return Selection.parse(hosts, groups, excludeHosts, excludeGroups, all);
    }

    @Test
    void hostPatternsSelectInInventoryOrderWithoutRepeats() throws Exception {
        assertThat(select(hosts("lb1,web[03-04]", "web03", "db02 web01")))
                .containsExactly("web01", "web03", "web04", "db02", "lb1");
    }

    @Test
    void anItemStartingWithAtIsAGroup() throws Exception {
        assertThat(select(hosts("@db", "lb1"))).containsExactly("db01", "db02", "lb1");
        assertThat(select(hosts("@edge,db01"))).containsExactly("web01", "db01", "lb1");
    }

    @Test
    void groupsAreSelectedWithOrWithoutAtAndIncludeNestedChildren() throws Exception {
        assertThat(select(criteria(null, List.of("prod"), null, null, false)))
                .containsExactly("web01", "web02", "web03", "web04", "db01", "db02", "lb1");
        assertThat(select(criteria(null, List.of("@db, edge"), null, null, false)))
                .containsExactly("web01", "db01", "db02", "lb1");
    }

    @Test
    void hostsAndGroupsAreUnited() throws Exception {
        assertThat(select(criteria(List.of("web02"), List.of("db"), null, null, false)))
                .containsExactly("web02", "db01", "db02");
    }

    @Test
    void allSelectsEveryHost() throws Exception {
        assertThat(select(criteria(null, null, null, null, true)))
                .containsExactly("web01", "web02", "web03", "web04", "db01", "db02", "lb1");
    }

    @Test
    void exclusionsRemoveHostsPatternsAndGroups() throws Exception {
        assertThat(select(criteria(null, null, List.of("web[02-03]", "@db"), List.of("edge"), true)))
                .containsExactly("web04");
        assertThat(select(criteria(List.of("@prod"), null, List.of("web[01-04]"), null, false)))
                .containsExactly("db01", "db02", "lb1");
    }

    @Test
    void anUnknownHostIsAnErrorNamingItAndTheFile() {
        assertThatThrownBy(() -> select(hosts("web01,web99"))).isInstanceOf(SelectionException.class)
                .hasMessage("unknown host 'web99' (not in hosts.ini)");
        assertThatThrownBy(() -> select(hosts("web[03-07]")))
                .hasMessage("unknown hosts 'web[05-07]' (not in hosts.ini)");
    }

    @Test
    void aMistypedHostOrGroupGetsTheNearestNameOfTheInventory() {
        assertThatThrownBy(() -> select(hosts("wbe01")))
                .hasMessage("unknown host 'wbe01' (not in hosts.ini; did you mean 'web01'?)");
        assertThatThrownBy(() -> select(hosts("@prd")))
                .hasMessage("unknown group 'prd' (did you mean 'prod'?)");
    }

    @Test
    void anUnknownExcludedHostOrGroupIsAnErrorTooSoThatATypoCannotKeepAHost() {
        assertThatThrownBy(() -> select(criteria(null, null, List.of("db3"), null, true)))
                .hasMessage("unknown host 'db3' (not in hosts.ini)");
        assertThatThrownBy(() -> select(criteria(null, null, null, List.of("dbs"), true)))
                .hasMessage("unknown group 'dbs' (did you mean 'db'?)");
    }

    @Test
    void anUnknownGroupIsAnErrorListingTheKnownGroups() {
        assertThatThrownBy(() -> select(hosts("@storage")))
                .hasMessage("unknown group 'storage' (known groups: db, edge, empty, prod, web)");
        assertThatThrownBy(() -> select(criteria(null, List.of("storage"), null, null, false)))
                .hasMessage("unknown group 'storage' (known groups: db, edge, empty, prod, web)");
        assertThatThrownBy(() -> select(hosts("@"))).hasMessage("'@' must be followed by a group name");
    }

    @Test
    void aLongListOfKnownGroupsIsCutShort() throws Exception {
        String text = "[h]\ngroups = " + IntStream.rangeClosed(1, 14).mapToObj(i -> "g" + i)
                .collect(Collectors.joining(" ")) + "\n";
        Inventory inventory = inventory(text);

        assertThatThrownBy(() -> inventory.select(criteria(null, List.of("x"), null, null,
                false))).hasMessage("unknown group 'x' (known groups: g1, g2, g3, g4, g5, g6, g7, g8, g9, g10, "
                + "... and 4 more)");
    }

    @Test
    void anInventoryWithoutGroupsSaysSo() throws Exception {
        Inventory inventory = inventory("[a]\n");

        assertThatThrownBy(() -> inventory.select(hosts("@x")))
                .hasMessage("unknown group 'x' (hosts.ini defines no groups)");
    }

    @Test
    void emptyCriteriaSelectNothingAndSayWhy() {
        assertThatThrownBy(() -> select(criteria(null, null, null, null, false)))
                .hasMessage("no hosts selected: no host, group or 'all' was given");
        assertThatThrownBy(() -> select(criteria(List.of(" ", ","), List.of(""), List.of("web01"), null, false)))
                .hasMessage("no hosts selected: no host, group or 'all' was given");
    }

    @Test
    void selectingOnlyEmptyGroupsOrAnEmptyInventoryIsAnError() throws Exception {
        assertThatThrownBy(() -> select(hosts("@empty")))
                .hasMessage("no hosts selected: the selected groups have no members");
        Inventory none = inventory("# no hosts\n");
        assertThatThrownBy(() -> none.select(criteria(null, null, null, null, true)))
                .hasMessage("no hosts selected: hosts.ini defines no hosts");
    }

    @Test
    void excludingEverythingIsAnError() {
        assertThatThrownBy(() -> select(criteria(List.of("@db"), null, List.of("db[01-02]"), null, false)))
                .hasMessage("the selection is empty after exclusions");
    }

    @Test
    void aBadPatternIsAnError() {
        assertThatThrownBy(() -> select(hosts("web[3-1]")))
                .hasMessage("bad range 'web[3-1]' in 'web[3-1]': start > end");
        assertThatThrownBy(() -> select(hosts("@db, web[3-1]")))
                .hasMessage("bad range 'web[3-1]' in '@db, web[3-1]': start > end");
    }

    @Test
    void aHostWithAnUnsetPasswordVariableIsAnErrorOnlyWhenItIsSelected() throws Exception {
        Inventory inventory = Inventory.parse("[db01]\npassword_env = DB01_PW\ngroups = db\n[web01]\ngroups = web\n",
                "hosts.ini", name -> null, "me");

        assertThat(inventory.select(hosts("web01")).stream().map(Host::name)).containsExactly("web01");
        assertThat(inventory.select(criteria(null, null, null, List.of("db"), true)))
                .extracting(Host::name).containsExactly("web01");
        assertThatThrownBy(() -> inventory.select(criteria(null, List.of("db"), null, null,
                false))).isInstanceOf(SelectionException.class)
                .hasMessage("hosts.ini:2: environment variable 'DB01_PW' (password_env of host db01) is not set");
    }
}
