package org.btcpeer.transport.v2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** HKDF-SHA256 against the RFC 5869 appendix A test cases. */
class HkdfTest {

    private static final byte[] IKM = filled(22, 0x0b);

    private static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) value);
        return b;
    }

    @Test
    void rfc5869TestCase1() {
        byte[] salt = Bip324Vectors.hex("000102030405060708090a0b0c");
        byte[] info = Bip324Vectors.hex("f0f1f2f3f4f5f6f7f8f9");
        assertEquals("077709362c2e32df0ddc3f0dc47bba6390b6c73bb50f9c3122ec844ad7c2b3e5",
                Bip324Vectors.hex(Hkdf.extractPrk(salt, IKM)));
        assertEquals("3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865",
                Bip324Vectors.hex(Hkdf.extract(salt, IKM).expand(info, 42)));
    }

    @Test
    void rfc5869TestCase3EmptySaltAndInfo() {
        assertEquals("19ef24a32c717b167f33a91d6f648bdf96596776afdb6377ac434c1c293ccb04",
                Bip324Vectors.hex(Hkdf.extractPrk(new byte[0], IKM)));
        assertEquals("8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8",
                Bip324Vectors.hex(Hkdf.extract(new byte[0], IKM).expand(new byte[0], 42)));
    }

    @Test
    void expandReusesTheKeyedMacAndChecksTheLength() {
        Hkdf hkdf = Hkdf.extract(new byte[] {1}, IKM);
        byte[] first = hkdf.expand(new byte[] {7}, 32);
        assertEquals(Bip324Vectors.hex(first), Bip324Vectors.hex(hkdf.expand(new byte[] {7}, 32)));
        assertEquals(8160, hkdf.expand(new byte[0], 8160).length);
        assertThrows(IllegalArgumentException.class, () -> hkdf.expand(new byte[0], 8161));
    }
}
