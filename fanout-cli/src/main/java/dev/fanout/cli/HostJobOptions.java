package dev.fanout.cli;

import dev.fanout.core.exec.Job;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The options of every command that runs a job on selected hosts (run, put, get): inventory, selection,
 * connection and output, and running the job with them.
 */
final class HostJobOptions {
    @Mixin
    InventoryOptions inventory;
    @Mixin
    SelectionOptions selection;
    @Mixin
    ConnectionOptions connection;
    @Mixin
    OutputOptions output;

    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Selects the hosts and runs {@code job} on them; returns the exit code. */
    int run(CliEnvironment env, Job job, ViewOptions views, boolean maxrc) throws UserException {
        return JobRunner.selectAndRun(env, command, inventory, selection.selection(env), connection, output, job,
                views, maxrc);
    }

    /** Selects the hosts, builds the job for them with {@code jobs} and runs it; returns the exit code. */
    int run(CliEnvironment env, JobRunner.JobFactory jobs, ViewOptions views, boolean maxrc) throws UserException {
        return run(env, jobs, views, maxrc, new BecomeOptions());
    }

    /**
     * Selects the hosts, builds the job for them with {@code jobs} and runs it, through sudo as {@code become} asks;
     * returns the exit code.
     */
    int run(CliEnvironment env, JobRunner.JobFactory jobs, ViewOptions views, boolean maxrc, BecomeOptions become)
            throws UserException {
        return JobRunner.selectAndRun(env, command, inventory, selection.selection(env), connection, output, jobs,
                views, maxrc, become);
    }
}
