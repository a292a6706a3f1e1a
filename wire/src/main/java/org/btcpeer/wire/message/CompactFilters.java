package org.btcpeer.wire.message;

/**
 * Constants of BIP-157/158 compact block filters shared by the six filter messages.
 */
public final class CompactFilters {

    /** BIP-158 filter type 0: the basic filter. */
    public static final int BASIC = 0;

    /** Core's {@code MAX_GETCFILTERS_SIZE}: a getcfilters range may cover at most 1,000 blocks. */
    public static final int MAX_GETCFILTERS_SIZE = 1000;

    /** Core's {@code MAX_GETCFHEADERS_SIZE}: a getcfheaders range may cover at most 2,000 blocks. */
    public static final int MAX_GETCFHEADERS_SIZE = 2000;

    /** BIP-157: one checkpoint per 1,000 blocks in cfcheckpt. */
    public static final int CHECKPOINT_INTERVAL = 1000;

    private CompactFilters() {
    }
}
