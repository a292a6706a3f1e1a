/**
 * The validated header chain: {@link org.btcpeer.chain.headers.HeaderChain} (a compact header
 * tree with its most-work chain, Core's contextual header rules per network, reorg events, block
 * locators), {@link org.btcpeer.chain.headers.HeaderFile} (append-only, crash-safe persistence)
 * and {@link org.btcpeer.chain.headers.HeadersPresync} (Core's low-work header spam protection).
 *
 * <p>Errors: a header that breaks a rule raises
 * {@link org.btcpeer.chain.headers.HeaderValidationException} naming the
 * {@link org.btcpeer.chain.headers.HeaderRule}, the header's hash and its height; a corrupt or
 * foreign header file raises {@link org.btcpeer.chain.headers.HeaderFileException} with the byte
 * offset. See {@code docs/chain.md}.
 */
package org.btcpeer.chain.headers;
