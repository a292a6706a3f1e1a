/**
 * Dialing peers: a {@link org.btcpeer.transport.dial.Dialer} turns a
 * {@link org.btcpeer.transport.dial.DialTarget} (a network address or a host name and port) into a
 * connected socket, directly ({@link org.btcpeer.transport.dial.DirectDialer}) or through a SOCKS5
 * proxy ({@link org.btcpeer.transport.dial.Socks5Dialer}: RFC 1928 CONNECT, RFC 1929
 * username/password, domain names resolved by the proxy, Tor v3 and I2P names, Tor stream isolation
 * by random credentials). The transport handshake runs on the socket afterwards.
 *
 * <p>Errors: {@link org.btcpeer.transport.dial.DialException} with a
 * {@link org.btcpeer.transport.dial.DialException.Reason} for the dialer's own failures (a target
 * that needs a proxy, each SOCKS5 reply code, refused authentication, malformed or truncated
 * replies); the JDK's {@link java.io.IOException}s for plain TCP failures. See {@code docs/connect.md}.
 */
package org.btcpeer.transport.dial;
