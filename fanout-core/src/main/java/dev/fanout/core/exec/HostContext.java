package dev.fanout.core.exec;

import dev.fanout.core.inventory.Host;

/**
 * What a {@link Job} sees of the run while it works on one host: the host, and where to send its output.
 * Used by the host's own thread and by the threads it starts.
 */
public interface HostContext {

    Host host();

    /** Delivers a piece of the host's output to the run's listeners; may block to push back. */
    void output(OutputLines lines);

    /** Tells the run's listeners that a transfer moved {@code bytes} more bytes. */
    void transferred(long bytes);
}
