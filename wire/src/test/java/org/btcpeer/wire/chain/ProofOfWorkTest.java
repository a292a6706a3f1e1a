package org.btcpeer.wire.chain;

import java.math.BigInteger;

import org.btcpeer.wire.Hash256;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ProofOfWorkTest {

    /** Core's arith_uint256_tests "bignum_SetCompact": bits, target hex, negative, overflow, GetCompact(negative). */
    @ParameterizedTest(name = "{0}")
    @CsvSource({
            "00000000, 0,        false, false, 00000000",
            "00123456, 0,        false, false, 00000000",
            "01003456, 0,        false, false, 00000000",
            "02000056, 0,        false, false, 00000000",
            "03000000, 0,        false, false, 00000000",
            "04000000, 0,        false, false, 00000000",
            "00923456, 0,        false, false, 00000000",
            "01803456, 0,        false, false, 00000000",
            "02800056, 0,        false, false, 00000000",
            "03800000, 0,        false, false, 00000000",
            "04800000, 0,        false, false, 00000000",
            "01123456, 12,       false, false, 01120000",
            "01fedcba, 7e,       true,  false, 01fe0000",
            "02123456, 1234,     false, false, 02123400",
            "03123456, 123456,   false, false, 03123456",
            "04123456, 12345600, false, false, 04123456",
            "04923456, 12345600, true,  false, 04923456",
            "05009234, 92340000, false, false, 05009234",
            "20123456, 1234560000000000000000000000000000000000000000000000000000000000, false, false, 20123456",
    })
    void setCompactAsCore(String bits, String targetHex, boolean negative, boolean overflow, String compact) {
        CompactTarget t = CompactTarget.fromBits(Long.parseLong(bits, 16));
        assertEquals(new BigInteger(targetHex, 16), t.value());
        assertEquals(negative, t.negative());
        assertEquals(overflow, t.overflow());
        BigInteger signed = negative ? t.value().negate() : t.value();
        assertEquals(Long.parseLong(compact, 16), CompactTarget.toBits(signed));
        assertEquals(!negative && !overflow && t.value().signum() != 0, t.isUsable());
    }

    @Test
    void overflowAndGetCompactEdgeCases() {
        CompactTarget t = CompactTarget.fromBits(0xff123456L);
        assertTrue(t.overflow());
        assertFalse(t.negative());
        assertFalse(t.isUsable());
        assertTrue(CompactTarget.fromBits(0x23000001L).overflow(), "size 35");
        assertFalse(CompactTarget.fromBits(0x220000ffL).overflow(), "0xff << 248 fits");
        assertTrue(CompactTarget.fromBits(0x22000100L).overflow(), "0x100 << 248 does not");
        assertTrue(CompactTarget.fromBits(0x21010000L).overflow(), "0x10000 << 240 does not");
        // Core: "Make sure that we don't generate compacts with the 0x00800000 bit set".
        assertEquals(0x02008000L, CompactTarget.toBits(BigInteger.valueOf(0x80)));
        assertEquals(0x1d00ffffL, CompactTarget.toBits(ProofOfWork.MAINNET_POW_LIMIT), "powLimit's 224 low bits are dropped");
    }

    @Test
    void checkProofOfWorkAsCore() {
        Hash256 genesis = BlockFilesTest.GENESIS;
        BigInteger limit = ProofOfWork.MAINNET_POW_LIMIT;
        assertTrue(ProofOfWork.checkProofOfWork(genesis, 0x1d00ffffL, limit));
        assertTrue(ProofOfWork.checkProofOfWork(genesis, 0x1c00ffffL, limit), "genesis also meets a 256x harder target");
        assertFalse(ProofOfWork.checkProofOfWork(genesis, 0x1b00ffffL, limit), "but not a 65536x harder one");
        assertFalse(ProofOfWork.checkProofOfWork(Hash256.ZERO, 0x1d01ffffL, limit), "target above powLimit");
        assertFalse(ProofOfWork.checkProofOfWork(Hash256.ZERO, 0x1d80ffffL, limit), "negative");
        assertFalse(ProofOfWork.checkProofOfWork(Hash256.ZERO, 0xff123456L, limit), "overflow");
        assertFalse(ProofOfWork.checkProofOfWork(Hash256.ZERO, 0x01003456L, limit), "zero target");
        assertTrue(ProofOfWork.checkProofOfWork(Hash256.ZERO, 0x01013456L, limit), "hash 0 meets target 1");
        // The comparison is on the little-endian number: the hash equal to the target passes, one more fails.
        Hash256 atTarget = Hash256.fromHex("00000000ffff0000000000000000000000000000000000000000000000000000");
        Hash256 above = Hash256.fromHex("00000000ffff0000000000000000000000000000000000000000000000000001");
        assertTrue(ProofOfWork.checkProofOfWork(atTarget, 0x1d00ffffL, limit));
        assertFalse(ProofOfWork.checkProofOfWork(above, 0x1d00ffffL, limit));
        assertEquals(new BigInteger("ffff", 16).shiftLeft(208), ProofOfWork.toBigInteger(atTarget));
    }

    @Test
    void workIsTwoTo256OverTargetPlusOne() {
        assertEquals(BigInteger.valueOf(0x100010001L), ProofOfWork.work(0x1d00ffffL), "difficulty 1");
        assertEquals(BigInteger.ZERO, ProofOfWork.work(0x1d80ffffL), "negative");
        assertEquals(BigInteger.ZERO, ProofOfWork.work(0xff123456L), "overflow");
        assertEquals(BigInteger.ZERO, ProofOfWork.work(0));
        assertEquals(BigInteger.ONE.shiftLeft(255), ProofOfWork.work(0x01010000L), "target 1: 2^256 / 2");
        // Block 413567's bits 0x18062776 (its header): more work than difficulty 1 by its difficulty.
        assertTrue(ProofOfWork.work(0x18062776L).compareTo(ProofOfWork.work(0x1d00ffffL).multiply(BigInteger.valueOf(100_000_000_000L))) > 0);
    }
}
