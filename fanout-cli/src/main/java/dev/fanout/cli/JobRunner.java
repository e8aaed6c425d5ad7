package dev.fanout.cli;

import dev.fanout.core.exec.Engine;
import dev.fanout.core.exec.Execution;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.render.ConsoleOutput;
import dev.fanout.core.render.LiveRenderer;
import dev.fanout.core.render.StatusLine;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.select.HostCriteria;
import dev.fanout.core.select.HostSelector;
import dev.fanout.core.select.SelectionException;
import dev.fanout.ssh.HostKeyPolicy;
import dev.fanout.ssh.MinaTransport;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What every host-acting command shares: resolve the selected hosts, run a job on them with the live view, print
 * the summary and turn the report into an exit code. Stateless.
 */
final class JobRunner {
    private JobRunner() {
    }

    /** Loads the inventory and resolves the selection, applying -l and --ask-pass. */
    static List<Host> selectHosts(CliEnvironment env, InventoryOptions inventoryOptions, HostCriteria criteria,
                                  ConnectionOptions connection) throws UserException {
        Inventory inventory = inventoryOptions.load(env);
        List<Host> hosts;
        try {
            hosts = HostSelector.select(inventory, criteria);
        } catch (SelectionException e) {
            throw new UserException(e.getMessage());
        }
        if (connection.user != null) {
            hosts = hosts.stream().map(h -> new Host(h.name(), h.address(), h.port(), connection.user,
                    h.password(), h.identityFile(), h.knownHosts(), h.groups())).toList();
        }
        if (connection.askPass) {
            Secret password = askPassword(env);
            hosts = hosts.stream().map(h -> h.password() == null ? h.withPassword(password) : h).toList();
        }
        return hosts;
    }

    private static Secret askPassword(CliEnvironment env) throws UserException {
        CliEnvironment.SecretPrompt prompt = env.prompt()
                .orElseThrow(() -> new UserException("--ask-pass needs a terminal to ask on"));
        char[] typed = prompt.ask("Password: ");
        if (typed == null) {
            throw new UserException("no password given");
        }
        try {
            return Secret.of(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    /** Runs {@code job} on {@code hosts} with the live view and summary; returns the exit code. */
    static int run(CliEnvironment env, List<Host> hosts, Job job, ConnectionOptions connection,
                   OutputOptions output, boolean maxrc) throws UserException {
        TextStyle outStyle = output.style(env, env.stdoutTty());
        TextStyle errStyle = output.style(env, env.stderrTty());
        ConsoleOutput console = new ConsoleOutput(env.out(), env.err(), env.stderrTty());
        List<RunListener> listeners = new ArrayList<>();
        listeners.add(new LiveRenderer(console, outStyle, errStyle));
        if (hosts.size() > 1) {
            listeners.add(new StatusLine(console));
        }
        try (MinaTransport transport = new MinaTransport(transportOptions(env, connection))) {
            try {
                transport.preloadIdentities(hosts);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return ExitCodes.INTERRUPTED;
            }
            Engine engine = new Engine(transport, connection.execOptions());
            Execution execution = engine.start(hosts, job, RunListener.all(listeners));
            RunReport report;
            try (AutoCloseable ignored = env.interrupts().onInterrupt(execution::cancel)) {
                report = execution.await();
            } catch (InterruptedException e) {
                execution.cancel();
                Thread.currentThread().interrupt();
                return ExitCodes.INTERRUPTED;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            if (!output.quiet) {
                new SummaryRenderer(errStyle).render(report).forEach(env.err()::println);
            }
            env.err().flush();
            return ExitCodes.of(report, maxrc);
        }
    }

    private static MinaTransport.Options transportOptions(CliEnvironment env, ConnectionOptions connection) {
        return new MinaTransport.Options(connection.acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT,
                env.home(), env.prompt().<java.util.function.Function<java.nio.file.Path, Secret>>map(
                        p -> file -> {
                            char[] typed = p.ask("Enter passphrase for key '" + file + "': ");
                            return typed == null ? null : Secret.of(typed);
                        }).orElse(null));
    }
}
