package dev.fanout.cli;

import dev.fanout.core.exec.Engine;
import dev.fanout.core.exec.Execution;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.inventory.Inventory;
import dev.fanout.core.inventory.Secret;
import dev.fanout.core.record.RecordNotFoundException;
import dev.fanout.core.record.RunRecorder;
import dev.fanout.core.record.RunRecords;
import dev.fanout.core.render.ByHostView;
import dev.fanout.core.render.ConsoleOutput;
import dev.fanout.core.render.GatheredView;
import dev.fanout.core.render.JsonLinesRenderer;
import dev.fanout.core.render.LiveRenderer;
import dev.fanout.core.render.OutputDirectoryWriter;
import dev.fanout.core.render.SafeText;
import dev.fanout.core.render.StatusLine;
import dev.fanout.core.render.SummaryRenderer;
import dev.fanout.core.render.TextStyle;
import dev.fanout.core.result.RunReport;
import dev.fanout.core.select.HostCriteria;
import dev.fanout.core.select.HostSelector;
import dev.fanout.core.select.NodeSet;
import dev.fanout.core.select.SelectionException;
import dev.fanout.ssh.HostKeyPolicy;
import dev.fanout.ssh.MinaTransport;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What every host-acting command shares: resolve the selected hosts, run a job on them with the live view, print
 * the summary and turn the report into an exit code. Stateless.
 */
final class JobRunner {
    /** The longest list of hosts a password prompt names. */
    private static final int PROMPT_NAMES = 60;
    /** The options that select hosts, by their first name; {@code -h} is the seed command lines' {@code -H}. */
    private static final List<String> SELECTING = List.of("-H", "-h", "-g", "-x", "-X", "-a", "--rerun-failed");

    private JobRunner() {
    }

    /** Loads the inventory and resolves the selection, applying -l and --ask-pass. */
    static List<Host> selectHosts(CliEnvironment env, InventoryOptions inventoryOptions, HostCriteria criteria,
                                  ConnectionOptions connection) throws UserException {
        Inventory inventory = inventoryOptions.load(env, criteria);
        List<Host> hosts;
        try {
            hosts = HostSelector.select(inventory, criteria);
        } catch (SelectionException e) {
            throw new UserException(e.getMessage());
        }
        if (connection.user != null) {
            hosts = hosts.stream().map(h -> h.withUser(connection.user)).toList();
        }
        if (connection.askPass) {
            Secret password = askPassword(env, hosts.stream().filter(h -> h.password() == null).toList());
            hosts = hosts.stream().map(h -> h.password() == null ? h.withPassword(password) : h).toList();
        }
        return hosts;
    }

    /** Selects the hosts of {@code criteria} and runs {@code job} on them, recording the command line of {@code command}. */
    static int selectAndRun(CliEnvironment env, CommandSpec command, InventoryOptions inventory, HostCriteria criteria,
                            ConnectionOptions connection, OutputOptions output, Job job, ViewOptions views,
                            boolean maxrc) throws UserException {
        List<Host> hosts = selectHosts(env, inventory, criteria, connection);
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        return run(env, parsed.originalArgs(), selection(parsed), hosts, job, connection, output, views, maxrc);
    }

    /**
     * The selection as the user gave it, for the run's record: each selecting option by its first name with each
     * value given to it ({@code -g web_clusters -x web03}), in the order of {@link #SELECTING}.
     */
    static List<String> selection(CommandLine.ParseResult parsed) {
        List<String> words = new ArrayList<>();
        for (String name : SELECTING) {
            if (name.equals("--rerun-failed")) {
                // its parameter consumer sets the value itself, so picocli does not count it as matched
                CommandLine.Model.OptionSpec rerun = parsed.commandSpec().findOption(name);
                if (rerun != null && rerun.getValue() instanceof String run) {
                    words.add(name);
                    if (!run.isEmpty()) {
                        words.add(run);
                    }
                }
                continue;
            }
            CommandLine.Model.OptionSpec option = parsed.matchedOption(name);
            if (option == null) {
                continue;
            }
            if (option.arity().max() == 0) {
                words.add(name);
            } else {
                for (String value : option.originalStringValues()) {
                    words.add(name);
                    words.add(value);
                }
            }
        }
        return words;
    }

