package dev.fanout.cli;

import dev.fanout.core.exec.ExecOptions;
import dev.fanout.core.exec.Job;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.text.SafeText;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.run.Fanout;
import dev.fanout.core.run.Run;
import dev.fanout.core.run.RunResult;
import dev.fanout.core.select.Selection;
import dev.fanout.core.transport.Transport;
import dev.fanout.ssh.MinaTransport;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.util.List;

/**
 * What every host-acting command shares: resolve the selected hosts, run a job on them with the live view, print
 * the summary and turn the report into an exit code. Stateless.
 */
final class JobRunner {
    private JobRunner() {
    }

    /** Loads the inventory and resolves the selection, applying -l and --ask-pass. */
    static List<Host> selectHosts(CliEnvironment env, InventoryOptions inventoryOptions, Selection selection,
                                  ConnectionOptions connection) throws UserException {
        Inventory inventory = inventoryOptions.load(env, selection);
        List<Host> hosts = InventoryOptions.select(inventory, selection);
        if (connection.user != null) {
            hosts = hosts.stream().map(h -> h.withUser(connection.user)).toList();
        }
        if (connection.askPass) {
            Secret password = PasswordPrompt.ask(env, "--ask-pass", "password",
                    hosts.stream().filter(h -> h.password() == null).toList());
            hosts = hosts.stream().map(h -> h.password() == null ? h.withPassword(password) : h).toList();
        }
        return hosts;
    }

    /** Selects the hosts of {@code selection} and runs {@code job} on them, recording the command line of {@code command}. */
    static int selectAndRun(CliEnvironment env, CommandSpec command, InventoryOptions inventory, Selection selection,
                            ConnectionOptions connection, OutputOptions output, Job job, ViewOptions views,
                            boolean maxrc) throws UserException {
        return selectAndRun(env, command, inventory, selection, connection, output, hosts -> job, views, maxrc,
                new BecomeOptions());
    }

    /**
     * Selects the hosts of {@code selection}, through sudo as {@code become} asks, builds the job for them (before
     * any host is contacted, so that a job that cannot be built for one of them is a usage error) and runs it,
     * recording the command line of {@code command} without the values of {@code --env}.
     */
    static int selectAndRun(CliEnvironment env, CommandSpec command, InventoryOptions inventory, Selection selection,
                            ConnectionOptions connection, OutputOptions output, JobFactory jobs, ViewOptions views,
                            boolean maxrc, BecomeOptions become) throws UserException {
        List<Host> hosts = become.apply(env, selectHosts(env, inventory, selection, connection));
        Job job = jobs.forHosts(hosts);
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        CommandLine.Model.OptionSpec environment = parsed.matchedOption(LaunchArguments.ENV);
        List<String> argv = environment == null ? parsed.originalArgs()
                : LaunchArguments.withoutValues(parsed.originalArgs(), environment.originalStringValues().size());
        return run(env, argv, SelectionWords.of(parsed), hosts, job, connection, output, views, maxrc);
    }

    /** Builds a command's job for the hosts it was selected for. */
    @FunctionalInterface
    interface JobFactory {
        Job forHosts(List<Host> hosts) throws UserException;
    }

    /**
     * Runs {@code job} on {@code hosts} (recorded, shown as {@code views} ask: live lines by default), prints the
     * gathered digest when asked or worth it, then the summary; returns the exit code.
     */
    private static int run(CliEnvironment env, List<String> argv, List<String> selection, List<Host> hosts, Job job,
                           ConnectionOptions connection, OutputOptions output, ViewOptions views, boolean maxrc)
            throws UserException {
        return run(env, argv, selection, hosts, job, null, connection, output, views, maxrc);
    }

    /**
     * As {@link #run(CliEnvironment, List, List, List, Job, ConnectionOptions, OutputOptions, ViewOptions, boolean)},
     * over {@code transport}, which the caller opened and keeps (the shell's warm connections), or over a transport
     * of this run alone when it is null.
     */
    static int run(CliEnvironment env, List<String> argv, List<String> selection, List<Host> hosts, Job job,
                   Transport kept, ConnectionOptions connection, OutputOptions output, ViewOptions views,
                   boolean maxrc) throws UserException {
        TextStyle outStyle = output.style(env, env.stdoutTty());
        TextStyle errStyle = output.style(env, env.stderrTty());
        ExecOptions options = connection.execOptions();
        RunResult result;
        MinaTransport own = kept == null ? new MinaTransport(connection.transportOptions(env)) : null;
        try {
            Fanout.Builder fanout = Fanout.builder(kept != null ? kept : own).options(options)
                    .recordIn(RecordLookup.stateDirectory(env)).commandLine(argv, selection)
                    .outputDirectory(views.outdir).gather(views.wantsDigest(env, hosts.size()));
            views.renderers(env, output, outStyle, errStyle, hosts.size()).forEach(fanout::listener);
            if (own != null) {
                own.preloadIdentities(hosts);
            }
            Run run = fanout.build().start(hosts, job);
            try (var ignored = env.interrupts().onInterrupt(run::cancel)) {
                result = run.await();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ExitCodes.INTERRUPTED;
        } catch (IOException e) {
            throw new UserException(e.getMessage());
        } finally {
            if (own != null) {
                own.close();
            }
        }
        AfterRun.show(env, views, result, outStyle, errStyle);
        if (!output.quiet) {
            new SummaryRenderer(errStyle).render(result.report()).forEach(env.err()::println);
        }
        result.warnings().forEach(w -> env.err().println("fanout: warning: " + SafeText.of(w)));
        env.out().flush();
        env.err().flush();
        return ExitCodes.of(result.report(), maxrc);
    }
}
