package dev.fanout.cli;

import dev.fanout.core.copy.CopyOptions;
import dev.fanout.core.copy.GetJob;
import dev.fanout.core.copy.LocalTree;
import dev.fanout.core.copy.PutJob;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/** Builds the copy jobs from command-line values, turning local problems into one-line errors before any host. */
final class CopyCommands {
    private CopyCommands() {
    }

    static PutJob put(List<Path> sources, String remote, CopyOptions options) throws UserException {
        return put(scan(sources), remote, options);
    }

    /** The put of {@code local} (see {@link #scan}) to {@code remote}; {@code local} is closed with the job. */
    static PutJob put(LocalTree local, String remote, CopyOptions options) throws UserException {
        if (remote.isBlank()) {
            local.close();
            throw new UserException("the remote path is empty");
        }
        try {
            return new PutJob(local, remote, options);
        } catch (IllegalArgumentException e) {
            local.close();
            throw new UserException(e.getMessage());
        }
    }

    /** Reads the local sources of a put once, for every host that receives them. */
    static LocalTree scan(List<Path> sources) throws UserException {
        try {
            return LocalTree.scan(sources);
        } catch (NoSuchFileException e) {
            throw new UserException(e.getFile() + ": no such file or directory");
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException("cannot read " + e.getMessage());
        }
    }

    static GetJob get(String remote, Path localDirectory, CopyOptions options) throws UserException {
        return get(remote, localDirectory, options, false);
    }

    /**
     * The get of {@code remote} into {@code localDirectory}: one directory per host below it, or, when
     * {@code ownDirectory}, the directory itself (one host's own, from a LOCALDIR with templates).
     */
    static GetJob get(String remote, Path localDirectory, CopyOptions options, boolean ownDirectory)
            throws UserException {
        if (remote.isBlank()) {
            throw new UserException("the remote path is empty");
        }
        if (Files.exists(localDirectory) && !Files.isDirectory(localDirectory)) {
            throw new UserException(localDirectory + ": not a directory (get writes "
                    + (ownDirectory ? "into it)" : "LOCALDIR/<host>/...)"));
        }
        try {
            Files.createDirectories(localDirectory);
        } catch (IOException e) {
            throw new UserException(localDirectory + ": cannot create the directory: " + e.getMessage());
        }
        try {
            return ownDirectory ? GetJob.intoOwnDirectory(remote, localDirectory, options)
                    : new GetJob(remote, localDirectory, options);
        } catch (IllegalArgumentException e) {
            throw new UserException(e.getMessage());
        }
    }
}
