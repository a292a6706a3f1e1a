/**
 * The address book: which nodes we know, where we heard of them and how connecting went — a
 * bounded, simplified Bitcoin Core {@code AddrMan}. Addresses come from peers (addr/addrv2, BIP-155,
 * rate-limited with Core's per-peer token bucket), DNS seeds (through a
 * {@link org.btcpeer.peer.addr.SeedResolver}) and the user. Selection favours tried addresses and
 * requires services; getaddr is answered once per inbound connection with at most 23% of the known
 * addresses, up to 1,000. The book can be saved to a file atomically and loaded back.
 *
 * <p>Errors: nothing here throws on bad input. A corrupt file is reported in
 * {@link org.btcpeer.peer.addr.AddressBookFile.LoadResult#problem()} and ignored; a DNS seed that
 * fails is logged and skipped. {@link org.btcpeer.peer.addr.AddressBook#save} throws
 * {@link java.io.IOException} if the file cannot be written. See {@code docs/connect.md}.
 */
package org.btcpeer.peer.addr;
