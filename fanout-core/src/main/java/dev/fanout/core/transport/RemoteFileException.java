package dev.fanout.core.transport;

import java.io.IOException;

/** A remote file operation that failed, with the reason as a kind a person can act on. */
public final class RemoteFileException extends IOException {

    /** Why a remote file operation failed. */
    public enum Kind {
        NO_SUCH_FILE("no such file"),
        PERMISSION_DENIED("permission denied"),
        NO_SPACE("no space left on device"),
        ALREADY_EXISTS("file exists"),
        NOT_A_DIRECTORY("not a directory"),
        FAILURE("failed");

        private final String text;

        Kind(String text) {
            this.text = text;
        }

        /** The kind in a few lower-case words, e.g. "permission denied". */
        public String text() {
            return text;
        }
    }

    private final Kind kind;
    private final String path;
    private final String detail;

    public RemoteFileException(Kind kind, String path, String detail) {
        super(path + ": " + kind.text() + (detail == null || detail.isBlank() ? "" : " (" + detail + ")"));
        this.kind = kind;
        this.path = path;
        this.detail = detail;
    }

    /** The same failure told of {@code otherPath}, e.g. the final name of a file written under a temporary one. */
    public RemoteFileException at(String otherPath) {
        var moved = new RemoteFileException(kind, otherPath, detail);
        moved.initCause(this);
        return moved;
    }

    public Kind kind() {
        return kind;
    }

    public String path() {
        return path;
    }
}
