package org.btcpeer.examples.cli;

/** A command failed for a reason the user can act on; the message is the one line printed. */
public final class CommandFailure extends Exception {

    /**
     * Creates the failure.
     *
     * @param message the reason, one line
     */
    public CommandFailure(String message) {
        super(message);
    }
}
