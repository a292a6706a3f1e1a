package org.btcpeer.examples.node;

import java.util.List;

import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.node.serve.WitnessStripping;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.Witness;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

class WithoutWitnessTest {

    @Test
    void msgBlockGetsTheStrippedBlockAndTheSameTxids() {
        MemoryChain chain = RegtestChainGenerator.withSeed(1).generate(2);
        Block plain = chain.block(1);
        assertSame(plain, WitnessStripping.withoutWitness(plain), "nothing to strip");
        Transaction spend = RegtestChainGenerator.spendCoinbase(plain, 1000);
        Transaction witnessed = new Transaction(spend.version(),
                List.of(spend.inputs().get(0).withWitness(Witness.of(ByteString.fromHex("01")))), spend.outputs(), 0);
        Block b = new Block(plain.header(), List.of(plain.transactions().get(0), witnessed));
        Block stripped = WitnessStripping.withoutWitness(b);
        assertFalse(stripped.transactions().get(1).hasWitness());
        assertEquals(witnessed.txid(), stripped.transactions().get(1).txid());
        assertEquals(b.strippedSize(), stripped.serializedSize());
    }
}
