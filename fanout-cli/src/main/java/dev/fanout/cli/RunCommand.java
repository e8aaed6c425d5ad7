package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout run}: one shell command on every selected host, output live, summary at the end. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run COMMAND on every selected host at once. Each output line is shown as it arrives, "
                + "prefixed with its host (stderr lines on stderr); a summary follows on stderr.",
                "Example: fanout run -g web_clusters,db_servers -x web03 'df -h'"},
        footerHeading = "%n", footer = ExitCodes.HELP)
final class RunCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    HostJobOptions target;
    @Mixin
    ViewOptions views;

    @Option(names = {"-S", "--maxrc"},
            description = "Exit with the largest exit code of the remote commands (255 if a host did not finish).")
    boolean maxrc;

    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The command, run by the remote user's shell; several words are joined with spaces.")
    List<String> command;

    RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        CommandJob job = new CommandJob(String.join(" ", command));
        return target.run(env, job, views, maxrc);
    }
}
