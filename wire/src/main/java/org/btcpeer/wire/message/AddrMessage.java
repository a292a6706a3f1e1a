package org.btcpeer.wire.message;

import java.util.List;

import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.CompactSize;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * addr: legacy address gossip, IPv4 and IPv6 only (see {@link AddrV2Message} for other networks).
 *
 * <pre>[CompactSize count][count × (4 time, 8 services, 16 address, 2 port BE)]</pre>
 *
 * @param addresses at most {@link #MAX_ENTRIES} IPv4/IPv6 entries
 */
public record AddrMessage(List<AddressRecord> addresses) implements KnownMessage {

    /** Core's {@code MAX_ADDR_TO_SEND}: more entries is misbehaviour. */
    public static final int MAX_ENTRIES = 1000;

    /**
     * Copies and checks the entries.
     *
     * @param addresses at most 1,000 legacy-encodable entries
     */
    public AddrMessage {
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("addr holds at most " + MAX_ENTRIES + " entries, got " + addresses.size());
        }
        for (AddressRecord a : addresses) {
            if (!a.address().network().isLegacyEncodable()) {
                throw new IllegalArgumentException("addr carries only IPv4/IPv6; use addrv2 for " + a.address());
            }
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static AddrMessage decode(WireReader r) throws WireException {
        int n = r.readCount("count", MAX_ENTRIES, AddressRecord.LEGACY_SIZE);
        AddressRecord[] out = new AddressRecord[n];
        for (int i = 0; i < n; i++) {
            long time = r.readUInt32Le("time");
            ServiceFlags services = ServiceFlags.of(r.readInt64Le("services"));
            out[i] = new AddressRecord(time, services, NetAddress.readLegacy(r));
        }
        return new AddrMessage(List.of(out));
    }

    @Override
    public Command command() {
        return Command.ADDR;
    }

    @Override
    public int encodedSizeHint() {
        return CompactSize.encodedSize(addresses.size()) + addresses.size() * AddressRecord.LEGACY_SIZE;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeCompactSize(addresses.size());
        for (AddressRecord a : addresses) {
            w.writeUInt32Le(a.time()).writeInt64Le(a.services().bits());
            a.address().writeLegacy(w);
        }
    }
}
