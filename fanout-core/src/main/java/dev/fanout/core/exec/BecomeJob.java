package dev.fanout.core.exec;

import dev.fanout.core.inventory.Become;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.transport.Connection;
import dev.fanout.core.transport.TransportException;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A job whose commands run through sudo on the hosts whose {@link Become} says so (and as the login user on the
 * others): each command is started as {@code sudo -S -p MARKER -u USER -- /bin/sh -c COMMAND}, with a marker of
 * this job's own, and sudo's password is written to the command's stdin only when that marker shows (see
 * {@code SudoConnection}). A host where sudo refuses the password, or asks for one none was given for, fails with
 * "sudo: incorrect password" or "sudo: a password is required". The {@link Engine} wraps a run's job in one when a
 * host needs it. Immutable and thread-safe.
 */
public final class BecomeJob implements Job {
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Job job;
    private final String marker;

    public BecomeJob(Job job) {
        this.job = Objects.requireNonNull(job, "job");
        byte[] nonce = new byte[12];
        RANDOM.nextBytes(nonce);
        this.marker = "fanout-sudo-" + HexFormat.of().formatHex(nonce);
    }

    /** {@code job} itself when no host of {@code hosts} becomes another user, else {@code job} through sudo. */
    public static Job wrapIfNeeded(Job job, List<Host> hosts) {
        if (job instanceof BecomeJob || hosts.stream().noneMatch(h -> h.become().enabled())) {
            return job;
        }
        return new BecomeJob(job);
    }

    /** The job run through sudo. */
    public Job job() {
        return job;
    }

    @Override
    public String description() {
        return job.description();
    }

    @Override
    public Outcome execute(Connection connection, HostContext context)
            throws TransportException, InterruptedException {
        Become become = context.host().become();
        if (!become.enabled()) {
            return job.execute(connection, context);
        }
        var sudo = new SudoConnection(connection, become, marker);
        Outcome outcome;
        try {
            outcome = job.execute(sudo, context);
        } catch (TransportException e) {
            Optional<String> refused = sudo.failure();
            if (refused.isPresent()) {
                return new Outcome.Failed(refused.get());
            }
            throw e;
        }
        return sudo.failure().<Outcome>map(Outcome.Failed::new).orElse(outcome);
    }
}
