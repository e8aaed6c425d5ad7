package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

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

    @Mixin
    SeedOptions seed;

    @Option(names = "-cmd", required = true, paramLabel = "COMMAND", description = "The command to run.")
    String command;

    BatchRunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        if (command.isBlank()) {
            throw new UserException("-cmd is empty");
        }
        return seed.run(env, new CommandJob(command), new ViewOptions());
    }
}
