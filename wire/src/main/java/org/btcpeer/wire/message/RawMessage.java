package org.btcpeer.wire.message;

import java.util.Objects;

import org.btcpeer.wire.ByteString;
import org.btcpeer.wire.WireWriter;

/**
 * A message with a command this library does not know, payload kept unparsed so that proxies and
 * monitors can forward or record it. Core ignores unknown commands; so does the peer module, after
 * handing them to listeners.
 *
 * @param commandName a valid command name ({@link Command#isValidName(String)}); normally one this library
 *                    does not know, though a known name is allowed (forwarding without decoding)
 * @param body        the payload bytes
 */
public record RawMessage(String commandName, ByteString body) implements Message {

    /**
     * Validates the command name.
     *
     * @param commandName 1 to 12 printable ASCII characters
     * @param body        the payload
     */
    public RawMessage {
        if (!Command.isValidName(commandName)) {
            throw new IllegalArgumentException("invalid command name: '" + commandName + "'");
        }
        Objects.requireNonNull(body, "body");
    }

    @Override
    public int encodedSizeHint() {
        return body.size();
    }

    @Override
    public void encodePayload(WireWriter w) {
        w.writeBytes(body);
    }

    @Override
    public ByteString payload() {
        return body;
    }
}
