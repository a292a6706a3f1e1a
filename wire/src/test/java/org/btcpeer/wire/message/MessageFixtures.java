package org.btcpeer.wire.message;

import java.util.List;
import java.util.Optional;

import org.btcpeer.wire.AddressRecord;
import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.Hash256;
import org.btcpeer.wire.InventoryVector;
import org.btcpeer.wire.NetAddress;
import org.btcpeer.wire.NetworkId;
import org.btcpeer.wire.ServiceFlags;
import org.btcpeer.wire.chain.Block;
import org.btcpeer.wire.chain.BlockHeader;
import org.btcpeer.wire.chain.BlockTransactions;
import org.btcpeer.wire.chain.BlockTransactionsRequest;
import org.btcpeer.wire.chain.HeaderAndShortIds;
import org.btcpeer.wire.chain.OutPoint;
import org.btcpeer.wire.chain.PartialMerkleTree;
import org.btcpeer.wire.chain.PrefilledTransaction;
import org.btcpeer.wire.chain.ShortIds;
import org.btcpeer.wire.chain.Transaction;
import org.btcpeer.wire.chain.TxIndexes;
import org.btcpeer.wire.chain.TxInput;
import org.btcpeer.wire.chain.TxOutput;

import static org.btcpeer.wire.Fixtures.hashOf;
import static org.btcpeer.wire.Fixtures.hex;

/**
 * One table of (message value, exact payload hex) per message type. The hex is written from the
 * protocol specification and the Bitcoin developer reference examples, field by field, not
 * produced by our encoder.
 */
public final class MessageFixtures {

