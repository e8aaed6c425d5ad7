package dev.fanout.cli;

import dev.fanout.core.record.HostRecord;
import dev.fanout.core.record.RecordedRun;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.select.HostCriteria;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;

import java.util.ArrayList;
import java.util.List;
import java.util.Stack;
import java.util.regex.Pattern;

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
     * The criteria with {@code @failed} and {@code --rerun-failed} replaced by the hosts of that run that did not
     * succeed (skipped ones included), and {@code @skipped} by the hosts the last run skipped.
     */
    HostCriteria criteria(CliEnvironment env) throws UserException {
        List<String> expanded = new ArrayList<>();
        for (String item : hosts) {
            expanded.add(item.equals(FAILED) ? failedHosts(env, null) : item.equals(SKIPPED) ? skippedHosts(env)
                    : item);
        }
        if (rerunFailed != null) {
            expanded.add(failedHosts(env, rerunFailed));
        }
        return new HostCriteria(expanded, groups, exclude, excludeGroups, all);
    }

    private static String skippedHosts(CliEnvironment env) throws UserException {
        RecordedRun recorded = Records.load(env, null);
        List<String> skipped = recorded.results().stream()
                .filter(r -> r.status() == Outcome.Status.SKIPPED).map(HostRecord::name).toList();
        if (skipped.isEmpty()) {
            throw new UserException("no host was skipped in run " + recorded.id());
        }
        return String.join(",", skipped);
    }

    private static String failedHosts(CliEnvironment env, String run) throws UserException {
        RecordedRun recorded = Records.load(env, run);
        List<String> failed = recorded.failedHosts();
        if (failed.isEmpty()) {
            throw new UserException("no host failed in run " + recorded.id());
        }
        return String.join(",", failed);
    }

    /**
     * Takes the value of {@code --rerun-failed} only when it looks like a run id or its beginning, so that the
     * command after the option is never swallowed as its value ({@code --rerun-failed hostname} runs hostname).
     */
    static final class RunIdConsumer implements CommandLine.IParameterConsumer {
        private static final Pattern RUN_ID = Pattern.compile("\\d{8}(T[0-9A-Za-z.-]*)?");

        @Override
        public void consumeParameters(Stack<String> args, ArgSpec argSpec, CommandSpec commandSpec) {
            boolean isRun = !args.isEmpty() && RUN_ID.matcher(args.peek()).matches();
            argSpec.setValue(isRun ? args.pop() : "");
        }
    }
}
