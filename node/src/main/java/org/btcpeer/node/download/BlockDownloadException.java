package org.btcpeer.node.download;

/** Why a download ended before its last block was consumed. */
public final class BlockDownloadException extends Exception {

    /** The kinds of early end. */
    public enum Reason {
        /** {@link BlockDownloader#close()} was called. */
        STOPPED,
        /** The consumer threw; the cause is its exception. */
        CONSUMER_FAILED,
        /** The header chain does not reach a height to download. */
        NO_HEADER
    }

    private final Reason reason;

    /**
     * An early end.
     *
     * @param reason  the kind
     * @param message what happened
     * @param cause   the consumer's exception, or null
     */
    public BlockDownloadException(Reason reason, String message, Throwable cause) {
        super(reason + ": " + message, cause);
        this.reason = reason;
    }

    /** The kind of early end. */
    public Reason reason() {
        return reason;
    }
}
