package org.btcpeer.peer;

/**
 * Fails a send immediately when the peer's send queue already holds its byte limit (the peer reads
 * slower than we write). Nothing was queued; the caller may retry later or drop the message.
 */
public final class SendQueueFullException extends Exception {

    /**
     * Creates the exception.
     *
     * @param command     the message that was refused
     * @param queuedBytes bytes waiting in the queue
     * @param limit       the queue's byte limit
     */
    public SendQueueFullException(String command, long queuedBytes, long limit) {
        super("send queue full: " + command + " refused, " + queuedBytes + " bytes queued, limit " + limit,
                null, false, false);
    }
}
