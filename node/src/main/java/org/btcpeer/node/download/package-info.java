/**
 * Parallel block download along a validated header chain from many peers, with Bitcoin Core v30's
 * window (1,024 blocks), in-flight limit (16 per peer), per-block timeout and stall handling,
 * delivering verified blocks in height order to a consumer with a bound on the bytes held.
 *
 * <p>{@link org.btcpeer.node.download.BlockDownloader} is the entry point; the header chain is a
 * {@link org.btcpeer.node.download.BlockSource} ({@code BlockSource.of(HeaderChain)}). Each block's
 * merkle root (CVE-2012-2459 included) and BIP-141 witness commitment are checked against its
 * header; a peer sending a block that does not match is disconnected. A download that ends early
 * fails with a {@link org.btcpeer.node.download.BlockDownloadException} naming why.
 */
package org.btcpeer.node.download;
