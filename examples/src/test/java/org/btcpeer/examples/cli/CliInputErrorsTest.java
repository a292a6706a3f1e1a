package org.btcpeer.examples.cli;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad command-line input: each is one line on stderr with exit code 2 (a usage error), no stack
 * trace and no "internal error", and nothing is dialed or bound. The rows are the error table of
 * docs/cli.md.
 */
class CliInputErrorsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            serve --port 99999                                 | port must be 0 to 65535, got 99999
            serve --port -1                                    | port must be 0 to 65535, got -1
            listen --port 65536                                | port must be 0 to 65535, got 65536
            listen --port http                                 | 'http' is not a port
            proxy --listen 127.0.0.1:99999 --to 127.0.0.1      | Port number out of range: 127.0.0.1:99999
            proxy --listen 127.0.0.1 --to 127.0.0.1            | '127.0.0.1' has no port (HOST:PORT; port 0 picks a free one)
            handshake --timeout 0 127.0.0.1:1                  | number of seconds must be 1 or more, got 0
            handshake --timeout -5 127.0.0.1:1                 | number of seconds must be 1 or more, got -5
            handshake --proxy 127.0.0.1:19571:5 127.0.0.1:1    | '127.0.0.1:19571:5' is neither HOST:PORT nor an IPv6 address (write IPv6 with a port as [ADDRESS]:PORT)
            handshake --proxy [::1 127.0.0.1:1                 | bad proxy '[::1'
            handshake --network mars 127.0.0.1:1               | unknown network 'mars'
            handshake 127.0.0.1:19571:5                        | bad address '127.0.0.1:19571:5': '127.0.0.1:19571:5' is neither HOST:PORT nor an IPv6 address
            headers 127.0.0.1:70000                            | bad address '127.0.0.1:70000'
            proxy --listen 127.0.0.1:0 --to 127.0.0.1:19571:5  | bad --to '127.0.0.1:19571:5'
            """)
    void isOneLineWithExitCodeTwo(String args, String message) {
        Cli.Run r = Cli.run(args.strip().split("\\s+"));
        assertEquals(BaseCommand.USAGE, r.status(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().contains(message), "expected '" + message + "' in: " + r.err());
        assertFalse(r.err().contains("internal error") || r.err().contains("Exception"), r.err());
        assertEquals("", r.out());
    }
}
