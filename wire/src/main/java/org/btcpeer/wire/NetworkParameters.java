package org.btcpeer.wire;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * What distinguishes one Bitcoin network from another on the P2P layer: the 4-byte message
 * start ("magic"), the default port, the genesis block and the DNS seeds (from Core's
 * {@code kernel/chainparams.cpp}). Signet is the library's default network.
 *
 * @param name        the short name Core uses ({@code main}, {@code test}, {@code testnet4}, {@code signet}, {@code regtest})
 * @param magic       the message start bytes, as sent first in every v1 header and used in the BIP-324 HKDF salt
 * @param defaultPort the default P2P port
 * @param genesisHash the genesis block hash
 * @param genesisBlock the serialized genesis block (header followed by its one coinbase transaction)
 * @param powLimitBits the easiest allowed target in compact form ({@code powLimit})
 * @param dnsSeeds    DNS seed host names (empty for regtest)
 */
public record NetworkParameters(String name, ByteString magic, int defaultPort, Hash256 genesisHash,
                                ByteString genesisBlock, long powLimitBits, List<String> dnsSeeds) {

    /** The coinbase of the mainnet genesis block, shared by testnet3, signet and regtest. */
    private static final String SATOSHI_COINBASE = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff4d04ffff001d0104455468652054696d65732030332f4a616e2f32303039204368616e63656c6c6f72206f6e206272696e6b206f66207365636f6e64206261696c6f757420666f722062616e6b73ffffffff0100f2052a01000000434104678afdb0fe5548271967f1a67130b7105cd6a828e03909a67962e0ea1f61deb649f6bc3f4cef38c4f35504e51ec112de5c384df7ba0b8d578a4c702b6bf11d5fac00000000";
    private static final String SATOSHI_MERKLE_ROOT = "4a5e1e4baab89f3a32518a88c31bc87f618f76673e2cc77ab2127b7afdeda33b";

    /** The testnet4 genesis coinbase (BIP-94): a 2024-05-03 block hash as its message, a zero pubkey output. */
    private static final String TESTNET4_COINBASE = "01000000010000000000000000000000000000000000000000000000000000000000000000ffffffff5504ffff001d01044c4c30332f4d61792f323032342030303030303030303030303030303030303030303165626435386332343439373062336161396437383362623030313031316662653865613865393865303065ffffffff0100f2052a010000002321000000000000000000000000000000000000000000000000000000000000000000ac00000000";
    private static final String TESTNET4_MERKLE_ROOT = "7aa0a7ae1e223414cb807e40cd57e667b718e42aaf9306db9102fe28912b7b4e";

    /** Bitcoin mainnet. */
    public static final NetworkParameters MAINNET = create("main", "f9beb4d9", 8333,
            "000000000019d6689c085ae165831e934ff763ae46a2a6c172b3f1b60a8ce26f",
            SATOSHI_MERKLE_ROOT, SATOSHI_COINBASE, 1231006505L, 0x1d00ffffL, 2083236893L, 0x1d00ffffL,
            List.of("seed.bitcoin.sipa.be", "dnsseed.bluematt.me", "dnsseed.bitcoin.dashjr-list-of-p2p-nodes.us",
                    "seed.bitcoinstats.com", "seed.bitcoin.jonasschnelli.ch", "seed.btc.petertodd.net",
                    "seed.bitcoin.sprovoost.nl", "dnsseed.emzy.de", "seed.bitcoin.wiz.biz",
                    "seed.mainnet.achownodes.xyz"));

    /** Testnet3 (Core's {@code test}). */
    public static final NetworkParameters TESTNET3 = create("test", "0b110907", 18333,
            "000000000933ea01ad0ee984209779baaec3ced90fa3f408719526f8d77f4943",
            SATOSHI_MERKLE_ROOT, SATOSHI_COINBASE, 1296688602L, 0x1d00ffffL, 414098458L, 0x1d00ffffL,
            List.of("testnet-seed.bitcoin.jonasschnelli.ch", "seed.tbtc.petertodd.net",
                    "seed.testnet.bitcoin.sprovoost.nl", "testnet-seed.bluematt.me", "seed.testnet.achownodes.xyz"));

    /** Testnet4 (BIP-94). */
    public static final NetworkParameters TESTNET4 = create("testnet4", "1c163f28", 48333,
            "00000000da84f2bafbbc53dee25a72ae507ff4914b867c565be350b0da8bf043",
            TESTNET4_MERKLE_ROOT, TESTNET4_COINBASE, 1714777860L, 0x1d00ffffL, 393743547L, 0x1d00ffffL,
            List.of("seed.testnet4.bitcoin.sprovoost.nl", "seed.testnet4.wiz.biz"));

    /** The default public signet (BIP-325); the library's default network. */
    public static final NetworkParameters SIGNET = create("signet", "0a03cf40", 38333,
            "00000008819873e925422c1ff0f99f7cc9bbb232af63a077a480a3633bee1ef6",
            SATOSHI_MERKLE_ROOT, SATOSHI_COINBASE, 1598918400L, 0x1e0377aeL, 52613770L, 0x1e0377aeL,
            List.of("seed.signet.bitcoin.sprovoost.nl", "seed.signet.achownodes.xyz"));

    /** Regression test network: trivial proof of work, no seeds. */
    public static final NetworkParameters REGTEST = create("regtest", "fabfb5da", 18444,
            "0f9188f13cb7b2c71f2a335e3a4fc328bf5beb436012afca590b1a11466e2206",
            SATOSHI_MERKLE_ROOT, SATOSHI_COINBASE, 1296688602L, 0x207fffffL, 2L, 0x207fffffL, List.of());

    /** Every known network, mainnet first. */
    public static final List<NetworkParameters> ALL = List.of(MAINNET, TESTNET3, TESTNET4, SIGNET, REGTEST);

    /**
     * Validates the parameters.
     *
     * @param name        the short name
     * @param magic       4 bytes
     * @param defaultPort 1 to 65535
     * @param genesisHash the genesis hash
     * @param genesisBlock the genesis block bytes (at least an 80-byte header)
     * @param powLimitBits the compact proof-of-work limit
     * @param dnsSeeds    seed host names
     */
    public NetworkParameters {
        if (magic.size() != 4) {
            throw new IllegalArgumentException("magic must be 4 bytes: " + magic);
        }
        if (defaultPort < 1 || defaultPort > 65535) {
            throw new IllegalArgumentException("port out of range: " + defaultPort);
        }
        if (genesisBlock.size() < 81) {
            throw new IllegalArgumentException("genesis block too short: " + genesisBlock.size());
        }
        dnsSeeds = List.copyOf(dnsSeeds);
    }

    private static NetworkParameters create(String name, String magicHex, int port, String genesisHash,
                                            String merkleRoot, String coinbaseHex, long time, long bits,
                                            long nonce, long powLimitBits, List<String> seeds) {
        ByteString coinbase = ByteString.fromHex(coinbaseHex);
        WireWriter w = new WireWriter(81 + coinbase.size());
        w.writeInt32Le(1)
                .writeHash(Hash256.ZERO)
                .writeHash(Hash256.fromHex(merkleRoot))
                .writeUInt32Le(time)
                .writeUInt32Le(bits)
                .writeUInt32Le(nonce)
                .writeCompactSize(1)
                .writeBytes(coinbase);
        return new NetworkParameters(name, ByteString.fromHex(magicHex), port, Hash256.fromHex(genesisHash),
                w.toByteString(), powLimitBits, seeds);
    }

    /** The 80-byte genesis block header. */
    public ByteString genesisHeader() {
        return genesisBlock.slice(0, 80);
    }

    /** The magic as a big-endian int ({@code 0xf9beb4d9} for mainnet), convenient for comparisons. */
    public int magicInt() {
        return (magic.byteAt(0) & 0xff) << 24 | (magic.byteAt(1) & 0xff) << 16
                | (magic.byteAt(2) & 0xff) << 8 | (magic.byteAt(3) & 0xff);
    }

    /**
     * Looks a network up by Core's name or a common alias ({@code mainnet}, {@code testnet3}, {@code testnet}).
     *
     * @param name case-insensitive
     * @return the network, if known
     */
    public static Optional<NetworkParameters> byName(String name) {
        String n = name.toLowerCase(Locale.ROOT);
        return switch (n) {
            case "main", "mainnet", "bitcoin" -> Optional.of(MAINNET);
            case "test", "testnet", "testnet3" -> Optional.of(TESTNET3);
            case "testnet4" -> Optional.of(TESTNET4);
            case "signet" -> Optional.of(SIGNET);
            case "regtest" -> Optional.of(REGTEST);
            default -> Optional.empty();
        };
    }

    /**
     * The network whose magic is {@code magic}.
     *
     * @param magic 4 bytes
     * @return the network, if known
     */
    public static Optional<NetworkParameters> byMagic(ByteString magic) {
        return ALL.stream().filter(p -> p.magic.equals(magic)).findFirst();
    }

    @Override
    public String toString() {
        return name;
    }
}
