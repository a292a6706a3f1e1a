/**
 * BIP-158 compact block filters and the BIP-157 filter-header chain: Golomb-coded sets
 * ({@link org.btcpeer.chain.filter.GcsFilter}), the basic block filter
 * ({@link org.btcpeer.chain.filter.BlockFilter}) and its header chain.
 *
 * <p>Errors: decoding untrusted filter bytes raises {@link org.btcpeer.wire.WireException} (command
 * {@code "gcs"}, with the field, byte offset and rule); nothing else escapes a decoder.
 */
package org.btcpeer.chain.filter;
