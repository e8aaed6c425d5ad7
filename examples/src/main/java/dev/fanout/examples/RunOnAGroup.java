package dev.fanout.examples;

import dev.fanout.core.exec.CommandJob;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.run.Fanout;
import dev.fanout.core.run.RunResult;
import dev.fanout.core.select.Selection;
import dev.fanout.ssh.MinaTransport;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * Runs a command on a group of an inventory, printing each line as it arrives, then the hosts gathered by output
 * and the run's verdict: {@code RunOnAGroup INVENTORY GROUP COMMAND}.
 */
public final class RunOnAGroup {
    private RunOnAGroup() {
    }

    public static void main(String[] args) throws Exception {
        System.exit(run(Path.of(args[0]), args[1], args[2], System.out));
    }

    /** The example itself; returns 0 when every host succeeded. */
    static int run(Path inventoryFile, String group, String command, PrintStream out) throws Exception {
        MinaTransport.setUpCryptography();   // once per JVM, before the first transport
        Inventory inventory = Inventory.load(inventoryFile, System::getenv, System.getProperty("user.name"));
        List<Host> hosts = inventory.select(Selection.builder().groups(group).build());

        RunListener printLines = new RunListener() {
            @Override
            public void output(Host host, OutputLines lines) {
                String text = new String(lines.bytes(), StandardCharsets.UTF_8);
                synchronized (out) {
                    text.lines().forEach(line -> out.println(host.name() + ": " + line));
                }
            }
        };
        try (MinaTransport transport = MinaTransport.withDefaults()) {
            RunResult result = Fanout.builder(transport).listener(printLines).build()
                    .run(hosts, new CommandJob(command));
            out.println("gathered:");
            result.gathered().orElseThrow().write(out, TextStyle.PLAIN);
            out.println("verdict: " + result.verdict());
            return result.report().allOk() ? 0 : 1;
        }
    }
}
