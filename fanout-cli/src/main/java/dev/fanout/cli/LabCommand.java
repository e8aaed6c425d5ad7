package dev.fanout.cli;

import dev.fanout.lab.Lab;
import dev.fanout.lab.LabHost;
import dev.fanout.lab.LabOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code fanout lab}: an embedded fleet of SSH servers on loopback addresses, with an inventory for it, so that
 * fanout can be tried without real hosts. With a fanout command after it, runs that command against the lab and
 * stops; alone, serves until interrupted.
 */
@Command(name = "lab", mixinStandardHelpOptions = true,
        description = {"Start a fleet of SSH servers on loopback addresses (127.1.0.1, ...) and write an inventory "
                + "for it (hosts h1-h3, web01-web04 in web_clusters, db01-db02 in db_servers, group prod).",
                "With FANOUT-ARGS, run that fanout command against the lab, then stop: "
                        + "fanout lab -- run -g web_clusters 'df -h'",
                "Without, serve until Ctrl-C: use the printed inventory with -i or $FANOUT_INVENTORY."})
final class LabCommand implements java.util.concurrent.Callable<Integer> {
    private final CliEnvironment env;

    @Option(names = {"-n", "--nodes"}, paramLabel = "N", defaultValue = "0",
            description = "Add N more hosts node0001... in group 'nodes' (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--dir", paramLabel = "DIR",
            description = "Keep the lab in DIR (created if needed) instead of a temporary directory.")
    Path dir;

    @Option(names = "--address", paramLabel = "ADDRESS", defaultValue = "127.1.0.1",
            description = "The first host's loopback address; the others follow it (default: ${DEFAULT-VALUE}).")
    String address;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "0",
            description = "The port every host listens on (default: one the system picks).")
    int port;

    @Option(names = "--keep",
            description = "After FANOUT-ARGS, keep serving until Ctrl-C, so that other shells can use the printed "
                    + "inventory (or ssh -F with the ssh_config beside it).")
    boolean keep;

    @Parameters(arity = "0..*", paramLabel = "FANOUT-ARGS", description = "A fanout command to run against the lab.")
    List<String> args = new ArrayList<>();

    LabCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException, IOException, InterruptedException {
        if (nodes < 0) {
            throw new UserException("--nodes must not be negative: " + nodes);
        }
        LabOptions options;
        try {
            options = LabOptions.defaults().withDirectory(dir).withNodes(nodes).withFirstAddress(address).withPort(port);
        } catch (IllegalArgumentException e) {
            throw new UserException("lab: " + e.getMessage());
        }
        Lab started;
        try {
            started = Lab.start(options);
        } catch (IOException | IllegalArgumentException e) {
            throw new UserException("lab: cannot start: " + e.getMessage());
        }
        try (Lab lab = started) {
            List<LabHost> hosts = lab.hosts();
            env.err().printf("fanout lab: %d hosts on %s-%s port %d; inventory %s%n", hosts.size(),
                    hosts.getFirst().address(), hosts.getLast().address(), lab.port(), lab.inventory());
            Path roots = hosts.getFirst().root().getParent();
            env.err().printf("fanout lab: put and get see each host's own directory %s/NAME as /; commands run on this "
                    + "machine, in the host's home %s/NAME/home/%s: paths relative to the home mean the same to both%n",
                    roots, roots, lab.user());
            // The lab's inventory describes its hosts whole: the user's ssh_config has no say in a demo run.
            CliEnvironment inLab = env.withEnv(InventoryOptions.ENV, lab.inventory().toString())
                    .withEnv(InventoryOptions.SSH_CONFIG_ENV, "none");
            int exit = ExitCodes.OK;
            if (!args.isEmpty()) {
                exit = Main.run(inLab, args.toArray(String[]::new));
                if (!keep) {
                    return exit;
                }
            }
            env.out().printf("export %s=%s%nfanout hosts%nfanout run -g web_clusters,db_servers 'df -h'%n"
                    + "ssh -F %s h1 hostname%n", InventoryOptions.ENV, lab.inventory(), lab.sshConfig());
            env.err().println("fanout lab: serving until Ctrl-C");
            CountDownLatch stop = new CountDownLatch(1);
            try (AutoCloseable ignored = env.interrupts().onInterrupt(stop::countDown)) {
                stop.await();
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            env.err().println("fanout lab: stopped");
            return exit;
        }
    }
}
