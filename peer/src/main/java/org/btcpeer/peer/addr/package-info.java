/**
 * The address book: which nodes we know, where we heard of them and how connecting went — a
 * bounded, simplified Bitcoin Core {@code AddrMan}. Addresses come from peers (addr/addrv2, BIP-155,
 * shuffled, then rate-limited with Core's per-peer token bucket), DNS seeds (through a
 * {@link org.btcpeer.peer.addr.SeedResolver}) and the user. Selection favours tried addresses and
 * requires services; getaddr is answered once per inbound connection with at most 23% of the known
 * addresses, up to 1,000, from an {@link org.btcpeer.peer.addr.AddrResponseCache} renewed every
 * 21–27 h. Fresh gossip is relayed to two peers ({@link org.btcpeer.peer.addr.AddrRelay}) through
 * each peer's Poisson-timed {@link org.btcpeer.peer.addr.AddrOutbox}, which also carries our own
 * address about once a day. The book can be saved to a file atomically and loaded back.
 *
 * <p>Errors: nothing here throws on bad input. A corrupt file is reported in
 * {@link org.btcpeer.peer.addr.AddressBookFile.LoadResult#problem()} and ignored; a DNS seed that
 * fails is logged and skipped. {@link org.btcpeer.peer.addr.AddressBook#save} throws
 * {@link java.io.IOException} if the file cannot be written. See {@code docs/connect.md}.
 */
package org.btcpeer.peer.addr;
