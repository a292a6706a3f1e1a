package org.btcpeer.interop;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Transaction;

/** Chain operations on a Core node by RPC: mining to {@code OP_TRUE}, reading coinbases, submitting. */
final class CoreChain {

    private CoreChain() {
    }

    /**
     * A spendable output: a mined coinbase's {@code OP_TRUE} output.
     *
     * @param txid  the coinbase txid
     * @param index the output index
     * @param value its value in satoshis
     */
    record Coin(Hash256 txid, int index, long value) {
    }

    /**
     * Mines blocks to {@code OP_TRUE} ({@code generatetodescriptor N raw(51)}).
     *
     * @param node  the node
     * @param count how many
     * @return their hashes
     */
    static List<Hash256> mine(CoreNode node, int count) {
        List<Hash256> hashes = new ArrayList<>();
        for (JsonNode h : node.rpc("generatetodescriptor", count, AnyoneCanSpend.MINING_DESCRIPTOR)) {
            hashes.add(Hash256.fromHex(h.asText()));
        }
        return hashes;
    }

    /**
     * The coinbase output of the block at a height (mature once 100 blocks are on top).
     *
     * @param node   the node
     * @param height the height
     * @return the coin
     */
    static Coin coinbase(CoreNode node, int height) {
        String hash = node.rpc("getblockhash", height).asText();
        JsonNode tx = node.rpc("getblock", hash, 2).path("tx").get(0);
        long sats = Math.round(tx.path("vout").get(0).path("value").asDouble() * 100_000_000d);
        return new Coin(Hash256.fromHex(tx.path("txid").asText()), 0, sats);
    }

    /**
     * Submits a transaction with {@code sendrawtransaction} (Core's error surfaces as
     * {@link CoreRpcException}).
     *
     * @param node the node
     * @param tx   the transaction
     * @return the txid Core reports
     */
    static Hash256 submit(CoreNode node, Transaction tx) {
        return Hash256.fromHex(node.rpc("sendrawtransaction", tx.serialization().hex()).asText());
    }
}
