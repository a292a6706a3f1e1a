package org.btcpeer.examples.programs;

import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.btcpeer.chain.headers.ChainHeader;
import org.btcpeer.chain.headers.ConsensusParams;
import org.btcpeer.chain.headers.HeaderChain;
import org.btcpeer.chain.sync.HeaderSync;
import org.btcpeer.chain.sync.HeaderSyncEvent;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerConnector;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.chain.Block;

/**
 * An SPV client's first program: sync the validated header chain from a set of peers with the
 * library's {@link HeaderSync}, then fetch the tip block and check it against its header.
 *
 * <pre>java ... SpvHeadersExample [HOST [PORT]]    (regtest; default 127.0.0.1 18444)</pre>
 */
public final class SpvHeadersExample {

    private SpvHeadersExample() {
    }

    /**
     * Runs the example against {@code HOST PORT} on regtest.
     *
     * @param args optional host and port
     * @throws Exception if the sync fails
     */
    public static void main(String[] args) throws Exception {
        String host = args.length > 0 ? args[0] : "127.0.0.1";
        int port = args.length > 1 ? Integer.parseInt(args[1]) : NetworkParameters.REGTEST.defaultPort();
        run(List.of(new InetSocketAddress(host, port)), NetworkParameters.REGTEST, PeerRuntime.create(), System.out);
    }

    /**
     * Syncs headers from {@code peers} and fetches the tip block.
     *
     * @param peers   nodes to sync from
     * @param network their network
     * @param runtime the peer runtime
     * @param out     where to print
     * @return the tip block, checked against the synced header
     * @throws Exception if the sync or the block fails
     */
    public static Block run(List<InetSocketAddress> peers, NetworkParameters network, PeerRuntime runtime, PrintStream out)
            throws Exception {
        HeaderChain chain = HeaderChain.builder(ConsensusParams.of(network)).build();
        try (HeaderSync sync = HeaderSync.builder(chain).time(runtime.time()).events(e -> {
            if (e instanceof HeaderSyncEvent.Progress p) {
                out.println("spv: height " + p.height() + " of ~" + p.targetHeight());
            }
        }).start()) {
            PeerConfig config = PeerConfig.builder().network(network).relay(false).listeners(sync.listeners()).build();
            List<Peer> connected = new ArrayList<>();
            for (InetSocketAddress address : peers) {
                connected.add(PeerConnector.connect(address, config, runtime));
                sync.addPeer(connected.getLast());
            }
            Peer first = connected.getFirst();
            ChainHeader tip = sync.synced().get(30, TimeUnit.SECONDS);
            out.println("spv: synced to " + tip.height() + " " + tip.hash());

            Block block = first.requests().getBlock(tip.hash()).get(30, TimeUnit.SECONDS);
            if (!block.computeMerkleRoot().root().equals(tip.header().merkleRoot())) {
                throw new IllegalStateException("block " + tip.hash() + " does not match its header");
            }
            out.println("spv: tip block has " + block.transactions().size() + " transactions, merkle root ok");
            connected.forEach(p -> p.disconnect("example done"));
            return block;
        }
    }
}
