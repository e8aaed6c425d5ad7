package dev.fanout.cli;

import dev.fanout.core.text.Problems;
import dev.fanout.core.text.SafeText;
import dev.fanout.ssh.MinaTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * The {@code fanout} command: parses the command line, dispatches to one subcommand and returns its exit code.
 * {@link #run} is the whole program minus {@code System.exit}, so tests call it in-process.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, versionProvider = BuildInfo.VersionProvider.class,
        description = "Run commands and copy files on many hosts at once over SSH, and see every result as it happens.",
        footerHeading = "%n", footer = ExitCodes.HELP)
public final class Main implements Callable<Integer> {
    /** The subcommands, in the order of the usage text (the man pages and completion scripts read them too). */
    static final List<Class<?>> SUBCOMMANDS = List.of(RunCommand.class, PutCommand.class, GetCommand.class,
            ShellCommand.class, HostsCommand.class, NodesetCommand.class, HistoryCommand.class, ShowCommand.class, LabCommand.class,
            BatchRunCommand.class, BatchScpCommand.class, CompleteCommand.class);

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        Thread.setDefaultUncaughtExceptionHandler((thread, e) -> internalError(CliEnvironment.system(), e));
        MinaTransport.setUpCryptography();
        MinaTransport.warmUpInBackground();
        String logLevel = System.getenv("FANOUT_LOG");
        if (logLevel != null && !logLevel.isBlank()) {
            System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", logLevel);
        }
        System.exit(run(CliEnvironment.system(), args));
    }

    /** Runs fanout with {@code args} in {@code env} and returns the exit code. */
    public static int run(CliEnvironment env, String... args) {
        CommandLine commandLine = new CommandLine(new Main(), new Factory(env));
        for (Class<?> subcommand : subcommandsFor(args)) {
            commandLine.addSubcommand(subcommand);
        }
        commandLine.setOut(new PrintWriter(env.out(), true));
        commandLine.setErr(new PrintWriter(env.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, ignoredArgs) -> {
            e.getCommandLine().getErr().println(SafeText.of(UsageErrors.describe(e)));
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof UserException user) {
                cl.getErr().println("fanout: " + SafeText.of(user.getMessage()));
                return user.exitCode();
            }
            return internalError(env, e);
        });
        HelpLayout.apply(commandLine);
        for (String name : new String[]{"run", "lab", "complete"}) {
            CommandLine subcommand = commandLine.getSubcommands().get(name);
            if (subcommand != null) {
                subcommand.setStopAtPositional(true);
            }
        }
        try {
            return commandLine.execute(args);
        } catch (Throwable e) {
            return internalError(env, e);
        }
    }

    /**
     * Reports a throwable that escaped a command (a bug: an exception, a stack overflow, running out of memory) as
     * one line without a Java class name, the stack trace after it only when FANOUT_DEBUG is set; returns 70.
     */
    private static int internalError(CliEnvironment env, Throwable e) {
        try {
            env.err().println("fanout: internal error: " + SafeText.of(Problems.describe(e)));
            if (env.env().containsKey("FANOUT_DEBUG")) {
                e.printStackTrace(env.err());
            }
            env.err().flush();
        } catch (Throwable ignored) {
            // nothing more can be said; the exit code still tells
        }
        return ExitCodes.INTERNAL;
    }

    /**
     * The subcommands to build: only the one the first argument names, none for a lone -V, else all of them (for
     * Main's usage text and errors). Building the nine models from their annotations took half of the main thread's
     * start-up (JFR), and at most one runs: measured, 'fanout hosts' went from ~220 to ~160 ms of main-thread CPU and
     * 'fanout -V' from ~210 to ~135. The first argument is the only place for a subcommand: Main has no options but
     * -h and -V, and with them Main's help (listing every subcommand) or version is printed whatever follows.
     */
    private static List<Class<?>> subcommandsFor(String... args) {
        if (args.length == 1 && (args[0].equals("-V") || args[0].equals("--version"))) {
            return List.of();
        }
        for (Class<?> subcommand : SUBCOMMANDS) {
            if (args.length > 0 && subcommand.getAnnotation(Command.class).name().equals(args[0])) {
                return List.of(subcommand);
            }
        }
        return SUBCOMMANDS;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Creates commands, handing the environment to those that take it. */
    record Factory(CliEnvironment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(CliEnvironment.class).newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }
}
