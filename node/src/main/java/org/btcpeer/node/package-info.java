/**
 * Full-node building blocks that work across many peers: answering chain requests
 * ({@code serve}), relaying transactions and blocks ({@code relay}), BIP-152 compact blocks
 * ({@code compact}) and parallel block download ({@code download}). Each part is usable alone, on
 * top of {@code peer} and the header chain of {@code chain}; {@code tip} is the glue a node using
 * them together needs (the blocks it holds, announcing and following the tip).
 */
package org.btcpeer.node;
