/**
 * Parallel block download along a validated header chain from many peers, with Core's window,
 * in-flight limits, timeouts and stall handling, delivering blocks in height order.
 */
package org.btcpeer.node.download;
