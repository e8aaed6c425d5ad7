package dev.fanout.cli;

import dev.fanout.ssh.MinaTransport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * The {@code fanout} command: parses the command line, dispatches to one subcommand and returns its exit code.
 * {@link #run} is the whole program minus {@code System.exit}, so tests call it in-process.
 */
@Command(name = "fanout", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = "Run commands and copy files on many hosts at once over SSH, and see every result as it happens.",
        subcommands = {RunCommand.class, PutCommand.class, GetCommand.class, HostsCommand.class, HistoryCommand.class,
                ShowCommand.class, LabCommand.class,
                BatchRunCommand.class, BatchScpCommand.class},
        footerHeading = "%n", footer = ExitCodes.HELP)
public final class Main implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
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
        commandLine.setOut(new PrintWriter(env.out(), true));
        commandLine.setErr(new PrintWriter(env.err(), true));
        commandLine.setCaseInsensitiveEnumValuesAllowed(true);
        commandLine.setParameterExceptionHandler((e, ignoredArgs) -> {
            PrintWriter err = e.getCommandLine().getErr();
            err.println("fanout: " + e.getMessage());
            err.println("Try '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help'.");
            return ExitCodes.USAGE;
        });
        commandLine.setExecutionExceptionHandler((e, cl, parseResult) -> {
            if (e instanceof UserException user) {
                cl.getErr().println("fanout: " + user.getMessage());
                return user.exitCode();
            }
            cl.getErr().println("fanout: internal error: " + e);
            if (env.env().containsKey("FANOUT_DEBUG")) {
                e.printStackTrace(cl.getErr());
            }
            return ExitCodes.INTERNAL;
        });
        for (String name : new String[]{"run", "lab"}) {
            commandLine.getSubcommands().get(name).setStopAtPositional(true);
        }
        return commandLine.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return ExitCodes.USAGE;
    }

    /** Creates commands, handing the environment to those that take it. */
    private record Factory(CliEnvironment env) implements CommandLine.IFactory {
        @Override
        public <K> K create(Class<K> type) throws Exception {
            try {
                return type.getDeclaredConstructor(CliEnvironment.class).newInstance(env);
            } catch (NoSuchMethodException e) {
                return CommandLine.defaultFactory().create(type);
            }
        }
    }

    /** The version from the jar's manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = Main.class.getPackage().getImplementationVersion();
            return new String[]{"fanout " + (v == null ? "(development build)" : v)};
        }
    }
}
