package dev.fanout.cli;

import dev.fanout.core.exec.Engine;
import dev.fanout.core.exec.Execution;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.render.ConsoleOutput;
import dev.fanout.core.render.StatusLine;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.text.Units;
import dev.fanout.core.transport.WarmTransport;
import dev.fanout.ssh.MinaTransport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The connections {@code fanout shell} keeps open between its commands ({@link WarmTransport} over MINA), what the
 * user is told of them: the first round of connections, and the hosts connected again since the last command.
 */
final class ShellConnections implements AutoCloseable {
    private final CliEnvironment env;
    private final CommandLines lines;
    private final ConnectionOptions connection;
    private final OutputOptions output;
    private final MinaTransport mina;
    private final WarmTransport warm;
    private final ConcurrentLinkedQueue<String[]> reconnected = new ConcurrentLinkedQueue<>();

    ShellConnections(CliEnvironment env, CommandLines lines, ConnectionOptions connection, OutputOptions output) {
        this.env = env;
        this.lines = lines;
        this.connection = connection;
        this.output = output;
        this.mina = new MinaTransport(connection.transportOptions(env));
        this.warm = new WarmTransport(mina, MinaTransport::isOpen,
                (host, cause) -> reconnected.add(new String[]{host.name(), cause}));
    }

    /** The transport a command runs on, which keeps each host's connection for the next. */
    WarmTransport transport(List<Host> hosts) throws InterruptedException {
        mina.preloadIdentities(hosts);
        return warm;
    }

    boolean connected(String host) {
        return warm.connected(host);
    }

    /** The first connection to every selected host; false when Ctrl-C cut it short. */
    boolean connectAll(List<Host> hosts) throws UserException {
        var options = connection.execOptions();
        var console = new ConsoleOutput(env.out(), env.err(), env.stderrTty());
        RunListener listener = hosts.size() > 1 ? new StatusLine(console) : RunListener.NONE;
        RunReport report;
        try {
            Execution execution = new Engine(transport(hosts), options).start(hosts, Job.CONNECT_ONLY, listener);
            try (var ignored = lines.interrupts().onInterrupt(execution::cancel)) {
                report = execution.await();
            } catch (InterruptedException e) {
                execution.cancel();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        if (report.count(Outcome.Status.OK) == hosts.size()) {
            if (output.quiet) {
                return true;
            }
            env.err().println("fanout: connected to " + hosts.size() + (hosts.size() == 1 ? " host" : " hosts")
                    + " in " + Units.duration(report.elapsed()));
        } else {
            new SummaryRenderer(output.style(env, env.stderrTty())).render(report).forEach(env.err()::println);
        }
        return !report.interrupted();
    }

    /** One line per reason for the hosts connected again during the last command. */
    void reportReconnected() {
        Map<String, List<String>> byCause = new TreeMap<>();
        for (String[] r; (r = reconnected.poll()) != null; ) {
            byCause.computeIfAbsent(r[1], c -> new ArrayList<>()).add(r[0]);
        }
        byCause.forEach((cause, names) -> env.err().println(SafeText.of("fanout: " + NodeSet.fold(names)
                + ": reconnected (" + cause + ")")));
    }

    @Override
    public void close() {
        warm.close();
    }
}
