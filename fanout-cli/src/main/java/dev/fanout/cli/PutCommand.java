package dev.fanout.cli;

import dev.fanout.core.copy.CopyOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout put}: local files and directories to every selected host over SFTP. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Copy LOCAL files or directories (recursively) to REMOTE on every selected host at once, "
                + "over SFTP. Each file is written under a temporary name and renamed into place when complete.",
                "REMOTE ending in / or naming a directory receives each LOCAL under its own name.",
                "Example: fanout put -g web_clusters -p app.conf /etc/app/",
                "Example: fanout put -a --sudo -K --mode 0644 motd /etc/motd"},
        footerHeading = "%n", footer = ExitCodes.HELP)
final class PutCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    HostJobOptions target;

    @Option(names = {"-p", "--preserve"}, description = "Keep modification times (modes are always kept).")
    boolean preserve;

    @Option(names = "--skip-same",
            description = "Skip files whose remote copy has the same size and modification time (see -p).")
    boolean skipSame;

    @Option(names = {"-D", "--mkdir"},
            description = "Create the missing directories above REMOTE first (as install -D), and REMOTE itself when "
                    + "it ends in /.")
    boolean mkdir;

    @Option(names = "--mode", paramLabel = "MODE",
            description = "Give every file MODE (octal, e.g. 0640) instead of its local mode.")
    String mode;

    @Option(names = "--owner", paramLabel = "USER[:GROUP]",
            description = "Give every file to USER (and GROUP), as chown; needs --sudo (or become in the inventory).")
    String owner;

    @Mixin
    BecomeOptions become;

    @Parameters(arity = "2..*", paramLabel = "LOCAL... REMOTE", hideParamSyntax = true,
            description = "Local files and directories, then the remote path.")
    List<String> paths;

    PutCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        List<Path> sources = paths.subList(0, paths.size() - 1).stream().map(Path::of).toList();
        try (var job = CopyCommands.put(sources, paths.getLast(), copyOptions())) {
            return target.run(env, job, ViewOptions.liveOnly(), false, become);
        }
    }

    private CopyOptions copyOptions() throws UserException {
        int bits = -1;
        if (mode != null) {
            if (!mode.matches("[0-7]{1,4}")) {
                throw new UserException("bad --mode '" + mode + "': octal digits, e.g. 0640");
            }
            bits = Integer.parseInt(mode, 8);
        }
        try {
            return new CopyOptions(preserve, skipSame, mkdir, bits, owner);
        } catch (IllegalArgumentException e) {
            throw new UserException("bad --owner '" + owner + "': USER or USER:GROUP");
        }
    }
}