    private static Secret askPassword(CliEnvironment env, List<Host> asking) throws UserException {
        CliEnvironment.SecretPrompt prompt = env.prompt()
                .orElseThrow(() -> new UserException("--ask-pass needs a terminal to ask on"));
        char[] typed = prompt.ask("Password for " + whom(asking) + ": ");
        if (typed == null) {
            throw new UserException("no password given");
        }
        try {
            return Secret.of(typed);
        } finally {
            Arrays.fill(typed, '\0');
        }
    }

    /**
     * Who a password is asked for, as ssh's prompt says it: {@code deploy@web[01-04]}, users apart
     * ({@code deploy@web[01-02], root@db1}); past {@link #PROMPT_NAMES} characters, only how many hosts.
     */
    static String whom(List<Host> hosts) {
        Map<String, List<String>> byUser = new TreeMap<>();
        hosts.forEach(h -> byUser.computeIfAbsent(h.user(), u -> new ArrayList<>()).add(h.name()));
        String names = byUser.entrySet().stream().map(e -> e.getKey() + "@" + NodeSet.fold(e.getValue()))
                .collect(Collectors.joining(", "));
        return names.length() <= PROMPT_NAMES ? names : hosts.size() + " hosts";
    }

    /**
     * Runs {@code job} on {@code hosts}: records it, shows it as {@code views} ask (live lines by default), prints
     * the gathered digest when asked or worth it, then the summary; returns the exit code.
     */
    private static int run(CliEnvironment env, List<String> argv, List<String> selection, List<Host> hosts, Job job,
                           ConnectionOptions connection, OutputOptions output, ViewOptions views, boolean maxrc)
            throws UserException {
        TextStyle outStyle = output.style(env, env.stdoutTty());
        TextStyle errStyle = output.style(env, env.stderrTty());
        LiveRenderer.Labels labels = views.labels(Clock.systemDefaultZone());
        ConsoleOutput console = new ConsoleOutput(env.out(), env.err(), env.stderrTty() && !views.mode.json);
        List<String> warnings = new ArrayList<>();
        RunRecorder recorder = openRecorder(env, argv, selection, views, warnings);
        OutputDirectoryWriter outdir = openOutdir(views);
        try (recorder; outdir) {
            List<RunListener> listeners = new ArrayList<>();
            if (recorder != null) {
                listeners.add(recorder);
            }
            if (outdir != null) {
                listeners.add(outdir);
            }
            if (views.mode.json) {
                listeners.add(new JsonLinesRenderer(console));
            } else {
                if (views.live()) {
                    // Without a summary (-q), every failure keeps its live line.
                    listeners.add(new LiveRenderer(console, outStyle, errStyle,
                            output.quiet ? Integer.MAX_VALUE : LiveRenderer.FAILURE_LINES, !output.quiet,
                            labels));
                }
                if (hosts.size() > 1) {
                    listeners.add(new StatusLine(console));
                }
            }
            RunReport report = execute(env, hosts, job, connection, RunListener.all(listeners));
            if (report == null) {
                return ExitCodes.INTERRUPTED;
            }
            if (recorder != null) {
                recorder.close();
                recorder.problem().ifPresent(p -> warnings.add("the run record is incomplete: " + p));
                showDigest(env, recorder, views, outStyle, errStyle, hosts.size());
            }
            if (outdir != null) {
                outdir.problem().ifPresent(p -> warnings.add("--outdir: " + p));
            }
            if (!output.quiet) {
                new SummaryRenderer(errStyle).render(report).forEach(env.err()::println);
            }
            warnings.forEach(w -> env.err().println("fanout: warning: " + SafeText.of(w)));
            env.out().flush();
            env.err().flush();
            return ExitCodes.of(report, maxrc);
        }
    }

