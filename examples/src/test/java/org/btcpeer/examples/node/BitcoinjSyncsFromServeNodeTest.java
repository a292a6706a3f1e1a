package org.btcpeer.examples.node;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.bitcoinj.base.BitcoinNetwork;
import org.bitcoinj.base.ScriptType;
import org.bitcoinj.core.BlockChain;
import org.bitcoinj.core.NetworkParameters;
import org.bitcoinj.core.PeerGroup;
import org.bitcoinj.core.listeners.DownloadProgressTracker;
import org.bitcoinj.store.MemoryBlockStore;
import org.bitcoinj.wallet.DeterministicSeed;
import org.bitcoinj.wallet.Wallet;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.chain.MemoryChain;
import org.btcpeer.examples.chain.RegtestChainGenerator;
import org.btcpeer.peer.PeerRuntime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * bitcoinj 0.17.1, as a light wallet would use it (a {@link PeerGroup} with a {@link Wallet} and a
 * {@link BlockChain} on a {@link MemoryBlockStore}), syncs a 2,500-block regtest chain from
 * {@link ServeNode} over loopback. bitcoinj downloads with getblocks: 500 invs at a time, and only
 * Core's continuation (an inv of our tip after the getdata for the 500th block) makes it ask again.
 */
@Timeout(120)
class BitcoinjSyncsFromServeNodeTest {

    @Test
    void aBitcoinjWalletSyncsThe2500BlockChainThroughGetblocksContinuation() throws Exception {
        MemoryChain chain = RegtestChainGenerator.withSeed(1).generate(2_500);
        List<String> events = new CopyOnWriteArrayList<>();
        try (ServeNode node = ServeNode.start(chain, "127.0.0.1", 0, TransportOption.V1, PeerRuntime.create(), events::add,
                ServeNode.SERVICES_WITH_BLOOM)) {
            BitcoinNetwork network = BitcoinNetwork.REGTEST;
            // keys born before block 1 (2023-11-14): bitcoinj fetches every block (filtered), not headers only
            Wallet wallet = Wallet.fromSeed(network, DeterministicSeed.ofEntropy(new byte[16], "",
                    Instant.parse("2020-01-01T00:00:00Z")), ScriptType.P2WPKH);
            BlockChain blockChain = new BlockChain(network, wallet,
                    new MemoryBlockStore(NetworkParameters.of(network).getGenesisBlock()));
            PeerGroup group = new PeerGroup(network, blockChain);
            group.setUseLocalhostPeerWhenPossible(false); // never a stray bitcoind on 18444
            group.setMaxConnections(0); // connectTo raises it to 1: that one peer is then the download peer
            group.addWallet(wallet);
            try {
                group.start();
                DownloadProgressTracker progress = new DownloadProgressTracker();
                group.startBlockChainDownload(progress);
                group.connectTo(node.address());
                try {
                    progress.getFuture().get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    throw new AssertionError("bitcoinj at height " + blockChain.getBestChainHeight() + "; the node saw:\n"
                            + String.join("\n", events), e);
                }

                assertEquals(2_500, blockChain.getBestChainHeight());
                assertEquals(chain.tip().hash().toString(), blockChain.getChainHead().getHeader().getHash().toString());
                assertEquals(2_500, wallet.getLastBlockSeenHeight());
                int merkleBlocks = events.stream().filter(l -> l.contains("getdata -> "))
                        .mapToInt(l -> Integer.parseInt(l.replaceAll(".* (\\d+) merkleblocks.*", "$1"))).sum();
                assertEquals(2_500, merkleBlocks, "the wallet's filter loaded: every block as a merkleblock (BIP-37)");
                long continued = events.stream().filter(l -> l.contains("getblocks") && l.contains("continues at")).count();
                assertTrue(continued >= 4, "2,500 blocks need 5 getblocks, 4 of them continued: " + continued + "\n"
                        + String.join("\n", events.stream().filter(l -> l.contains("getblocks")).toList()));
            } finally {
                group.stop();
            }
        }
    }
}
