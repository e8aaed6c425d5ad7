package dev.fanout.cli;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.text.SafeNames;
import dev.fanout.core.exec.HostTemplate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    @Parameters(index = "1", paramLabel = "LOCALDIR", description = "The local directory (created if missing). With "
            + "a template in it (%%h, %%a, %%u: each host's name, address, user; %%%% is a %%), each host's own "
            + "directory, instead of LOCALDIR/<host>/: ./backup/%%h-etc/. Templates in REMOTE are expanded per host too.")
    String localDirectory;

    GetCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        HostTemplate from = Templates.parse(remote);
        HostTemplate into = Templates.parse(localDirectory);
        var options = new CopyOptions(preserve, false);
        if (into.isConstant()) {
            Path directory = Path.of(into.expand(null));
            return target.run(env, hosts -> Templates.perHost(from, hosts, "get: ",
                    host -> CopyCommands.get(host == null ? from.expand(null) : from.expand(host), directory,
                            options)), ViewOptions.liveOnly(), false);
        }
        String description = "get: " + from.text() + " -> " + into.text();
        return target.run(env, hosts -> {
            Map<Path, String> owners = new HashMap<>();
            return Templates.perHost(List.of(from, into), hosts, description, host -> {
                Path directory = Path.of(into.expand(host, SafeNames::component));
                String other = owners.putIfAbsent(directory.toAbsolutePath().normalize(), host.name());
                if (other != null) {
                    throw new UserException("LOCALDIR '" + into.text() + "': " + other + " and " + host.name()
                            + " would both write into " + directory + " (%h tells hosts apart)");
                }
                return CopyCommands.get(from.expand(host), directory, options, true);
            });
        }, ViewOptions.liveOnly(), false);
    }
}
