package org.btcpeer.transport.v2;

/**
 * A BIP-324 cryptographic failure that the peer can cause: a packet that does not authenticate under
 * the expected key, nonce and associated data (BIP-324 "Overall packet encryption and decryption":
 * the receiver must disconnect). Nothing of a failed packet is delivered.
 */
public class V2CryptoException extends Exception {

    /**
     * Creates the exception.
     *
     * @param message what failed, for logs
     */
    public V2CryptoException(String message) {
        super(message);
    }

    /**
     * Creates the exception with its underlying cause.
     *
     * @param message what failed, for logs
     * @param cause the JCA exception that reported it
     */
    public V2CryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
