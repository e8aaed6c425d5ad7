package dev.fanout.cli;

import dev.fanout.core.inventory.Host;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.Outcome;
import dev.fanout.core.result.RunReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ExitCodesTest {
    private static RunReport report(boolean interrupted, Outcome... outcomes) {
        return new RunReport(Arrays.stream(outcomes).map(o -> new HostResult(Host.of("h", "127.0.0.1", 22, "u"), o,
                Instant.EPOCH, null, Duration.ZERO)).toList(), Instant.EPOCH, Duration.ZERO, interrupted);
    }

    private static final Outcome OK = new Outcome.Exited(0);
    private static final Outcome FAILED = new Outcome.Exited(7);
    private static final Outcome DOWN = new Outcome.Unreachable("connection refused");
    private static final Outcome SLOW = new Outcome.TimedOut(Duration.ofSeconds(1));

    @Test
    void allSucceededIsZero() {
        assertThat(ExitCodes.of(report(false, OK, OK), false)).isZero();
    }

    @Test
    void aFailedCommandIsOne() {
        assertThat(ExitCodes.of(report(false, OK, FAILED), false)).isEqualTo(1);
        assertThat(ExitCodes.of(report(false, new Outcome.Failed("permission denied")), false)).isEqualTo(1);
    }

    @Test
    void anInternalFailureOnAHostIsSeventyAndOutranksEveryHostOutcomeButAnInterrupt() {
        Outcome bug = new Outcome.InternalFailure("internal error: stack overflow");
        assertThat(ExitCodes.of(report(false, OK, bug), false)).isEqualTo(ExitCodes.INTERNAL);
        assertThat(ExitCodes.of(report(false, FAILED, DOWN, SLOW, bug), false)).isEqualTo(ExitCodes.INTERNAL);
        assertThat(ExitCodes.of(report(false, FAILED, bug), true)).isEqualTo(ExitCodes.INTERNAL);
        assertThat(ExitCodes.of(report(true, bug), false)).isEqualTo(ExitCodes.INTERRUPTED);
    }

    @Test
    void unreachableOutranksAFailedCommand() {
        assertThat(ExitCodes.of(report(false, FAILED, DOWN, OK), false)).isEqualTo(3);
    }

    @Test
    void timedOutOutranksUnreachable() {
        assertThat(ExitCodes.of(report(false, DOWN, SLOW, FAILED), false)).isEqualTo(4);
    }

    @Test
    void aRunStoppedByItsFailurePolicyIsFiveOutrankingTimedOutButNotAnInterrupt() {
        HostResult skipped = HostResult.skipped(Host.of("s", "127.0.0.1", 22, "u"), Instant.EPOCH, "a host failed");
        HostResult slow = new HostResult(Host.of("h", "127.0.0.1", 22, "u"), SLOW, Instant.EPOCH, null, Duration.ZERO);
        assertThat(ExitCodes.of(new RunReport(java.util.List.of(slow, skipped), Instant.EPOCH, Duration.ZERO, false,
                true), false)).isEqualTo(ExitCodes.STOPPED).isEqualTo(5);
        assertThat(ExitCodes.of(new RunReport(java.util.List.of(slow, skipped), Instant.EPOCH, Duration.ZERO, true,
                false), false)).isEqualTo(130);
        assertThat(ExitCodes.of(new RunReport(java.util.List.of(slow, skipped), Instant.EPOCH, Duration.ZERO, false,
                true), true)).isEqualTo(255);
    }

    @Test
    void anInterruptedRunIs130WhateverElseHappened() {
        assertThat(ExitCodes.of(report(true, SLOW, new Outcome.Cancelled()), false)).isEqualTo(130);
    }

    @Test
    void maxrcIsTheLargestRemoteExitCode() {
        assertThat(ExitCodes.of(report(false, OK, FAILED, new Outcome.Exited(3)), true)).isEqualTo(7);
        assertThat(ExitCodes.of(report(false, OK), true)).isZero();
    }

    @Test
    void maxrcIs255WhenAHostDidNotFinish() {
        assertThat(ExitCodes.of(report(false, OK, DOWN), true)).isEqualTo(255);
    }
}
