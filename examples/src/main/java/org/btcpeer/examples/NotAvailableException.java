package org.btcpeer.examples;

import java.io.IOException;

/** A connection feature that this build does not have yet (v2 transport, SOCKS5 proxy); the message is one line for the user. */
public final class NotAvailableException extends IOException {

    /**
     * Creates the exception.
     *
     * @param message what is missing, one line
     */
    public NotAvailableException(String message) {
        super(message);
    }
}
