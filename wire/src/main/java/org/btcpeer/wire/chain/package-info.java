/**
 * Blockchain data types of the Bitcoin P2P protocol: transactions, blocks and headers with their
 * byte-exact codecs and hashes, merkle trees, proof of work, BIP-152 compact blocks and BIP-37
 * partial merkle trees.
 *
 * <ul>
 *   <li>{@link org.btcpeer.wire.chain.Transaction} (legacy and BIP-144 segwit serialization),
 *       {@link org.btcpeer.wire.chain.TxInput}, {@link org.btcpeer.wire.chain.TxOutput},
 *       {@link org.btcpeer.wire.chain.OutPoint}, {@link org.btcpeer.wire.chain.Witness}.</li>
 *   <li>{@link org.btcpeer.wire.chain.BlockHeader}, {@link org.btcpeer.wire.chain.Block},
 *       {@link org.btcpeer.wire.chain.MerkleTree} (Core's {@code ComputeMerkleRoot}, with the
 *       CVE-2012-2459 mutation flag), {@link org.btcpeer.wire.chain.CompactTarget} and
 *       {@link org.btcpeer.wire.chain.ProofOfWork}.</li>
 *   <li>BIP-152: {@link org.btcpeer.wire.chain.HeaderAndShortIds} ({@code cmpctblock}),
 *       {@link org.btcpeer.wire.chain.BlockTransactionsRequest} ({@code getblocktxn}),
 *       {@link org.btcpeer.wire.chain.BlockTransactions} ({@code blocktxn}),
 *       {@link org.btcpeer.wire.chain.ShortIdKey} and {@link org.btcpeer.wire.chain.SipHash24}.</li>
 *   <li>BIP-37: {@link org.btcpeer.wire.chain.PartialMerkleTree}.</li>
 * </ul>
 *
 * <p><b>Decoding.</b> Every decoder reads from a {@link org.btcpeer.wire.WireReader} and raises
 * only {@link org.btcpeer.wire.WireException} for malformed input (naming the field, the offset
 * and the rule). Every count is bounded by a cap and by the bytes left before anything sized by it
 * is allocated. Scripts and witness items are zero-copy views of the payload, so a decoded block
 * keeps its payload array reachable; copy with {@link org.btcpeer.wire.ByteString#compact()} what
 * must outlive it.
 *
 * <p><b>Hashing.</b> Decoding hashes nothing. Block hashes, txids and wtxids are computed on first
 * use from the bytes where they lie in the payload (never by re-serializing), and memoized.
 *
 * <p>All types are immutable and safe to share between threads.
 */
package org.btcpeer.wire.chain;
