package dev.fanout.cli;

import dev.fanout.core.record.RecordNotFoundException;
import dev.fanout.core.record.RecordedRun;
import dev.fanout.core.record.RunRecords;

import java.io.IOException;
import java.nio.file.Path;

/** Where this user's run records are, and loading one by id, prefix or "the latest", as one-line errors. */
final class Records {
    private Records() {
    }

    static Path stateDirectory(CliEnvironment env) {
        return RunRecords.defaultStateDirectory(env.env(), env.home());
    }

    static RunRecords of(CliEnvironment env) {
        return new RunRecords(stateDirectory(env));
    }

    /** The run {@code id} (or unique prefix), or the latest when {@code id} is null or empty. */
    static RecordedRun load(CliEnvironment env, String id) throws UserException {
        RunRecords records = of(env);
        try {
            return id == null || id.isEmpty() ? records.latest() : records.load(id);
        } catch (RecordNotFoundException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException("cannot read the run records in " + stateDirectory(env) + ": " + e.getMessage());
        }
    }
}
