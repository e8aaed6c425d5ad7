package dev.fanout.cli;

import dev.fanout.core.copy.CopyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code fanout get}: a remote file or directory from every selected host into one local directory per host. */
@Command(name = "get", mixinStandardHelpOptions = true,
        description = {"Copy REMOTE (a file, or a directory recursively) from every selected host into "
                + "LOCALDIR/<host>/, one directory per host so that hosts never overwrite each other.",
                "Example: fanout get -g db_servers /var/log/syslog ./logs/   (gives ./logs/db01/syslog, ...)"},
        footerHeading = "%n", footer = ExitCodes.HELP)
final class GetCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    HostJobOptions target;

    @Option(names = {"-p", "--preserve"}, description = "Keep modification times and directory modes.")
    boolean preserve;

    @Parameters(index = "0", paramLabel = "REMOTE", description = "The remote file or directory.")
    String remote;

    @Parameters(index = "1", paramLabel = "LOCALDIR", description = "The local directory (created if missing).")
    Path localDirectory;

    GetCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        var job = CopyCommands.get(remote, localDirectory, new CopyOptions(preserve, false));
        return target.run(env, job, ViewOptions.liveOnly(), false);
    }
}
