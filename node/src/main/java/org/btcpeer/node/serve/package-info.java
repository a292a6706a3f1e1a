/**
 * Chain serving: answers getheaders, getblocks (with Core's continuation), getdata for blocks,
 * witness blocks, merkle blocks and transactions, with {@code notfound} for everything unknown,
 * over a small interface the application implements.
 */
package org.btcpeer.node.serve;
