/** The v1-to-v2 upgrading proxy behind {@code btcpeer proxy}. */
package org.btcpeer.examples.proxy;
