package dev.fanout.core.transport;

import java.io.OutputStream;

/**
 * A command running on a remote host whose standard input the caller writes while it runs, e.g. to answer a prompt
 * it has seen on the command's output. Thread-safe as {@link RemoteProcess}; its {@link #stdin()} is written by one
 * thread at a time.
 */
public interface InteractiveProcess extends RemoteProcess {

    /**
     * The command's standard input: each write is sent as the remote window allows, {@code flush()} sends what is
     * buffered, and {@code close()} is end-of-file. Writing after the command ended or closed its input throws an
     * {@link java.io.IOException}.
     */
    OutputStream stdin();
}
