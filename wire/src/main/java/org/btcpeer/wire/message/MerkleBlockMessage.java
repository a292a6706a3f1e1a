package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.PartialMerkleTree;

/**
 * merkleblock (BIP-37): a block header and the partial merkle tree proving which of its
 * transactions matched the connection's bloom filter (the matches follow as tx messages).
 *
 * <pre>[80 header][4 total txs][CompactSize n][n × 32 hash][CompactSize len][len flag bytes]</pre>
 *
 * @param header the block header
 * @param tree   the partial merkle tree
 */
public record MerkleBlockMessage(BlockHeader header, PartialMerkleTree tree) implements KnownMessage {

    /**
     * Requires both parts.
     *
     * @param header header
     * @param tree   tree
     */
    public MerkleBlockMessage {
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(tree, "tree");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed
     */
    public static MerkleBlockMessage decode(WireReader r) throws WireException {
        BlockHeader header = BlockHeader.decode(r);
        return new MerkleBlockMessage(header, PartialMerkleTree.decode(r));
    }

    @Override
    public Command command() {
        return Command.MERKLEBLOCK;
    }

    @Override
    public void encodePayload(WireWriter w) {
        header.encode(w);
        tree.encode(w);
    }
}
