/**
 * The {@code btcpeer} command line ({@link org.btcpeer.examples.Main}) and its connection seam
 * {@link org.btcpeer.examples.Connections}: every connection the examples make or accept goes
 * through it, with the {@code --transport} choice ({@link org.btcpeer.examples.TransportOption}).
 * Subpackages: {@code chain} (a regtest chain generator), {@code node} (a serving node),
 * {@code sync} (a header and block client), {@code cli} (the subcommands) and {@code programs}
 * (small example programs).
 */
package org.btcpeer.examples;
