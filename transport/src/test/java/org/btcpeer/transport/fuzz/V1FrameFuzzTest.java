package org.btcpeer.transport.fuzz;

import java.nio.ByteBuffer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import org.btcpeer.transport.TransportException;
import org.btcpeer.transport.v1.V1FrameDecoder;
import org.btcpeer.wire.NetworkParameters;

/**
 * Fuzzes the v1 receive state machine with arbitrary bytes in arbitrary chunks. The only allowed
 * failure is {@link TransportException}; after a fatal error the decoder is not fed again, as a
 * peer would close the connection. Corpus: {@code V1FrameFuzzTestInputs/frames/}.
 */
class V1FrameFuzzTest {

    /**
     * @param data chunk sizes are drawn from the input; the rest is the byte stream
     */
    @FuzzTest(maxDuration = "10m")
    void frames(FuzzedDataProvider data) {
        int chunk = data.consumeInt(1, 4096);
        byte[] stream = data.consumeRemainingAsBytes();
        V1FrameDecoder d = new V1FrameDecoder(NetworkParameters.MAINNET.magic());
        ByteBuffer in = ByteBuffer.wrap(stream);
        try {
            while (in.hasRemaining()) {
                ByteBuffer part = in.slice(in.position(), Math.min(chunk, in.remaining()));
                in.position(in.position() + part.remaining());
                while (part.hasRemaining()) {
                    d.receive(part);
                    while (true) {
                        try {
                            if (d.poll() == null) {
                                break;
                            }
                        } catch (TransportException e) {
                            if (e.reason() != TransportException.Reason.MALFORMED_PAYLOAD) {
                                throw e;
                            }
                            // a malformed payload leaves the stream in sync: keep going
                        }
                    }
                }
            }
        } catch (TransportException expected) {
            // fatal framing error: the connection would be closed
        }
    }
}
