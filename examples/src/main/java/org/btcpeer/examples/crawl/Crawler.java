package org.btcpeer.examples.crawl;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

import org.btcpeer.examples.Connections;
import org.btcpeer.examples.HostPort;
import org.btcpeer.examples.TransportOption;
import org.btcpeer.examples.sync.ClientSession;
import org.btcpeer.peer.Peer;
import org.btcpeer.peer.PeerConfig;
import org.btcpeer.peer.PeerDisconnectedException;
import org.btcpeer.peer.PeerListeners;
import org.btcpeer.peer.PeerRuntime;
import org.btcpeer.peer.RequiredServices;
import org.btcpeer.transport.TransportConnection;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.dial.Dialer;
import org.btcpeer.transport.dial.DirectDialer;
import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkParameters;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.GetAddrMessage;

/**
 * Walks the network breadth-first: connects to each address (at most {@code concurrency} at once),
 * completes the handshake, asks getaddr, records the version and services, and queues the addresses
 * of the answer one hop deeper. Every address is visited at most once; the walk stops at
 * {@code maxPeers} visits or {@code maxDepth} hops. Tor and I2P addresses are followed only through
 * a proxy.
 */
public final class Crawler {

    /** How long to keep collecting addr messages after the first one arrived (an answer may come in parts). */
    static final Duration ADDR_GRACE = Duration.ofMillis(300);

    private final NetworkParameters network;
    private final TransportOption transport;
    private final Dialer dialer;
    private final Duration timeout;
    private final int concurrency;
    private final int maxPeers;
    private final int maxDepth;
    private final PeerRuntime runtime;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Item> queue = new ArrayDeque<>();
    private final Set<HostPort> seen = new HashSet<>();
    private int inFlight;
    private int started;
    private int finished;

    private record Item(HostPort address, int depth) {
    }

    /**
     * A crawler.
     *
     * @param network     the network
     * @param transport   the transport choice
     * @param dialer      direct or through a proxy
     * @param timeout     the limit for connecting, the handshake and the getaddr answer, per peer
     * @param concurrency connections at once, at least 1
     * @param maxPeers    addresses visited at most
     * @param maxDepth    hops from the seeds at most (0 visits the seeds only)
     * @param runtime     the peer runtime
     */
    public Crawler(NetworkParameters network, TransportOption transport, Dialer dialer, Duration timeout, int concurrency,
                   int maxPeers, int maxDepth, PeerRuntime runtime) {
        if (concurrency < 1 || maxPeers < 1 || maxDepth < 0) {
            throw new IllegalArgumentException("concurrency and max peers must be positive, max depth not negative");
        }
        this.network = Objects.requireNonNull(network, "network");
        this.transport = Objects.requireNonNull(transport, "transport");
        this.dialer = Objects.requireNonNull(dialer, "dialer");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.concurrency = concurrency;
        this.maxPeers = maxPeers;
        this.maxDepth = maxDepth;
        this.runtime = Objects.requireNonNull(runtime, "runtime");
    }

    /**
     * Crawls from {@code seeds}.
     *
     * @param seeds    where to start (depth 0)
     * @param results  receives each visit's result as it finishes, one at a time
     * @param progress receives (visited, known) after each visit
     * @return every result, in the order they finished
     * @throws InterruptedException if interrupted (visits in flight are abandoned)
     */
    public List<CrawlResult> crawl(List<HostPort> seeds, Consumer<CrawlResult> results, ProgressListener progress)
            throws InterruptedException {
        List<CrawlResult> all = new CopyOnWriteArrayList<>();
        lock.lock();
        try {
            for (HostPort s : seeds) {
                if (seen.add(s)) {
                    queue.add(new Item(s, 0));
                }
            }
            while (true) {
                while (!queue.isEmpty() && inFlight < concurrency && started < maxPeers) {
                    Item item = queue.poll();
                    inFlight++;
                    started++;
                    Thread.ofVirtual().name("crawl-" + item.address()).start(() -> {
                        CrawlResult r = visit(item);
                        lock.lock();
                        try {
                            all.add(r);
                            results.accept(r);
                            if (item.depth() < maxDepth) {
                                for (HostPort h : r.learned()) {
                                    if (seen.add(h)) {
                                        queue.add(new Item(h, item.depth() + 1));
                                    }
                                }
                            }
                            inFlight--;
                            finished++;
                            progress.update(finished, Math.min(maxPeers, seen.size()));
                            changed.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    });
                }
                if (inFlight == 0 && (queue.isEmpty() || started >= maxPeers)) {
                    return List.copyOf(all);
                }
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Receives progress: visits finished and addresses known (capped at the visit limit). */
    @FunctionalInterface
    public interface ProgressListener {
        /**
         * Called after each visit.
         *
         * @param visited visits finished
         * @param known   addresses known so far, at most the visit limit
         */
        void update(long visited, long known);
    }

    private CrawlResult visit(Item item) {
        HostPort to = item.address();
        CompletableFuture<List<AddressRecord>> answer = new CompletableFuture<>();
        List<AddressRecord> collected = new CopyOnWriteArrayList<>();
        Consumer<List<AddressRecord>> onAddr = list -> {
            collected.addAll(list);
            answer.complete(null);
        };
        PeerConfig config = PeerConfig.builder()
                .network(network)
                .userAgent(ClientSession.USER_AGENT)
                .transportPolicy(transport.policy())
                .handshakeTimeout(timeout)
                .relay(false)
                .requiredServices(RequiredServices.NONE) // a crawler talks to every node, whatever it offers
                .listeners(PeerListeners.builder()
                        .on(AddrMessage.class, (p, m) -> onAddr.accept(m.addresses()))
                        .on(AddrV2Message.class, (p, m) -> onAddr.accept(m.addresses()))
                        .build())
                .build();
        Peer peer = null;
        try {
            TransportConnection c = Connections.dial(to, network, transport, dialer, timeout);
            peer = Peer.outbound(c, config, runtime);
            peer.handshake().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            peer.send(GetAddrMessage.INSTANCE);
            try {
                answer.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
                Thread.sleep(ADDR_GRACE);
            } catch (TimeoutException e) {
                // no answer: the node is reachable, it just knows nobody (or ignores us)
            }
            return new CrawlResult(to, item.depth(), peer.remoteVersion(),
                    Optional.of(peer.connection().version().toString()), usable(collected), Optional.empty());
        } catch (ExecutionException e) {
            String why = e.getCause() instanceof PeerDisconnectedException pd ? "handshake failed: " + pd.disconnect()
                    : String.valueOf(e.getCause());
            return failed(item, why);
        } catch (TimeoutException e) {
            return failed(item, "no handshake within " + timeout.toSeconds() + " s");
        } catch (IOException | TransportException e) {
            return failed(item, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return failed(item, "interrupted");
        } finally {
            if (peer != null) {
                peer.disconnect("crawl visit done");
            }
        }
    }

    private static CrawlResult failed(Item item, String why) {
        return new CrawlResult(item.address(), item.depth(), Optional.empty(), Optional.empty(), List.of(), Optional.of(why));
    }

    /** The learned addresses this crawler can dial: Tor and I2P only through a proxy. */
    private List<HostPort> usable(List<AddressRecord> records) {
        List<HostPort> out = new ArrayList<>();
        for (AddressRecord r : records) {
            NetAddress a = r.address();
            if (a.port() == 0 || (dialer instanceof DirectDialer && a.toInetSocketAddress().isEmpty())) {
                continue;
            }
            out.add(new HostPort(a.host(), a.port()));
        }
        return out;
    }
}