    /** A fixture: the value, its exact payload, and the payload lengths at which a shorter prefix is still valid. */
    public record Fixture(String name, KnownMessage message, ByteString payload, List<Integer> validPrefixLengths) {
        Fixture(String name, KnownMessage message, String annotatedHex) {
            this(name, message, hex(annotatedHex), List.of());
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static final Hash256 GENESIS = Hash256.fromHex("000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f");
    static final String GENESIS_WIRE = "6fe28c0ab6f1b372c1a6a246ae63f74f931e8365e15a089c68d6190000000000";

    /** The mainnet genesis block header, field by field: version 1, zero prev, merkle root, time, bits, nonce. */
    static final String GENESIS_HEADER_HEX = "01000000" + "00".repeat(32)
            + "3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a" + "29ab5f49" + "ffff001d" + "1dac2b7c";
    /** The genesis coinbase scriptSig: push 0x1d00ffff, push 4, push "The Times 03/Jan/2009 ...". */
    static final String GENESIS_SCRIPT_SIG = "04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73";
    /** The genesis coinbase output script: push Satoshi's 65-byte public key, OP_CHECKSIG. */
    static final String GENESIS_SCRIPT_PUBKEY = "4104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac";
    /** The genesis coinbase transaction, field by field. */
    static final String GENESIS_TX_HEX = "01000000" + "01" + "00".repeat(32) + "ffffffff" + "4d" + GENESIS_SCRIPT_SIG + "ffffffff"
            + "01" + "00f2052a01000000" + "43" + GENESIS_SCRIPT_PUBKEY + "00000000";

    static BlockHeader genesisHeader() {
        return new BlockHeader(1, Hash256.ZERO,
                Hash256.fromHex("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b"),
                1231006505L, 0x1d00ffffL, 2083236893L);
    }

    static Transaction genesisCoinbase() {
        return new Transaction(1, List.of(new TxInput(OutPoint.NULL, hex(GENESIS_SCRIPT_SIG), 0xffffffffL)),
                List.of(new TxOutput(5_000_000_000L, hex(GENESIS_SCRIPT_PUBKEY))), 0);
    }

    private MessageFixtures() {
    }

    static NetAddress ipv4(int a, int b, int c, int d, int port) {
        return new NetAddress(NetworkId.IPV4, ByteString.wrap(new byte[]{(byte) a, (byte) b, (byte) c, (byte) d}), port);
    }

    /** Every fixture, one or more per known command. */
    public static List<Fixture> all() {
        // Developer reference "version" example (protocol 70002, Satoshi 0.9.3).
        VersionMessage version = new VersionMessage(70002, ServiceFlags.of(1), 1415483324L,
                ServiceFlags.of(1), ipv4(198, 27, 100, 9, 8333),
                ServiceFlags.of(1), ipv4(203, 0, 113, 192, 8333),
                0xf85379c9cb358012L, "/Satoshi:0.9.3/", 329167, true);
        String versionHex = "72110100 | 0100000000000000 | bc8f5e5400000000"
                + "| 0100000000000000 | 00000000000000000000ffffc61b6409 | 208d"
                + "| 0100000000000000 | 00000000000000000000ffffcb0071c0 | 208d"
                + "| 128035cbc97953f8 | 0f 2f5361746f7368693a302e392e332f | cf050500 | 01";
        // Prefixes that end exactly where Core stops reading optional fields are valid versions.
        List<Integer> versionValidPrefixes = List.of(46, 80, 96, 100);

        Hash256 txid = Hash256.fromHex("2128225423fb75959317a086af7b94725900315acafbe73b0951abfc154739ff");

        return List.of(
                new Fixture("version", version, hex(versionHex), versionValidPrefixes),
                new Fixture("verack", VerackMessage.INSTANCE, ""),
                new Fixture("getaddr", GetAddrMessage.INSTANCE, ""),
                new Fixture("mempool", MempoolMessage.INSTANCE, ""),
                new Fixture("sendheaders", SendHeadersMessage.INSTANCE, ""),
                new Fixture("filterclear", FilterClearMessage.INSTANCE, ""),
                new Fixture("sendaddrv2", SendAddrV2Message.INSTANCE, ""),
                new Fixture("wtxidrelay", WtxidRelayMessage.INSTANCE, ""),
                // Developer reference "addr" example: one IPv4 entry, time 1292899810.
                new Fixture("addr", new AddrMessage(List.of(new AddressRecord(1292899810L, ServiceFlags.of(1),
                        ipv4(10, 0, 0, 1, 8333)))),
                        "01 | e215104d | 0100000000000000 | 00000000000000000000ffff0a000001 | 208d"),
                new Fixture("addrv2", new AddrV2Message(List.of(
                        new AddressRecord(0x5f5e1000L, ServiceFlags.of(ServiceFlags.NODE_NETWORK | ServiceFlags.NODE_WITNESS),
                                ipv4(1, 2, 3, 4, 8333)),
                        new AddressRecord(0x5f5e1001L, ServiceFlags.of(1L << 33),
                                new NetAddress(NetworkId.IPV6, hex("20010db8000000000000000000000001"), 18333)),
                        new AddressRecord(0x5f5e1002L, ServiceFlags.NONE,
                                new NetAddress(NetworkId.TORV3, hex("53cd5648488c4707914182655b7664034e09e66f7e8cbf1084e654eb56c5bd88"), 8333)),
                        new AddressRecord(0x5f5e1003L, ServiceFlags.of(ServiceFlags.NODE_P2P_V2),
                                new NetAddress(NetworkId.I2P, hex("a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87"), 0)),
                        new AddressRecord(0x5f5e1004L, ServiceFlags.NONE,
                                new NetAddress(NetworkId.CJDNS, hex("fc000001000200030004000500060007"), 8333)))),
                        "05"
                                + "| 00105e5f | 09 | 01 04 01020304 | 208d"
                                + "| 01105e5f | ff0000000002000000 | 02 10 20010db8000000000000000000000001 | 479d"
                                + "| 02105e5f | 00 | 04 20 53cd5648488c4707914182655b7664034e09e66f7e8cbf1084e654eb56c5bd88 | 208d"
                                + "| 03105e5f | fd0008 | 05 20 a2894dabaec08c0051a481a6dac88b64f98232ae42d4b6fd2fa81952dfe36a87 | 0000"
                                + "| 04105e5f | 00 | 06 10 fc000001000200030004000500060007 | 208d"),
                new Fixture("inv", new InvMessage(List.of(InventoryVector.tx(txid), InventoryVector.block(GENESIS))),
                        "02 | 01000000 " + txid.toInternalHex() + " | 02000000 " + GENESIS_WIRE),
                new Fixture("getdata", new GetDataMessage(List.of(new InventoryVector(InventoryVector.MSG_WITNESS_BLOCK, GENESIS))),
                        "01 | 02000040 " + GENESIS_WIRE),
                new Fixture("notfound", new NotFoundMessage(List.of(InventoryVector.wtx(hashOf(0xab)))),
                        "01 | 05000000 " + "ab".repeat(32)),
                new Fixture("getblocks", new GetBlocksMessage(70016, List.of(hashOf(0x11), GENESIS), Hash256.ZERO),
                        "80110100 | 02 | " + "11".repeat(32) + GENESIS_WIRE + "|" + "00".repeat(32)),
                new Fixture("getheaders", new GetHeadersMessage(70015, List.of(GENESIS), hashOf(0x22)),
                        "7f110100 | 01 | " + GENESIS_WIRE + "|" + "22".repeat(32)),
                // Developer reference "ping" nonce.
                new Fixture("ping", new PingMessage(0x4dafe21121109400L), "0094102111e2af4d"),
                new Fixture("pong", new PongMessage(-1L), "ffffffffffffffff"),
                // Developer reference "reject" example: a duplicate tx.
                new Fixture("reject", new RejectMessage("tx", RejectMessage.DUPLICATE, "bad-txns-inputs-spent",
                        Optional.of(Hash256.fromInternalHex("394715fcab51093be7bfca5a31005972947baf86a31017939575fb2354222821"))),
                        hex("02 7478 | 12 | 15 6261642d74786e732d696e707574732d7370656e74"
                                + "| 394715fcab51093be7bfca5a31005972947baf86a31017939575fb2354222821"),
                        // the hash is optional: without it the message is complete, and a partial
                        // hash (27 to 57 bytes) is trailing bytes, ignored as any extension
                        java.util.stream.IntStream.rangeClosed(26, 57).boxed().toList()),
                // Developer reference "feefilter" example: 48,508 sat/kvB.
                new Fixture("feefilter", new FeeFilterMessage(48508), "7cbd000000000000"),
                new Fixture("sendcmpct", new SendCmpctMessage(false, 2), "00 | 0200000000000000"),
                // Developer reference "filterload" example.
                new Fixture("filterload", new FilterLoadMessage(hex("b50f"), 11, 0, 0), "02 b50f | 0b000000 | 00000000 | 00"),
                new Fixture("filteradd", new FilterAddMessage(hex("fdacf9b3eb077412e7a968d2e4f11b9a9dee312d666187ed77ee7d26af16cb0b")),
                        "20 | fdacf9b3eb077412e7a968d2e4f11b9a9dee312d666187ed77ee7d26af16cb0b"),
                new Fixture("getcfilters", new GetCFiltersMessage(0, 1000, GENESIS), "00 | e8030000 | " + GENESIS_WIRE),
                new Fixture("cfilter", new CFilterMessage(0, GENESIS, hex("019dfca8")), "00 | " + GENESIS_WIRE + "| 04 019dfca8"),
                new Fixture("getcfheaders", new GetCFHeadersMessage(0, 0xfffffffeL, hashOf(0x33)),
                        "00 | feffffff | " + "33".repeat(32)),
                new Fixture("cfheaders", new CFHeadersMessage(0, hashOf(0x44), Hash256.ZERO, List.of(hashOf(0x55), hashOf(0x66))),
                        "00 | " + "44".repeat(32) + "|" + "00".repeat(32) + "| 02 " + "55".repeat(32) + "66".repeat(32)),
                new Fixture("getcfcheckpt", new GetCFCheckptMessage(0, hashOf(0x77)), "00 | " + "77".repeat(32)),
                new Fixture("cfcheckpt", new CFCheckptMessage(0, hashOf(0x77), List.of(hashOf(0x88))),
                        "00 | " + "77".repeat(32) + "| 01 " + "88".repeat(32)),
                new Fixture("sendtxrcncl", new SendTxRcnclMessage(1, 0x0102030405060708L), "01000000 | 0807060504030201"),
                new Fixture("headers", new HeadersMessage(List.of(genesisHeader(), genesisHeader())),
                        "02 |" + GENESIS_HEADER_HEX + "00 |" + GENESIS_HEADER_HEX + "00"),
                new Fixture("tx", new TxMessage(genesisCoinbase()), GENESIS_TX_HEX),
                new Fixture("block", new BlockMessage(new Block(genesisHeader(), List.of(genesisCoinbase()))),
                        GENESIS_HEADER_HEX + "| 01 |" + GENESIS_TX_HEX),
                // BIP-152: header, nonce, 2 short ids (6 bytes LE each), 1 prefilled tx at index 0.
                new Fixture("cmpctblock", new CmpctBlockMessage(new HeaderAndShortIds(genesisHeader(), 0x0102030405060708L,
                        ShortIds.of(0x0000a1a2a3a4a5a6L, 0x0000ffeeddccbbaaL),
                        List.of(new PrefilledTransaction(0, genesisCoinbase())))),
                        GENESIS_HEADER_HEX + "| 0807060504030201 | 02 a6a5a4a3a2a1 aabbccddeeff | 01 00 " + GENESIS_TX_HEX),
                // Absolute indexes 1, 3, 4 are sent as differences 1, 1, 0 (BIP-152).
                new Fixture("getblocktxn", new GetBlockTxnMessage(new BlockTransactionsRequest(GENESIS, TxIndexes.of(1, 3, 4))),
                        GENESIS_WIRE + "| 03 | 01 01 00"),
                new Fixture("blocktxn", new BlockTxnMessage(new BlockTransactions(GENESIS, List.of(genesisCoinbase()))),
                        GENESIS_WIRE + "| 01 |" + GENESIS_TX_HEX),
                // BIP-37: a one-transaction block: total 1, the coinbase txid, one flag byte 0x01.
                new Fixture("merkleblock", new MerkleBlockMessage(genesisHeader(), new PartialMerkleTree(1,
                        List.of(Hash256.fromHex("4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b")), hex("01"))),
                        GENESIS_HEADER_HEX + "| 01000000 | 01 3ba3edfd7a7b12b27ac72c3e67768f617fc81bc3888a51323a9fb8aa4b1e5e4a | 01 01")
        );
    }
}
