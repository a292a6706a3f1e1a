package org.btcpeer.wire.message;

import java.util.List;
import java.util.Objects;

import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * getheaders: asks for up to 2,000 headers following the first locator hash the peer knows, up to the stop hash (zero for as many as allowed).
 *
 * <pre>[4 version][CompactSize count][count × 32 locator hash][32 stop hash]</pre>
 *
 * @param version  the sender's protocol version (Core sends PROTOCOL_VERSION and ignores the field)
 * @param locator  block hashes from the sender's tip back towards genesis, at most {@link #MAX_LOCATOR}
 * @param stopHash the last hash wanted, or {@link Hash256#ZERO}
 */
public record GetHeadersMessage(int version, List<Hash256> locator, Hash256 stopHash) implements KnownMessage {

    /** Core's {@code MAX_LOCATOR_SZ}. */
    public static final int MAX_LOCATOR = BlockLocatorCodec.MAX_LOCATOR;

    /**
     * Copies and checks the locator.
     *
     * @param version  protocol version
     * @param locator  at most 101 hashes
     * @param stopHash stop hash
     */
    public GetHeadersMessage {
        locator = BlockLocatorCodec.checked(locator);
        Objects.requireNonNull(stopHash, "stopHash");
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or the locator is over the cap
     */
    public static GetHeadersMessage decode(WireReader r) throws WireException {
        BlockLocatorCodec.Fields f = BlockLocatorCodec.read(r);
        return new GetHeadersMessage(f.version(), f.locator(), f.stopHash());
    }

    @Override
    public Command command() {
        return Command.GETHEADERS;
    }

    @Override
    public void encodePayload(WireWriter w) {
        BlockLocatorCodec.write(w, version, locator, stopHash);
    }
}
