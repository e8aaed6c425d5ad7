package dev.fanout.cli;

import dev.fanout.core.exec.Job;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.SelectionException;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.util.ArrayList;
import java.util.List;

/**
 * The options the course assignment's command lines share ({@code batch_run}, {@code batch_scp}): {@code -h HOSTS}
 * (so help is only {@code --help}) and {@code -g GROUPS}, plus fanout's inventory, connection and output options,
 * and running the job with them.
 */
final class SeedOptions {
    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "-h", paramLabel = "HOSTS", description = "Hosts, comma-separated (ranges allowed: web[01-04]).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "-g", paramLabel = "GROUPS", split = ",", description = "Groups, comma-separated.")
    List<String> groups = new ArrayList<>();

    @Mixin
    InventoryOptions inventory;
    @Mixin
    ConnectionOptions connection;
    @Mixin
    OutputOptions output;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Selects the hosts of -h and -g and runs {@code job} on them; returns the exit code. */
    int run(CliEnvironment env, Job job, ViewOptions views) throws UserException {
        Selection selection;
        try {
            selection = Selection.parse(hosts, groups, List.of(), List.of(), false);
        } catch (SelectionException e) {
            throw new UserException(e.getMessage());
        }
        return JobRunner.selectAndRun(env, command, inventory, selection, connection, output, job, views, false);
    }
}
