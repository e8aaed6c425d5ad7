package dev.fanout.cli;

import dev.fanout.core.select.HostCriteria;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The host-selection options shared by every command that acts on hosts. */
final class SelectionOptions {
    @Option(names = {"-H", "-w", "--hosts"}, paramLabel = "HOSTS",
            description = "Hosts by name or range, comma-separated: h1,web[01-04]; @GROUP selects a group. Repeatable.")
    List<String> hosts = new ArrayList<>();

    @Option(names = {"-g", "--group"}, paramLabel = "GROUPS", split = ",",
            description = "Groups, comma-separated. Repeatable.")
    List<String> groups = new ArrayList<>();

    @Option(names = {"-x", "--exclude"}, paramLabel = "HOSTS",
            description = "Hosts to leave out (names, ranges, @GROUP). Repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = {"-X", "--exclude-group"}, paramLabel = "GROUPS", split = ",",
            description = "Groups to leave out. Repeatable.")
    List<String> excludeGroups = new ArrayList<>();

    @Option(names = {"-a", "--all"}, description = "Every host of the inventory.")
    boolean all;

    HostCriteria criteria() {
        return new HostCriteria(hosts, groups, exclude, excludeGroups, all);
    }

    boolean isEmpty() {
        return hosts.isEmpty() && groups.isEmpty() && !all;
    }
}
