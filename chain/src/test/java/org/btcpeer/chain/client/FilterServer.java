package org.btcpeer.chain.client;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import org.btcpeer.chain.filter.FilterIndex;
import org.btcpeer.chain.filter.FilterReply;
import org.btcpeer.chain.filter.FilterRequests;
import org.btcpeer.peer.ManualClock;
import org.btcpeer.peer.NonceRegistry;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.PipeConnections;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.message.BlockMessage;
import org.btcpeer.wire.message.GetCFCheckptMessage;
import org.btcpeer.wire.message.GetCFHeadersMessage;
import org.btcpeer.wire.message.GetCFiltersMessage;
import org.btcpeer.wire.message.GetDataMessage;
import org.btcpeer.wire.message.KnownMessage;
import org.btcpeer.wire.message.Message;
import org.btcpeer.wire.message.NotFoundMessage;

/**
 * A BIP-157 serving peer on an in-memory pipe: a real {@link Peer} (inbound side) answering
 * getcf* from a {@link FilterIndex} with {@link FilterRequests} and getdata from its blocks, each
 * answer passed through a tamper function (to make it lie) or dropped when {@link #silent}. The
 * client side is an outbound {@link Peer} on the test's runtime (manual clock).
 */
final class FilterServer implements AutoCloseable {

    static final ServiceFlags SERVICES = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
            | ServiceFlags.NODE_COMPACT_FILTERS);

    final Peer client;
    final Peer server;
    final List<Message> requests = new CopyOnWriteArrayList<>();
    volatile boolean silent;
    private final FilterRequests filters;
    private final Map<Hash256, Block> blocks = new HashMap<>();
    private final UnaryOperator<KnownMessage> tamper;

    /**
     * Connects a client peer to a new server and completes the handshake.
     *
     * @param clientRuntime the client's runtime (its clock drives the request timeouts)
     * @param index         what the server serves
     * @param chain         the blocks it serves
     * @param services      what it advertises
     * @param tamper        applied to each filter answer before it is sent
     */
    FilterServer(PeerRuntime clientRuntime, FilterIndex index, List<Block> chain, ServiceFlags services,
                 UnaryOperator<KnownMessage> tamper) throws Exception {
        this.filters = new FilterRequests(index);
        this.tamper = tamper;
        chain.forEach(b -> blocks.put(b.hash(), b));
        PipeConnections pipes = new PipeConnections(NetworkParameters.REGTEST, 1 << 24);
        ManualClock serverClock = new ManualClock();
        PeerRuntime serverRuntime = new PeerRuntime(serverClock, serverClock, new SecureRandom(), new NonceRegistry(50));
        PeerListeners listeners = PeerListeners.builder()
                .on(GetCFCheckptMessage.class, (p, m) -> reply(m, filters.answer(m)))
                .on(GetCFHeadersMessage.class, (p, m) -> reply(m, filters.answer(m)))
                .on(GetCFiltersMessage.class, (p, m) -> reply(m, filters.answer(m)))
                .on(GetDataMessage.class, (p, m) -> getData(m))
                .build();
        server = Peer.inbound(pipes.b, PeerConfig.builder().network(NetworkParameters.REGTEST).services(services)
                .listeners(listeners).build(), serverRuntime);
        client = Peer.outbound(pipes.a, PeerConfig.builder().network(NetworkParameters.REGTEST).build(), clientRuntime);
        client.handshake().get(5, TimeUnit.SECONDS);
    }

    /** An honest server. */
    static FilterServer honest(PeerRuntime runtime, FilterIndex index, List<Block> chain) throws Exception {
        return new FilterServer(runtime, index, chain, SERVICES, UnaryOperator.identity());
    }

    private void reply(Message request, FilterReply reply) {
        requests.add(request);
        if (silent) {
            return;
        }
        switch (reply) {
            case FilterReply.Send s -> s.messages().forEach(m -> server.send(tamper.apply(m)));
            case FilterReply.Disconnect d -> server.disconnect(d.reason());
        }
    }

    private void getData(GetDataMessage m) {
        requests.add(m);
        if (silent) {
            return;
        }
        List<InventoryVector> missing = new ArrayList<>();
        for (InventoryVector item : m.items()) {
            Block b = blocks.get(item.hash());
            if (b != null && item.isBlock()) {
                server.send(new BlockMessage(b));
            } else {
                missing.add(item);
            }
        }
        if (!missing.isEmpty()) {
            server.send(new NotFoundMessage(missing));
        }
    }

    /** How many requests of a type the server received. */
    long received(Class<? extends Message> type) {
        return requests.stream().filter(type::isInstance).count();
    }

    @Override
    public void close() {
        client.disconnect("test over");
        server.disconnect("test over");
    }
}
