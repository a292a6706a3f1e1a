/**
 * The subcommands of {@code btcpeer} (picocli): {@code demo}, {@code serve}, {@code handshake},
 * {@code headers}, {@code block}, {@code sync} and {@code listen}, with their shared options, hand-written JSON
 * output ({@link org.btcpeer.examples.cli.Json}) and one-line failure reporting
 * ({@link org.btcpeer.examples.cli.BaseCommand}).
 */
package org.btcpeer.examples.cli;
