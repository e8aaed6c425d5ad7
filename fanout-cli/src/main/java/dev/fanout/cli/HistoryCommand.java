package dev.fanout.cli;

import dev.fanout.core.record.HistoryEntry;
import dev.fanout.core.render.HistoryRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.time.ZoneId;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code fanout history}: the recorded runs, newest first. */
@Command(name = "history", mixinStandardHelpOptions = true,
        description = {"List the recorded runs, newest first: id, start, hosts, size, counts, command.",
                "Every run is recorded under $XDG_STATE_HOME/fanout (~/.local/state/fanout); the 100 newest that fit "
                        + "in 1 GiB together are kept, none older than 30 days. See 'fanout show RUN'."})
final class HistoryCommand implements Callable<Integer> {
    private final CliEnvironment env;

    @Mixin
    OutputOptions output;

    @Option(names = {"-n", "--limit"}, paramLabel = "N", defaultValue = "20",
            description = "Show at most N runs (default: ${DEFAULT-VALUE}).")
    int limit;

    HistoryCommand(CliEnvironment env) {
        this.env = env;
    }

    @Override
    public Integer call() throws UserException {
        List<HistoryEntry> runs;
        try {
            runs = RecordLookup.of(env).list(Math.max(limit, 0));
        } catch (IOException e) {
            throw new UserException("cannot read the run records in " + RecordLookup.stateDirectory(env) + ": "
                    + e.getMessage());
        }
        new HistoryRenderer(output.style(env, env.stdoutTty()), ZoneId.systemDefault())
                .render(runs)
                .forEach(env.out()::println);
        return ExitCodes.OK;
    }
}
