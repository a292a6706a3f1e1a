package org.btcpeer.chain.headers;

import java.io.IOException;
import java.nio.file.Path;

/** A header file is corrupt, of another network, or holds a header that does not validate. */
public final class HeaderFileException extends IOException {

    private static final long serialVersionUID = 1L;

    private final transient Path path;
    private final long offset;

    /**
     * Creates the error.
     *
     * @param path   the file
     * @param offset the byte offset of the bad part
     * @param detail what is wrong
     */
    public HeaderFileException(Path path, long offset, String detail) {
        super(path + " at byte " + offset + ": " + detail);
        this.path = path;
        this.offset = offset;
    }

    /** The file. */
    public Path path() {
        return path;
    }

    /** The byte offset of the bad part. */
    public long offset() {
        return offset;
    }
}
