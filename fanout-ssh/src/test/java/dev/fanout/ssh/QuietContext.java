package dev.fanout.ssh;

import dev.fanout.core.exec.HostContext;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.inventory.Host;

/** A host context for running a job directly in a test: it drops output and transfer counts. Immutable. */
record QuietContext(Host host) implements HostContext {
    @Override
    public void output(OutputLines lines) {
    }

    @Override
    public void transferred(long bytes) {
    }
}
