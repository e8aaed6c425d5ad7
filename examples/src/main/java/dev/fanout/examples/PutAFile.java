package dev.fanout.examples;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.copy.LocalTree;
import dev.fanout.core.copy.PutJob;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.run.Fanout;
import dev.fanout.core.run.RunResult;
import dev.fanout.core.select.Selection;
import dev.fanout.ssh.MinaTransport;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;

/**
 * Copies a local file to a directory on some hosts, atomically on each, and says how each host ended:
 * {@code PutAFile INVENTORY HOSTS FILE REMOTE_DIRECTORY}, HOSTS as {@code -H} takes them ({@code h1,web[01-02]}).
 */
public final class PutAFile {
    private PutAFile() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(Path.of(args[0]), args[1], Path.of(args[2]), args[3], System.out));
    }

    /** The example itself; returns 0 when every host has the file. */
    static int run(Path inventoryFile, String hostList, Path file, String remoteDirectory, PrintStream out)
            throws Exception {
        MinaTransport.setUpCryptography();
        Inventory inventory = Inventory.load(inventoryFile, System::getenv, System.getProperty("user.name"));
        List<Host> hosts = inventory.select(Selection.builder().hosts(hostList).build());

        try (MinaTransport transport = MinaTransport.withDefaults();
             PutJob put = new PutJob(LocalTree.scan(List.of(file)), remoteDirectory, CopyOptions.DEFAULT)) {
            RunResult result = Fanout.builder(transport).gather(false).build().run(hosts, put);
            for (HostResult host : result.report().results()) {
                out.println(host.host().name() + ": " + host.outcome().ending());
            }
            out.println("verdict: " + result.verdict());
            return result.report().allOk() ? 0 : 1;
        }
    }
}
