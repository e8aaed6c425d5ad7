package dev.fanout.cli;

import dev.fanout.core.exec.HostTemplate;
import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.PerHostJob;
import dev.fanout.core.inventory.Host;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per-host templates ({@code %h}, {@code %a}, {@code %u}, {@code %%}) of the command line's commands and paths,
 * turned into one job per host before any host is contacted, and their errors into usage errors. Stateless.
 */
final class Templates {
    private Templates() {
    }

    /** Parses {@code text}; a wrong template is a usage error naming the text. */
    static HostTemplate parse(String text) throws UserException {
        try {
            return HostTemplate.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }

    /** Builds one host's job; {@code host} is null when the templates are the same for every host. */
    @FunctionalInterface
    interface HostJob {
        Job forHost(Host host) throws UserException;
    }

    /**
     * The job for {@code hosts}: {@code build}'s job for all of them when every template is constant, else a
     * {@link PerHostJob} of each host's own, described as {@code prefix} and the templates' text.
     */
    static Job perHost(HostTemplate template, List<Host> hosts, String prefix, HostJob build) throws UserException {
        return perHost(List.of(template), hosts, prefix + template.text(), build);
    }

    /** As {@link #perHost(HostTemplate, List, String, HostJob)}, for several templates and a whole description. */
    static Job perHost(List<HostTemplate> templates, List<Host> hosts, String description, HostJob build)
            throws UserException {
        if (templates.stream().allMatch(HostTemplate::isConstant)) {
            return build.forHost(null);
        }
        Map<String, Job> jobs = new LinkedHashMap<>();
        try {
            for (Host host : hosts) {
                jobs.put(host.name(), build.forHost(host));
            }
        } catch (IllegalArgumentException e) {
            closeAll(jobs);
            throw new UserException(e.getMessage());
        } catch (UserException | RuntimeException e) {
            closeAll(jobs);
            throw e;
        }
        return new PerHostJob(description, jobs);
    }

    private static void closeAll(Map<String, Job> jobs) {
        new PerHostJob("", jobs).close();
    }
}
