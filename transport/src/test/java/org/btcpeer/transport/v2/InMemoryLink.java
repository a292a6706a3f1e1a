package org.btcpeer.transport.v2;

import java.nio.ByteBuffer;
import java.util.Arrays;

import org.btcpeer.transport.TransportException;
import org.btcpeer.wire.ByteString;

/**
 * Two handshakes wired to each other in memory: whatever one side outputs is delivered to the
 * other in chunks of a chosen size, optionally with one bit flipped per direction.
 */
final class InMemoryLink {

    /** One direction: bytes produced by one side and not yet consumed by the other. */
    static final class Direction {
        private byte[] data = new byte[0];
        private int pos;
        private long produced;
        private long flipOffset = -1;
        private int flipMask;

        /** Flips {@code mask} in the byte at absolute stream offset {@code offset} when it is produced. */
        Direction flip(long offset, int mask) {
            this.flipOffset = offset;
            this.flipMask = mask;
            return this;
        }

        /** Appends bytes as they leave the sender, tampered if a flip falls in them. */
        void append(ByteString bytes) {
            if (bytes.isEmpty()) {
                return;
            }
            byte[] chunk = bytes.toByteArray();
            if (flipOffset >= produced && flipOffset < produced + chunk.length) {
                chunk[(int) (flipOffset - produced)] ^= (byte) flipMask;
            }
            produced += chunk.length;
            byte[] grown = Arrays.copyOf(data, data.length + chunk.length);
            System.arraycopy(chunk, 0, grown, data.length, chunk.length);
            data = grown;
        }

        /** Delivers up to {@code chunk} bytes; returns whether any were consumed. */
        boolean deliver(V2Handshake to, int chunk) throws TransportException {
            if (pos == data.length) {
                return false;
            }
            ByteBuffer in = ByteBuffer.wrap(data, pos, Math.min(chunk, data.length - pos));
            to.receive(in);
            int consumed = in.position() - pos;
            pos += consumed;
            return consumed > 0;
        }

        long produced() {
            return produced;
        }

        /** The bytes not consumed by the receiver. */
        byte[] rest() {
            return Arrays.copyOfRange(data, pos, data.length);
        }
    }

    final V2Handshake initiator;
    final V2Handshake responder;
    final Direction up;   // initiator -> responder
    final Direction down; // responder -> initiator

    InMemoryLink(V2Handshake initiator, V2Handshake responder) {
        this.initiator = initiator;
        this.responder = responder;
        this.up = new Direction();
        this.down = new Direction();
    }

    /** Moves bytes until neither side makes progress (both complete, or both waiting). */
    void run(int chunk) throws TransportException {
        boolean progress;
        do {
            up.append(initiator.takeOutput());
            down.append(responder.takeOutput());
            progress = up.deliver(responder, chunk);
            progress |= down.deliver(initiator, chunk);
        } while (progress || initiator.hasOutput() || responder.hasOutput());
    }
}
