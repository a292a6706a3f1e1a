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
    void rfc5869TestCase2KeysLongerThanABlock() {
        // RFC 5869 A.2: an 80-byte salt is longer than SHA-256's 64-byte block, so HMAC hashes it first
        byte[] ikm = new byte[80];
        byte[] salt = new byte[80];
        byte[] info = new byte[80];
        for (int i = 0; i < 80; i++) {
            ikm[i] = (byte) i;
            salt[i] = (byte) (0x60 + i);
            info[i] = (byte) (0xb0 + i);
        }
        assertEquals("06a6b88c5853361a06104c9ceb35b45cef760014904671014a193f40c15fc244",
                Bip324Vectors.hex(Hkdf.extractPrk(salt, ikm)));
        assertEquals("b11e398dc80327a1c8e7f78c596a49344f012eda2d4efad8a050cc4c19afa97c"
                + "59045a99cac7827271cb41c65e590e09da3275600c2f09b8367793a9aca3db71"
                + "cc30c58179ec3e87c14c01d5c1f3434f1d87",
                Bip324Vectors.hex(Hkdf.extract(salt, ikm).expand(info, 82)));
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
