package org.btcpeer.wire.message;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.WireException;
import org.btcpeer.wire.WireReader;
import org.btcpeer.wire.WireWriter;

/**
 * addrv2 (BIP-155): address gossip for every network (IPv4, IPv6, Tor v3, I2P, CJDNS).
 *
 * <pre>[CompactSize count][count × (4 time, CompactSize services, 1 net id, CompactSize len, len address, 2 port BE)]</pre>
 *
 * <p>As in Core, entries of unknown networks, Tor v2, and IPv6 addresses embedding another network
 * are read and dropped without failing the message; a known network with the wrong address length,
 * or an address over 512 bytes, fails it. A decoded message may therefore hold fewer entries than
 * its count said.
 *
 * @param addresses at most {@link #MAX_ENTRIES} entries
 */
public record AddrV2Message(List<AddressRecord> addresses) implements KnownMessage {

    /** Core's {@code MAX_ADDR_TO_SEND}. */
    public static final int MAX_ENTRIES = 1000;

    /** The largest encoded entry: time, 9-byte services, id, 3-byte length, 512 bytes, port. */
    static final int MAX_ENTRY_SIZE = 4 + 9 + 1 + 3 + NetworkId.MAX_ADDRV2_SIZE + 2;

    /**
     * Copies and checks the entries.
     *
     * @param addresses at most 1,000 entries, none of network Tor v2
     */
    public AddrV2Message {
        addresses = List.copyOf(addresses);
        if (addresses.size() > MAX_ENTRIES) {
            throw new IllegalArgumentException("addrv2 holds at most " + MAX_ENTRIES + " entries, got " + addresses.size());
        }
    }

    /**
     * Decodes the payload.
     *
     * @param r the reader at the payload's start
     * @return the message
     * @throws WireException if malformed or over the cap
     */
    public static AddrV2Message decode(WireReader r) throws WireException {
        int n = r.readCount("count", MAX_ENTRIES, AddressRecord.MIN_V2_SIZE);
        List<AddressRecord> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long time = r.readUInt32Le("time");
            // Services are a CompactSize here, 64-bit, without Core's MAX_SIZE range check.
            ServiceFlags services = ServiceFlags.of(r.readCompactSizeUnbounded("services"));
            Optional<NetAddress> address = NetAddress.readV2(r);
            if (address.isPresent()) {
                out.add(new AddressRecord(time, services, address.get()));
            }
        }
        return new AddrV2Message(out);
    }

    @Override
    public Command command() {
        return Command.ADDRV2;
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeCompactSize(addresses.size());
        for (AddressRecord a : addresses) {
            w.writeUInt32Le(a.time()).writeCompactSize(a.services().bits());
            a.address().writeV2(w);
        }
    }

}
