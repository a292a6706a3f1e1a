package org.btcpeer.examples.cli;

/** A command failed for a reason the user can act on; the message is the one line printed. */
public final class CommandFailure extends Exception {

    private final boolean badInput;

    /**
     * Creates the failure (exit status 1).
     *
     * @param message the reason, one line
     */
    public CommandFailure(String message) {
        this(message, false);
    }

    private CommandFailure(String message, boolean badInput) {
        super(message);
        this.badInput = badInput;
    }

    /**
     * A malformed argument found only when the command runs (a positional address, say): a usage
     * error, exit status 2, like the ones picocli finds.
     *
     * @param message the reason, one line
     * @return the failure
     */
    public static CommandFailure badInput(String message) {
        return new CommandFailure(message, true);
    }

    /** Whether it is a usage error (exit status 2). */
    public boolean isBadInput() {
        return badInput;
    }
}
