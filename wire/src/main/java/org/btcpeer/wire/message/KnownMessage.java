package org.btcpeer.wire.message;

/**
 * A message whose type this library knows: it has a {@link Command} entry (wire name, BIP-324
 * short id, payload cap, decoder) and a record type with its codec.
 */
public sealed interface KnownMessage extends Message permits
        VersionMessage, VerackMessage, GetAddrMessage, AddrMessage, AddrV2Message, SendAddrV2Message,
        InvMessage, GetDataMessage, NotFoundMessage, GetBlocksMessage, GetHeadersMessage,
        MempoolMessage, PingMessage, PongMessage, RejectMessage, SendHeadersMessage,
        FeeFilterMessage, SendCmpctMessage, FilterLoadMessage, FilterAddMessage, FilterClearMessage,
        GetCFiltersMessage, CFilterMessage, GetCFHeadersMessage, CFHeadersMessage, GetCFCheckptMessage,
        CFCheckptMessage, WtxidRelayMessage, SendTxRcnclMessage, HeadersMessage, BlockMessage, TxMessage,
        CmpctBlockMessage, GetBlockTxnMessage, BlockTxnMessage, MerkleBlockMessage {

    /** This message's entry in the command registry. */
    Command command();

    @Override
    default String commandName() {
        return command().wireName();
    }
}
