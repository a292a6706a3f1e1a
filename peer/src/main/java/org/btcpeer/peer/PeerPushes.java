package org.btcpeer.peer;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.message.AddrMessage;
import org.btcpeer.wire.message.AddrV2Message;
import org.btcpeer.wire.message.GetBlocksMessage;
import org.btcpeer.wire.message.GetHeadersMessage;
import org.btcpeer.wire.message.HeadersMessage;
import org.btcpeer.wire.message.InvMessage;
import org.btcpeer.wire.message.RejectMessage;
import org.btcpeer.wire.chain.BlockHeader;

/**
 * The push helpers of a peer (btcd's {@code Push*Msg}): messages whose form depends on what was
 * negotiated, or which should not be sent twice.
 */
final class PeerPushes {

    /** BIP-61 reject messages exist from 70002 ({@code RejectVersion}). */
    static final int REJECT_VERSION = 70002;

    private final Peer peer;
    private final PeerRuntime runtime;
    private final LastRequest lastGetHeaders = new LastRequest();
    private final LastRequest lastGetBlocks = new LastRequest();

    PeerPushes(Peer peer, PeerRuntime runtime) {
        this.peer = peer;
        this.runtime = runtime;
    }

    void announceBlock(BlockHeader header) {
        Hash256 hash = header.hash();
        if (!peer.knownInventory.add(hash)) {
            return;
        }
        if (peer.features().peerWantsHeaders()) {
            peer.enqueue(new HeadersMessage(List.of(header)));
        } else {
            peer.enqueue(new InvMessage(List.of(InventoryVector.block(hash))));
        }
    }

    CompletableFuture<Void> addresses(List<AddressRecord> candidates) {
        boolean v2 = peer.features().addrV2();
        List<AddressRecord> fresh = new ArrayList<>();
        for (AddressRecord a : candidates) {
            if ((v2 || a.address().network().isLegacyEncodable()) && !peer.knownAddresses.contains(a.address())) {
                fresh.add(a);
            }
        }
        if (fresh.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        // A uniform random subset: a partial Fisher-Yates shuffle of the first MAX entries.
        int n = Math.min(fresh.size(), AddrMessage.MAX_ENTRIES);
        for (int i = 0; i < n; i++) {
            int j = i + (int) (runtime.uniformInt(fresh.size() - i));
            AddressRecord t = fresh.get(i);
            fresh.set(i, fresh.get(j));
            fresh.set(j, t);
        }
        List<AddressRecord> chosen = List.copyOf(fresh.subList(0, n));
        chosen.forEach(a -> peer.knownAddresses.add(a.address()));
        return peer.send(v2 ? new AddrV2Message(chosen) : new AddrMessage(chosen));
    }

    CompletableFuture<Boolean> getHeaders(List<Hash256> locator, Hash256 stop) {
        return lastGetHeaders.repeats(locator, stop)
                ? CompletableFuture.completedFuture(false)
                : peer.send(new GetHeadersMessage(peer.config().protocolVersion(), locator, stop)).thenApply(v -> true);
    }

    CompletableFuture<Boolean> getBlocks(List<Hash256> locator, Hash256 stop) {
        return lastGetBlocks.repeats(locator, stop)
                ? CompletableFuture.completedFuture(false)
                : peer.send(new GetBlocksMessage(peer.config().protocolVersion(), locator, stop)).thenApply(v -> true);
    }

    /** The previous request of one kind; a new one with the same first locator hash and stop hash repeats it. */
    private static final class LastRequest {
        private final ReentrantLock lock = new ReentrantLock();
        private Hash256 begin;
        private Hash256 stop;

        /** Records the request and says whether it repeats the previous one (then it must be skipped). */
        boolean repeats(List<Hash256> locator, Hash256 newStop) {
            Hash256 newBegin = locator.isEmpty() ? Hash256.ZERO : locator.get(0);
            lock.lock();
            try {
                if (newBegin.equals(begin) && newStop.equals(stop)) {
                    return true;
                }
                begin = newBegin;
                stop = newStop;
                return false;
            } finally {
                lock.unlock();
            }
        }
    }

    CompletableFuture<Void> reject(String command, int code, String reason, Optional<Hash256> hash) {
        int version = peer.remoteVersion().map(v -> v.version()).orElse(0);
        if (version < REJECT_VERSION) {
            return CompletableFuture.completedFuture(null);
        }
        return peer.send(new RejectMessage(command, code, reason, hash));
    }
}
