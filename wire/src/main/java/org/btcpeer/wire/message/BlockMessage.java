package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * block: a full block, with witness data when it has any (BIP-144).
 *
 * <pre>[80 header][CompactSize count][count × tx]</pre>
 *
 * @param block the payload
 */
public record BlockMessage(Block block) implements KnownMessage {

    /**
     * Requires the payload.
     *
     * @param block the payload
     */
    public BlockMessage {
        Objects.requireNonNull(block, "block");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static BlockMessage decode(WireReader r) throws WireException {
        return new BlockMessage(Block.decode(r));
    }

    @Override
    public Command command() {
        return Command.BLOCK;
    }

    @Override
    public int encodedSizeHint() {
        return block.serializedSize();
    }

    @Override
    public void encodePayload(WireWriter w) {
        block.encode(w);
    }
}
