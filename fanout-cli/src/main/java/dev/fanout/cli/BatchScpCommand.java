package dev.fanout.cli;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.exec.Job;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code batch_scp}: the course assignment's original copy command line, kept working exactly as written
 * ({@code batch_scp -h h1,h2,h3 -g web_clusters,db_servers -action put -local test.py -remote /tmp/}); the same
 * jobs as {@code fanout put} and {@code fanout get}.
 */
@Command(name = "batch_scp", hidden = true,
        description = {"Copy files to or from hosts and groups (the original command line of fanout put/get).",
                "Example: batch_scp -h h1,h2,h3 -g web_clusters -action put -local test.py -remote /tmp/",
                "         batch_scp -g db_servers -action get -remote /var/log/syslog -local ./logs/"})
final class BatchScpCommand implements Callable<Integer> {
    enum Action { PUT, GET }

    private final CliEnvironment env;

    @Mixin
    SeedOptions seed;

    @Option(names = "-action", required = true, paramLabel = "put|get", description = "put or get.")
    Action action;

    @Option(names = "-local", required = true, paramLabel = "PATH",
            description = "put: the local file or directory; get: the local directory (gets LOCAL/<host>/...).")
    Path local;

    @Option(names = "-remote", required = true, paramLabel = "PATH", description = "The remote path.")
    String remote;

    BatchScpCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        Job job = switch (action) {
            case PUT -> CopyCommands.put(List.of(local), remote, CopyOptions.DEFAULT);
            case GET -> CopyCommands.get(remote, local, CopyOptions.DEFAULT);
        };
        return seed.run(env, job, ViewOptions.liveOnly());
    }
}
