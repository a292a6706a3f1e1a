/**
 * What light clients and nodes build on top of peers: a validated, optionally persistent header
 * chain with Core's contextual rules, header sync across peers, and BIP-157/158 compact block
 * filters on both sides. Depends on {@code wire}, {@code transport} and {@code peer} only.
 */
package org.btcpeer.chain;
