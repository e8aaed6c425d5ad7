package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.select.HostCriteria;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code batch_run}: the course assignment's original command line, kept working exactly as written
 * ({@code batch_run -h h1,h2,h3 -g web_clusters,db_servers -cmd "df -h"}); the same engine as {@code fanout run}.
 */
@Command(name = "batch_run", hidden = true,
        description = {"Run a command on hosts and groups (the original command line of fanout run).",
                "Example: batch_run -h h1,h2,h3 -g web_clusters,db_servers -cmd \"df -h\""})
final class BatchRunCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Spec
    CommandSpec spec;

    @Option(names = "--help", usageHelp = true, description = "Show this help and exit.")
    boolean help;

    @Option(names = "-h", paramLabel = "HOSTS", description = "Hosts, comma-separated (ranges allowed: web[01-04]).")
    List<String> hosts = new ArrayList<>();

    @Option(names = "-g", paramLabel = "GROUPS", split = ",", description = "Groups, comma-separated.")
    List<String> groups = new ArrayList<>();

    @Option(names = "-cmd", required = true, paramLabel = "COMMAND", description = "The command to run.")
    String command;

    @Mixin
    InventoryOptions inventory;
    @Mixin
    ConnectionOptions connection;
    @Mixin
    OutputOptions output;

    BatchRunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        if (command.isBlank()) {
            throw new UserException("-cmd is empty");
        }
        HostCriteria criteria = new HostCriteria(hosts, groups, List.of(), List.of(), false);
        var selected = JobRunner.selectHosts(env, inventory, criteria, connection);
        return JobRunner.run(env, spec.commandLine().getParseResult().originalArgs(), selected,
                new CommandJob(command), connection, output, new ViewOptions(), false);
    }
}
