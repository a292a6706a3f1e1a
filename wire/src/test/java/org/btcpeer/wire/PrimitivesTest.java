package org.btcpeer.wire;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.btcpeer.wire.Fixtures.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PrimitivesTest {

    @Test
    void byteStringViewsCompareByContent() {
        byte[] big = {1, 2, 3, 4, 5};
        ByteString view = ByteString.wrap(big, 1, 3);
        assertEquals(ByteString.fromHex("020304"), view);
        assertEquals(ByteString.fromHex("020304").hashCode(), view.hashCode());
        assertEquals("020304", view.hex());
        assertEquals(ByteString.fromHex("0304"), view.slice(1, 3));
        assertArrayEquals(new byte[]{2, 3, 4}, view.compact().toByteArray());
        assertNotEquals(ByteString.fromHex("0203"), view);
        assertSame(ByteString.EMPTY, view.slice(2, 2));
        assertTrue(ByteString.fromHex("01").compareTo(ByteString.fromHex("ff")) < 0, "unsigned order");
    }

    @Test
    void doubleSha256IsTheViewsOwnAndComputedOnce() {
        byte[] big = {1, 2, 3, 4, 5};
        ByteString view = ByteString.wrap(big, 1, 3);
        Hash256 first = view.doubleSha256();
        // SHA256d(020304), hashed independently of ByteString
        assertEquals(Hash256.doubleSha256(new byte[]{2, 3, 4}, 0, 3), first);
        assertSame(first, view.doubleSha256(), "remembered, not hashed again");
        assertEquals(Hash256.doubleSha256(new byte[]{1, 2, 3, 4, 5}, 0, 5), ByteString.wrap(big).doubleSha256(),
                "another byte string over the same array has its own digest");
        assertEquals(Hash256.doubleSha256(new byte[0], 0, 0), ByteString.EMPTY.doubleSha256());
    }

    @Test
    void readInPlaceSeesExactlyTheViewsRange() {
        byte[] big = {1, 2, 3, 4, 5};
        ByteString view = ByteString.wrap(big, 1, 3);
        int seen = view.readInPlace((array, offset, length) -> {
            assertSame(big, array, "no copy");
            assertEquals(1, offset);
            assertEquals(3, length);
            return array[offset + length - 1];
        });
        assertEquals(4, seen);
    }

    @Test
    void copyOfDetachesFromTheSource() {
        byte[] src = {9, 9};
        ByteString copy = ByteString.copyOf(src);
        src[0] = 0;
        assertEquals("0909", copy.hex());
    }

    @Test
    void hashDisplayOrderIsReversed() {
        // The genesis block hash as Core prints it, and the same bytes as they appear on the wire.
        Hash256 h = Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
        assertEquals("6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000", h.toInternalHex());
        assertEquals("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f", h.toString());
        assertEquals(h, Hash256.fromInternalHex(h.toInternalHex()));
    }

    @Test
    void doubleSha256OfKnownInput() {
        // SHA256d("hello") from any reference implementation.
        Hash256 h = Hash256.doubleSha256(ByteString.ofAscii("hello"));
        assertEquals("9595c9df90075148eb06860365df33584b75bff782a510c6cd4883a419833d50", h.toInternalHex());
    }

    @Test
    void readerNamesFieldAndOffsetInErrors() {
        WireReader r = WireReader.of(hex("0100000002"), "ping");
        WireException e = assertThrows(WireException.class, () -> {
            r.readInt32Le("a");
            r.readInt64Le("nonce");
        });
        assertEquals("ping", e.command());
        assertEquals("nonce", e.field());
        assertEquals(4, e.offset());
        assertEquals(WireException.Rule.TRUNCATED, e.rule());
        assertEquals("ping: field 'nonce' at byte 4: truncated (needs 8 bytes, 1 left)", e.getMessage());
    }

    @Test
    void integerEndiannessIsExact() throws WireException {
        WireWriter w = new WireWriter();
        w.writeUInt16Le(0x1234).writeUInt16Be(0x1234).writeInt32Le(0x01020304).writeUInt32Le(0xfffffffeL)
                .writeInt64Le(0x0102030405060708L);
        assertEquals("3412" + "1234" + "04030201" + "feffffff" + "0807060504030201", w.toByteString().hex());
        WireReader r = WireReader.of(hex("3412 1234 04030201 feffffff 0807060504030201"), "t");
        assertEquals(0x1234, r.readUInt16Le("a"));
        assertEquals(0x1234, r.readUInt16Be("b"));
        assertEquals(0x01020304, r.readInt32Le("c"));
        assertEquals(0xfffffffeL, r.readUInt32Le("d"));
        assertEquals(0x0102030405060708L, r.readInt64Le("e"));
        r.expectEnd();
    }

    @Test
    void trailingBytesAreNamed() {
        WireReader r = WireReader.of(hex("00ff"), "verack");
        WireException e = assertThrows(WireException.class, () -> {
            r.readUInt8("x");
            r.expectEnd();
        });
        assertEquals(WireException.Rule.TRAILING_BYTES, e.rule());
        assertEquals(1, e.offset());
    }

    @Test
    void serviceFlagsNameKnownAndUnknownBits() {
        ServiceFlags f = ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS
                | ServiceFlags.NODE_NETWORK_LIMITED | ServiceFlags.NODE_P2P_V2 | (1L << 24));
        assertEquals(List.of("NETWORK", "WITNESS", "NETWORK_LIMITED", "P2P_V2", "UNKNOWN[24]"), f.names());
        assertEquals(0x1000c09L, f.bits());
        assertTrue(f.has(ServiceFlags.NODE_WITNESS | ServiceFlags.NODE_NETWORK));
        assertEquals(ServiceFlags.NONE, f.without(f.bits()));
    }

    @Test
    void legacyIpv4AddressesAreMappedAndBackExactly() throws WireException {
        ByteString wire = hex("00000000000000000000ffff 0a000001 | 208d");
        NetAddress a = NetAddress.readLegacy(WireReader.of(wire, "addr"));
        assertEquals(NetworkId.IPV4, a.network());
        assertEquals("10.0.0.1:8333", a.toString());
        WireWriter w = new WireWriter();
        a.writeLegacy(w);
        assertEquals(wire, w.toByteString());
        assertEquals(a, NetAddress.of(new InetSocketAddress("10.0.0.1", 8333)));
    }

    @Test
    void routabilityFollowsCore() {
        assertTrue(NetAddress.of(new InetSocketAddress("8.8.8.8", 8333)).isRoutable());
        assertTrue(!NetAddress.of(new InetSocketAddress("127.0.0.1", 8333)).isRoutable());
        assertTrue(!NetAddress.of(new InetSocketAddress("10.1.2.3", 8333)).isRoutable());
        assertTrue(!NetAddress.of(new InetSocketAddress("192.168.0.1", 8333)).isRoutable());
        assertTrue(!NetAddress.of(new InetSocketAddress("fd00::1", 8333)).isRoutable());
        assertTrue(!NetAddress.UNSPECIFIED.isRoutable());
        assertTrue(new NetAddress(NetworkId.TORV3, ByteString.wrap(new byte[32]), 8333).isRoutable());
    }

    @Test
    void ipv6AddressesPrintInBrackets() throws WireException {
        NetAddress a = NetAddress.readLegacy(WireReader.of(hex("20010db8000000000000000000000001 | 479d"), "addr"));
        assertEquals(NetworkId.IPV6, a.network());
        assertEquals("[2001:db8:0:0:0:0:0:1]:18333", a.toString());
    }

    @Test
    void torV3NamesCarryTheirChecksum() {
        // A well-known v3 onion name: its base32 decodes to pubkey(32) || checksum(2) || version(1).
        String name = "duckduckgogg42xjoc72x3sjasowoarfbgcmvfimaftt6twagswzczad";
        byte[] decoded = base32Decode(name);
        NetAddress a = new NetAddress(NetworkId.TORV3, ByteString.copyOf(decoded, 0, 32), 8333);
        assertEquals(name + ".onion", a.host());
        assertEquals("onion", a.networkLabel());
    }

    private static byte[] base32Decode(String s) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz234567";
        byte[] out = new byte[s.length() * 5 / 8];
        int buffer = 0;
        int bits = 0;
        int n = 0;
        for (char c : s.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out[n++] = (byte) (buffer >> (bits - 8));
                bits -= 8;
            }
        }
        return out;
    }

    @Test
    void addrv2RejectsAKnownNetworkWithTheWrongLength() {
        // IPv4 (id 1) with 5 address bytes: Core throws, failing the whole message.
        WireException e = assertThrows(WireException.class,
                () -> NetAddress.readV2(WireReader.of(hex("01 05 0102030405 208d"), "addrv2")));
        assertEquals(WireException.Rule.BAD_VALUE, e.rule());
        assertEquals("address", e.field());
    }

    @Test
    void addrv2SkipsUnknownNetworksTorV2AndEmbeddedIpv6() throws WireException {
        assertTrue(NetAddress.readV2(WireReader.of(hex("07 03 aabbcc 208d"), "addrv2")).isEmpty(), "unknown network id 7");
        assertTrue(NetAddress.readV2(WireReader.of(hex("03 0a " + "11".repeat(10) + " 208d"), "addrv2")).isEmpty(), "TorV2");
        assertTrue(NetAddress.readV2(WireReader.of(hex("02 10 00000000000000000000ffff0a000001 208d"), "addrv2")).isEmpty(),
                "IPv4-mapped IPv6 in addrv2");
    }

    @Test
    void addrv2RejectsAddressesOver512Bytes() {
        WireException e = assertThrows(WireException.class,
                () -> NetAddress.readV2(WireReader.of(hex("07 fd0102" + "00".repeat(513) + "208d"), "addrv2")));
        assertEquals(WireException.Rule.OVER_CAP, e.rule());
    }
}
