package dev.fanout.cli;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.exec.HostTemplate;
import dev.fanout.core.transport.LaunchOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout run}: one shell command on every selected host, output live, summary at the end. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run COMMAND on every selected host at once. Each output line is shown as it arrives, "
                + "prefixed with its host (stderr lines on stderr); a summary follows on stderr.",
                "Example: fanout run -g web_clusters,db_servers -x web03 'df -h'",
                "Example: fanout run -g db_servers --sudo -K 'systemctl restart postgresql'"},
        footerHeading = "%n", footer = ExitCodes.HELP)
final class RunCommand implements Callable<Integer> {
    /**
     * The most -I reads: every host is sent the same bytes from memory, and files of any size have 'fanout put'.
     */
    static final int MAX_INPUT = 64 << 20;

    private final CliEnvironment env;

    @Mixin
    HostJobOptions target;
    @Mixin
    ViewOptions views;
    @Mixin
    BecomeOptions become;

    @Mixin
    LaunchArguments launchArguments;

    @Option(names = {"-S", "--maxrc"},
            description = "Exit with the largest exit code of the remote commands (255 if a host did not finish).")
    boolean maxrc;

    @Option(names = {"-I", "--send-input"},
            description = "Read standard input to its end before connecting, and give it to COMMAND's standard input "
                    + "on every host (as pssh -I). At most 64 MiB: copy files with 'fanout put'.")
    boolean sendInput;

    @Parameters(arity = "1..*", paramLabel = "COMMAND",
            description = "The command, run by the remote user's shell; several words are joined with spaces. "
                    + "%%h, %%a, %%u become each host's name, address and login user (a value a shell would need "
                    + "quoted is refused); %%%% is a %%, any other %% stays as it is (date +%%s).")
    List<String> command;

    RunCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        HostTemplate line = Templates.parse(String.join(" ", command));
        ByteBuffer input = sendInput ? readInput() : ByteBuffer.allocate(0);
        LaunchOptions launch = launchArguments.launch(env);
        return target.run(env, hosts -> Templates.perHost(line, hosts, "run: ",
                host -> new CommandJob(host == null ? line.expand(null) : line.expandForShell(host), input, launch)),
                views, maxrc, become);
    }

    private ByteBuffer readInput() throws UserException {
        try {
            byte[] input = env.in().readNBytes(MAX_INPUT + 1);
            if (input.length > MAX_INPUT) {
                throw new UserException("--send-input: standard input is larger than 64 MiB: copy it with "
                        + "'fanout put' and run the command on the copy");
            }
            return ByteBuffer.wrap(input);
        } catch (IOException e) {
            throw new UserException("--send-input: cannot read standard input: " + e.getMessage());
        }
    }
}
