package dev.fanout.core.render;

import dev.fanout.core.exec.Job;
import dev.fanout.core.exec.OutputLines;
import dev.fanout.core.exec.RunListener;
import dev.fanout.core.inventory.Host;
import dev.fanout.core.record.HostFiles;
import dev.fanout.core.result.HostResult;
import dev.fanout.core.result.RunReport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The {@code --outdir DIR} view, as pssh's {@code -o}/{@code -e}: each host's stdout in {@code DIR/<host>.out} and
 * its stderr in {@code DIR/<host>.err}, raw bytes as they arrive, the host name made safe for a file name
 * ({@link dev.fanout.core.text.SafeNames}; clashing names get a {@code ~2} suffix). Files are opened at a host's
 * first output and closed when it finishes, so thousands of hosts never hold thousands of files open. Every host
 * that started gets both files, empty if it wrote nothing, so files left by an earlier run in the same directory
 * are replaced (hosts the run never started keep whatever was there). A write error does not stop the run: check
 * {@link #problem()} at the end. Thread-safe.
 */
public final class OutputDirectoryWriter implements RunListener, AutoCloseable {
    private final Path directory;
    private final HostFiles files;

    /**
     * Writes into {@code directory}, creating it (and its parents) if needed.
     *
     * @throws IOException if the directory cannot be created
     */
    public OutputDirectoryWriter(Path directory) throws IOException {
        this.directory = Files.createDirectories(directory);
        this.files = new HostFiles(directory, ".out", ".err");
    }

    /** The directory written to. */
    public Path directory() {
        return directory;
    }

    /** The file that holds {@code host}'s output on {@code stream}. */
    public Path file(String host, OutputLines.StdStream stream) {
        return files.path(host, stream);
    }

    /** The first write error, as one line naming the file, if any happened. */
    public Optional<String> problem() {
        return files.problem();
    }

    /** Fixes the file names in selection order, so that clashing names get their suffixes the same way each run. */
    @Override
    public void runStarted(List<Host> hosts, Job job) {
        hosts.forEach(h -> files.fileName(h.name()));
    }

    @Override
    public void output(Host host, OutputLines lines) {
        files.write(host.name(), lines.stream(), lines.bytes());
    }

    @Override
    public void hostFinished(HostResult result) {
        files.finish(result.host().name(), true);
    }

    @Override
    public void runFinished(RunReport report) {
        files.close();
    }

    /** Closes any file still open (a run that ended abnormally). Idempotent. */
    @Override
    public void close() {
        files.close();
    }
}
