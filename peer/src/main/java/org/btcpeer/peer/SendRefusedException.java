package org.btcpeer.peer;

/**
 * Fails a send immediately because the message would break a rule the remote enforces (Core would
 * disconnect us for it). Nothing was queued; the message names the command and the rule.
 */
public final class SendRefusedException extends Exception {

    private final String command;
    private final String rule;

    /**
     * Creates the exception.
     *
     * @param command the message that was refused
     * @param rule    the rule it would break
     */
    public SendRefusedException(String command, String rule) {
        super(command + " refused: " + rule, null, false, false);
        this.command = command;
        this.rule = rule;
    }

    /** The refused message's command. */
    public String command() {
        return command;
    }

    /** The rule the message would break. */
    public String rule() {
        return rule;
    }
}
