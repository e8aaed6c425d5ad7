package dev.fanout.core.select;

import java.util.List;

/**
 * Which hosts of an inventory to act on, as a command line gives them. Immutable.
 *
 * <p>Items of {@code hosts} and {@code excludeHosts} are {@link NodeSet} patterns ({@code web[01-04]}), where an
 * item starting with {@code @} names a group ({@code @web_clusters}), as in clush; items of {@code groups} and
 * {@code excludeGroups} are group names, with or without {@code @}. Any item may hold several, separated by commas
 * and/or whitespace. A null list is an empty one.
 *
 * @param hosts         host patterns (and {@code @group}s) to select
 * @param groups        groups whose members to select
 * @param excludeHosts  host patterns (and {@code @group}s) to leave out
 * @param excludeGroups groups whose members to leave out
 * @param all           whether to select every host of the inventory
 */
public record HostCriteria(List<String> hosts, List<String> groups, List<String> excludeHosts,
                           List<String> excludeGroups, boolean all) {

    public HostCriteria {
        hosts = hosts == null ? List.of() : List.copyOf(hosts);
        groups = groups == null ? List.of() : List.copyOf(groups);
        excludeHosts = excludeHosts == null ? List.of() : List.copyOf(excludeHosts);
        excludeGroups = excludeGroups == null ? List.of() : List.copyOf(excludeGroups);
    }

    /** Whether nothing is asked for: not all, and no host or group item (blank items and lone commas count as none). */
    public boolean selectsNothing() {
        return !all && hosts.stream().allMatch(h -> NodeSet.items(h).isEmpty())
                && groups.stream().allMatch(g -> NodeSet.items(g).isEmpty());
    }
}
