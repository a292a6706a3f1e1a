/**
 * A breadth-first network crawler built on the library's peers and dialers: connect, handshake,
 * getaddr, follow the answers, with a concurrency limit. Used by {@code btcpeer crawl}.
 */
package org.btcpeer.examples.crawl;
