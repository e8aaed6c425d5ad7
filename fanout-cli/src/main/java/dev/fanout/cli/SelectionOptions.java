package dev.fanout.cli;

import dev.fanout.core.record.StoredHost;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.select.Selection;
import dev.fanout.core.select.SelectionException;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;

/** The host-selection options shared by every command that acts on hosts. */
final class SelectionOptions {
    static final String FAILED = "@failed";
    static final String SKIPPED = "@skipped";
    @Option(names = {"-H", "-w", "--hosts"}, paramLabel = "HOSTS",
            description = "Hosts by name or range, comma-separated: h1,web[01-04]; @GROUP selects a group; @failed "
                    + "the hosts that did not succeed in the last run (skipped ones included), @skipped those it "
                    + "skipped. Repeatable.")
    List<String> hosts = new ArrayList<>();

    @Option(names = {"-g", "--group"}, paramLabel = "GROUPS", split = ",",
            description = "Groups, comma-separated. Repeatable.")
    List<String> groups = new ArrayList<>();

    @Option(names = {"-x", "--exclude"}, paramLabel = "HOSTS",
            description = "Hosts to leave out (names, ranges, @GROUP). Repeatable.")
    List<String> exclude = new ArrayList<>();

    @Option(names = {"-X", "--exclude-group"}, paramLabel = "GROUPS", split = ",",
            description = "Groups to leave out. Repeatable.")
    List<String> excludeGroups = new ArrayList<>();

    @Option(names = {"-a", "--all"}, description = "Every host of the inventory.")
    boolean all;

    @Option(names = "--rerun-failed", paramLabel = "RUN", arity = "0..1", parameterConsumer = RunIdConsumer.class,
            description = "The hosts that did not succeed in RUN (default: the last run); see 'fanout history'. Only "
                    + "a run id (or its start, 20261123T19) is taken as RUN, so '--rerun-failed uptime' runs uptime.")
    String rerunFailed;

    boolean isEmpty() {
        return hosts.isEmpty() && groups.isEmpty() && !all && rerunFailed == null;
    }

    /**
     * The selection, with {@code @failed} and {@code --rerun-failed} replaced by the hosts of that run that did not
     * succeed (skipped ones included), and {@code @skipped} by the hosts the last run skipped.
     */
    Selection selection(CliEnvironment env) throws UserException {
        try {
            Selection.Builder selection = Selection.builder();
            if (all) {
                selection.all();
            }
            for (String item : hosts) {
                switch (item) {
                    case FAILED -> selection.names(failedHosts(env, null), FAILED);
                    case SKIPPED -> selection.names(skippedHosts(env), SKIPPED);
                    default -> selection.hosts(item);
                }
            }
            if (rerunFailed != null) {
                selection.names(failedHosts(env, rerunFailed), "--rerun-failed");
            }
            for (String item : groups) {
                selection.groups(item);
            }
            for (String item : exclude) {
                selection.excludeHosts(item);
            }
            for (String item : excludeGroups) {
                selection.excludeGroups(item);
            }
            return selection.build();
        } catch (SelectionException e) {
            throw new UserException(e.getMessage());
        }
    }

    private static List<String> skippedHosts(CliEnvironment env) throws UserException {
        StoredRun recorded = RecordLookup.load(env, null);
        List<String> skipped = recorded.results().stream()
                .filter(r -> r.status() == Outcome.Status.SKIPPED).map(StoredHost::name).toList();
        if (skipped.isEmpty()) {
            throw new UserException("no host was skipped in run " + recorded.id());
        }
        return skipped;
    }

    private static List<String> failedHosts(CliEnvironment env, String run) throws UserException {
        StoredRun recorded = RecordLookup.load(env, run);
        List<String> failed = recorded.failedHosts();
        if (failed.isEmpty()) {
            throw new UserException("no host failed in run " + recorded.id());
        }
        return failed;
    }
}
