package org.btcpeer.peer;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** BIP-14 user agents: the form built, the reserved characters refused per part, the 256-byte bound. */
class UserAgentTest {

    @Test
    void anApplicationExtendsTheLibrarysAgent() {
        assertEquals("/btcpeer:0.1.0/", UserAgent.library());
        assertEquals("/btcpeer:0.1.0/MyWallet:2.0/", UserAgent.of("MyWallet", "2.0", List.of()));
        assertEquals("/btcpeer:0.1.0/MyWallet:2.0(linux; x86:64)/", UserAgent.of("MyWallet", "2.0", List.of("linux", "x86:64")),
                "a colon is allowed in a comment (BIP-14 reserves it only between name and version)");
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", ":", "(", ")", ";"})
    void reservedCharactersAreRefusedInNameAndVersion(String c) {
        IllegalArgumentException name = assertThrows(IllegalArgumentException.class,
                () -> UserAgent.of("My" + c + "Wallet", "2.0", List.of()));
        assertTrue(name.getMessage().contains("BIP-14 name") && name.getMessage().contains("'" + c + "'"), name.getMessage());
        IllegalArgumentException version = assertThrows(IllegalArgumentException.class,
                () -> UserAgent.of("MyWallet", "2" + c + "0", List.of()));
        assertTrue(version.getMessage().contains("BIP-14 version"), version.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "(", ")", ";"})
    void reservedCharactersAreRefusedInComments(String c) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserAgent.of("MyWallet", "2.0", List.of("ok", "bad" + c)));
        assertTrue(e.getMessage().contains("BIP-14 comment"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"caf\u00e9", "tab\there", "nul\u0000", "del\u007f"})
    void onlyPrintableAsciiIsAccepted(String s) {
        assertThrows(IllegalArgumentException.class, () -> UserAgent.of(s, "1", List.of()));
        assertThrows(IllegalArgumentException.class, () -> UserAgent.of("App", "1", List.of(s)));
        assertThrows(IllegalArgumentException.class, () -> UserAgent.validate("/" + s + ":1/"));
    }

    @Test
    void anEmptyNameOrVersionIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> UserAgent.of("", "1", List.of()));
        assertThrows(IllegalArgumentException.class, () -> UserAgent.of("App", "", List.of()));
    }

    @Test
    void atMost256Bytes() {
        // "/btcpeer:0.1.0/" (15) + name + ":1/" (3): a 238-character name makes exactly 256.
        String longest = UserAgent.of("n".repeat(238), "1", List.of());
        assertEquals(256, longest.length());
        assertEquals(longest, UserAgent.validate(longest));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> UserAgent.of("n".repeat(239), "1", List.of()));
        assertTrue(e.getMessage().contains("longer than 256 bytes"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> UserAgent.validate("/" + "n".repeat(254) + "//"));
    }

    @Test
    void aCompleteAgentMustBeSlashDelimited() {
        assertThrows(IllegalArgumentException.class, () -> UserAgent.validate("btcpeer:0.1.0/"));
        assertThrows(IllegalArgumentException.class, () -> UserAgent.validate("/btcpeer:0.1.0"));
        assertThrows(IllegalArgumentException.class, () -> UserAgent.validate("/"));
        assertEquals("/Satoshi:30.0.0/", UserAgent.validate("/Satoshi:30.0.0/"));
    }
}
