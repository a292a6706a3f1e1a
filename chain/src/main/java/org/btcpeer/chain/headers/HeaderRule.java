package org.btcpeer.chain.headers;

/**
 * The rule a rejected header broke, with Core's reject reason where Core has one
 * ({@code CheckBlockHeader}, {@code ContextualCheckBlockHeader}, {@code AcceptBlockHeader}).
 */
public enum HeaderRule {
    /** The hash does not meet the target, or the target is invalid or above the limit ({@code high-hash}). */
    PROOF_OF_WORK("high-hash"),
    /** The bits differ from {@code GetNextWorkRequired} ({@code bad-diffbits}). */
    DIFFICULTY_BITS("bad-diffbits"),
    /** The time is not after the median of the previous 11 ({@code time-too-old}). */
    TIME_TOO_OLD("time-too-old"),
    /** The time is more than two hours ahead of our clock ({@code time-too-new}). */
    TIME_TOO_NEW("time-too-new"),
    /** BIP-94: a retarget block more than 600 s before its parent ({@code time-timewarp-attack}). */
    TIME_WARP("time-timewarp-attack"),
    /** The version is below the one BIP-34/66/65 requires at this height ({@code bad-version}). */
    VERSION_TOO_OLD("bad-version"),
    /** The header's parent is not in the chain ({@code prev-blk-not-found}). */
    UNKNOWN_PARENT("prev-blk-not-found"),
    /** The header's parent was rejected earlier ({@code bad-prevblk}). */
    INVALID_PARENT("bad-prevblk"),
    /** The header is at or below a checkpoint and not on it. */
    CHECKPOINT_MISMATCH("checkpoint-mismatch");

    private final String coreReason;

    HeaderRule(String coreReason) {
        this.coreReason = coreReason;
    }

    /** Core's reject reason string for this rule (ours where Core has none). */
    public String coreReason() {
        return coreReason;
    }
}
