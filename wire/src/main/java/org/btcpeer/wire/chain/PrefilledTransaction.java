package org.btcpeer.wire.chain;

import java.util.Objects;

/**
 * A transaction sent in full inside a compact block (BIP-152 {@code PrefilledTransaction}), with
 * its <em>absolute</em> position in the block. On the wire the position is differentially
 * encoded; {@link HeaderAndShortIds} converts.
 *
 * @param index       the transaction's position in the block, 0 to 65535
 * @param transaction the transaction, with its witness
 */
public record PrefilledTransaction(int index, Transaction transaction) {

    /**
     * Checks the fields.
     *
     * @param index       the position, 0 to 65535 (Core stores it as {@code uint16_t})
     * @param transaction the transaction
     */
    public PrefilledTransaction {
        Objects.requireNonNull(transaction, "transaction");
        if (index < 0 || index > Limits.MAX_BLOCK_TX_INDEX) {
            throw new IllegalArgumentException("prefilled index must be 0..65535: " + index);
        }
    }
}