    /** The run itself, cancelled on Ctrl-C; null when this thread was interrupted before the report. */
    private static RunReport execute(CliEnvironment env, List<Host> hosts, Job job, ConnectionOptions connection,
                                     RunListener listener) throws UserException {
        try (MinaTransport transport = new MinaTransport(transportOptions(env, connection))) {
            Execution execution;
            try {
                transport.preloadIdentities(hosts);
                execution = new Engine(transport, connection.execOptions()).start(hosts, job, listener);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            try (AutoCloseable ignored = env.interrupts().onInterrupt(execution::cancel)) {
                return execution.await();
            } catch (InterruptedException e) {
                execution.cancel();
                Thread.currentThread().interrupt();
                return null;
            } catch (Exception e) {
                throw new IllegalStateException("unregistering the interrupt handler failed", e);
            }
        }
    }

    /**
     * The recorder of this run in the user's state directory; when that cannot be written, in a temporary one if a
     * gathered view needs it, else none. Never fails the run.
     */
    private static RunRecorder openRecorder(CliEnvironment env, List<String> argv, List<String> selection,
                                            ViewOptions views, List<String> warnings) {
        Path state = Records.stateDirectory(env);
        try {
            return new RunRecorder(state, argv, selection);
        } catch (IOException e) {
            warnings.add("this run is not recorded (" + state + ": " + e.getMessage() + ")");
        }
        if (views.mode.gather || views.mode.diff || views.mode.byHost || !views.noGather) {
            try {
                Path temporary = Files.createTempDirectory("fanout-state");
                temporary.toFile().deleteOnExit();
                return new RunRecorder(temporary, argv, selection);
            } catch (IOException e) {
                warnings.add("no gathered view: cannot record the run anywhere: " + e.getMessage());
            }
        }
        return null;
    }

    private static OutputDirectoryWriter openOutdir(ViewOptions views) throws UserException {
        if (views.outdir == null) {
            return null;
        }
        try {
            return new OutputDirectoryWriter(views.outdir);
        } catch (IOException e) {
            throw new UserException(views.outdir + ": cannot write there: " + e.getMessage());
        }
    }

    /**
     * The gathered digest (or diff, or the by-host view) from the record: always with -b/--diff/-L; after live lines
     * when worth it and stdout is a terminal.
     */
    private static void showDigest(CliEnvironment env, RunRecorder recorder, ViewOptions views, TextStyle style,
                                   TextStyle errStyle, int hosts) {
        // A live run on MIN_HOSTS hosts or fewer, or where no host printed anything (one output, empty: nothing to
        // gather), never shows the digest, so the record is not read back: that costs the JSON parser's set-up (with
        // BigDecimal's, ~20 ms in a fresh JVM), hashing every output (30 MB: ~90 ms) and, for 100 silent hosts,
        // 80 ms of the main thread at the end of the run.
        // With stdout not a terminal, the live lines alone go there, so that 'fanout run -a CMD > out' holds each
        // output once; -b and --diff ask for the digest instead.
        if (views.mode.json || (views.live() && (views.noGather || !env.stdoutTty() || hosts <= GatheredView.MIN_HOSTS
                || recorder.outputBytes() == 0))) {
            return;
        }
        try {
            if (views.mode.byHost) {
                ByHostView.write(new RunRecords(recorder.directory().getParent().getParent()).load(recorder.id()),
                        env.out(), env.err(), style, errStyle, !views.noPrefix);
                return;
            }
            GatheredView view = GatheredView.of(new RunRecords(recorder.directory().getParent().getParent())
                    .load(recorder.id()));
            if (views.mode.diff) {
                view.writeDiff(env.out(), style);
            } else if (views.mode.gather) {
                view.write(env.out(), style);
            } else if (view.worthShowing()) {
                env.out().println();
                env.out().println(style.paint(TextStyle.BOLD, "fanout: " + view.groups().size()
                        + " distinct outputs, gathered (--no-gather to leave out):"));
                view.write(env.out(), style);
            }
        } catch (IOException | RecordNotFoundException e) {
            env.err().println("fanout: warning: no gathered view: " + SafeText.of(e.getMessage()));
        }
    }

    /**
     * The SSH settings: host-key policy, the user's home for default keys and known_hosts, passphrases asked once, the
     * agent, the system's known_hosts.
     */
    private static MinaTransport.Options transportOptions(CliEnvironment env, ConnectionOptions connection) {
        Function<Path, Secret> passphrases = env.prompt().<Function<Path, Secret>>map(prompt -> file -> {
            char[] typed = prompt.ask("Enter passphrase for key '" + file + "': ");
            return typed == null ? null : Secret.of(typed);
        }).orElse(null);
        String agent = env.env().get("SSH_AUTH_SOCK");
        return new MinaTransport.Options(connection.acceptNew ? HostKeyPolicy.ACCEPT_NEW : HostKeyPolicy.STRICT,
                env.home(), passphrases, agent == null || agent.isBlank() ? null : Path.of(agent),
                MinaTransport.Options.SYSTEM_KNOWN_HOSTS);
    }
}
