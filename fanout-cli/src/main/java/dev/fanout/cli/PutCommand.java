package dev.fanout.cli;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.copy.LocalTree;
import dev.fanout.core.copy.PutJob;
import dev.fanout.core.text.SafeNames;
import dev.fanout.core.exec.HostTemplate;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.PerHostJob;
import dev.fanout.core.inventory.Host;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code fanout put}: local files and directories to every selected host over SFTP. */
@Command(name = "put", mixinStandardHelpOptions = true,
        description = {"Copy LOCAL files or directories (recursively) to REMOTE on every selected host at once, "
                + "over SFTP. Each file is written under a temporary name and renamed into place when complete.",
                "REMOTE ending in / or naming a directory receives each LOCAL under its own name.",
                "In LOCAL and REMOTE, %h, %a and %u are each host's name, address and login user, %% is a %: "
                        + "fanout put -g web conf/%h.conf /etc/app.conf gives each host its own file.",
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
        List<HostTemplate> sources = new ArrayList<>();
        for (String path : paths.subList(0, paths.size() - 1)) {
            sources.add(Templates.parse(path));
        }
        HostTemplate remote = Templates.parse(paths.getLast());
        CopyOptions options = copyOptions();
        List<HostTemplate> all = new ArrayList<>(sources);
        all.add(remote);
        String description = "put: " + String.join(" ", paths.subList(0, paths.size() - 1)) + " -> " + remote.text();
        Map<List<Path>, LocalTree> trees = new HashMap<>();
        List<Job> built = new ArrayList<>();
        try {
            return target.run(env, hosts -> {
                Job job = Templates.perHost(all, hosts, description,
                        host -> CopyCommands.put(tree(trees, sources, host), remote.expand(host), options));
                built.add(job);
                return job;
            }, ViewOptions.liveOnly(), false, become);
        } finally {
            for (Job job : built) {
                if (job instanceof PutJob put) {
                    put.close();
                } else if (job instanceof PerHostJob perHost) {
                    perHost.close();
                }
            }
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

    /**
     * The local files {@code host} receives (null: every host), read once for all the hosts that receive the same
     * ones. A template in a local path takes each value as a file name ({@code /} and {@code ..} made safe).
     */
    private static LocalTree tree(Map<List<Path>, LocalTree> trees, List<HostTemplate> sources, Host host)
            throws UserException {
        List<Path> paths = sources.stream()
                .map(source -> Path.of(host == null ? source.expand(null) : source.expand(host, SafeNames::component)))
                .toList();
        LocalTree tree = trees.get(paths);
        if (tree == null) {
            try {
                tree = CopyCommands.scan(paths);
            } catch (UserException e) {
                throw host == null ? e : new UserException(e.getMessage() + " (LOCAL for " + host.name() + ")");
            }
            trees.put(paths, tree);
        }
        return tree;
    }
}
