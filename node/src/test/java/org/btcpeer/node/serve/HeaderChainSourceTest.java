package org.btcpeer.node.serve;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.node.TestChain;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@link HeaderChainSource} over a validated regtest {@link HeaderChain} with a fork, answering getheaders. */
class HeaderChainSourceTest {

    @Test
    void servesTheBestChainOnlyAndBlocksFromTheStore() throws Exception {
        TestChain main = TestChain.regtest(12);
        List<Block> fork = TestChain.extend(main.hash(5), 6, 3, 7); // a shorter branch from height 5
        HeaderChain headers = HeaderChain.builder(ConsensusParams.REGTEST).build();
        for (int h = 1; h <= 12; h++) {
            headers.add(main.at(h).header());
        }
        for (Block b : fork) {
            headers.add(b.header());
        }
        Map<Hash256, ByteString> store = java.util.stream.IntStream.rangeClosed(0, 12).mapToObj(main::at)
                .collect(Collectors.toMap(Block::hash, Block::serialization));
        HeaderChainSource source = new HeaderChainSource(headers, h -> Optional.ofNullable(store.get(h)));

        assertEquals(12, source.height());
        assertEquals(OptionalInt.of(7), source.height(main.hash(7)));
        assertEquals(OptionalInt.empty(), source.height(fork.get(1).hash()), "a fork's header is not on the best chain");
        assertEquals(Optional.of(main.at(3).header()), source.header(3));
        assertEquals(Optional.empty(), source.header(13));
        assertEquals(Optional.of(main.at(9).serialization()), source.block(main.hash(9)));

        List<BlockHeader> answer = Locators.headers(source, List.of(fork.get(2).hash(), fork.get(0).hash(), main.hash(5)),
                Hash256.ZERO);
        assertEquals(main.hash(6), answer.getFirst().hash(), "a locator on the fork meets the best chain at 5");
        assertEquals(7, answer.size());
    }
}
