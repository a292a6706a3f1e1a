package org.btcpeer.examples.cli;

/**
 * What a successful command reports: the human text and the same facts as one JSON object.
 *
 * @param human the text printed without {@code --json}
 * @param json  the object printed with {@code --json}, or null if already printed
 */
public record Outcome(String human, Json json) {

    /** For commands that printed their report themselves (serve, listen): nothing more is printed. */
    public static final Outcome PRINTED = new Outcome("", null);
}
