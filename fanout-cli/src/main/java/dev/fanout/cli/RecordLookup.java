package dev.fanout.cli;

import dev.fanout.core.record.RecordNotFoundException;
import dev.fanout.core.record.StoredRun;
import dev.fanout.core.record.RecordStore;

import java.io.IOException;
import java.nio.file.Path;

/** Where this user's run records are, and loading one by id, prefix or "the latest", as one-line errors. */
final class RecordLookup {
    private RecordLookup() {
    }

    static Path stateDirectory(CliEnvironment env) {
        return RecordStore.defaultStateDirectory(env.env(), env.home());
    }

    static RecordStore of(CliEnvironment env) {
        return new RecordStore(stateDirectory(env));
    }

    /** The run {@code id} (or unique prefix), or the latest when {@code id} is null or empty. */
    static StoredRun load(CliEnvironment env, String id) throws UserException {
        RecordStore records = of(env);
        try {
            return id == null || id.isEmpty() ? records.latest() : records.load(id);
        } catch (RecordNotFoundException e) {
            throw new UserException(e.getMessage());
        } catch (IOException e) {
            throw new UserException("cannot read the run records in " + stateDirectory(env) + ": " + e.getMessage());
        }
    }
}
