/**
 * Chains held in memory for the demo node: {@link org.btcpeer.examples.chain.RegtestChainGenerator}
 * mines deterministic, Core-valid regtest blocks (BIP-34 heights, real proof of work) and
 * {@link org.btcpeer.examples.chain.MemoryChain} answers locator and hash look-ups as Core does.
 */
package org.btcpeer.examples.chain;
