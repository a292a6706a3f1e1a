/**
 * Small runnable example programs, each a {@code main} and a testable {@code run} method: an
 * outbound peer (btcd's peer example), an inbound listener, a listener-driven header sync, and
 * send-completion futures. Each is run by a test against a local node, so none can rot.
 */
package org.btcpeer.examples.programs;
