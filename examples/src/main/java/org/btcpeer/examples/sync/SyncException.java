package org.btcpeer.examples.sync;

/** A client operation failed: verification, a missing answer or a lost peer. The message is one line for the user. */
public final class SyncException extends Exception {

    /**
     * Creates the exception.
     *
     * @param message what failed, one line
     */
    public SyncException(String message) {
        super(message);
    }

    /**
     * Creates the exception with a cause.
     *
     * @param message what failed, one line
     * @param cause   the underlying error
     */
    public SyncException(String message, Throwable cause) {
        super(message, cause);
    }
}
