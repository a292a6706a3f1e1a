package org.btcpeer.wire;

/**
 * Protocol version numbers that switch behaviour on, each with the BIP or Core change that
 * introduced it (names follow Bitcoin Core's {@code node/protocol_version.h}).
 */
public final class ProtocolVersion {

    /** The version this library speaks: Core's {@code PROTOCOL_VERSION} (70016). */
    public static final int CURRENT = 70016;

    /** Core's {@code INIT_PROTO_VERSION}: the version assumed before the handshake. */
    public static final int INIT = 209;

    /** Core's {@code MIN_PEER_PROTO_VERSION}: older peers are disconnected. */
    public static final int MIN_PEER = 31800;

    /** Core's {@code CADDR_TIME_VERSION}: addr entries carry a timestamp from here on. */
    public static final int ADDR_TIME = 31402;

    /** BIP-31 ({@code BIP0031_VERSION}): ping carries a nonce and is answered with pong. */
    public static final int BIP31_PONG = 60000;

    /** BIP-37 / BIP-111: the version relay flag ({@code 70001}); NODE_BLOOM enforcement from 70011. */
    public static final int BIP37_RELAY = 70001;

    /** BIP-111 ({@code NO_BLOOM_VERSION}): filter messages need NODE_BLOOM from here on. */
    public static final int NO_BLOOM = 70011;

    /** BIP-130 ({@code SENDHEADERS_VERSION}): sendheaders. */
    public static final int SENDHEADERS = 70012;

    /** BIP-133 ({@code FEEFILTER_VERSION}): feefilter. */
    public static final int FEEFILTER = 70013;

    /** BIP-152 ({@code SHORT_IDS_BLOCKS_VERSION}): compact blocks. */
    public static final int SHORT_IDS_BLOCKS = 70014;

    /** Core's {@code INVALID_CB_NO_BAN_VERSION}: invalid compact blocks do not ban. */
    public static final int INVALID_CB_NO_BAN = 70015;

    /** BIP-339 ({@code WTXID_RELAY_VERSION}): wtxidrelay; also gates BIP-155 sendaddrv2 in Core. */
    public static final int WTXID_RELAY = 70016;

    private ProtocolVersion() {
    }
}
