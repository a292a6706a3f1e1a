package org.btcpeer.peer;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The self-connection registry's bound: the oldest nonce goes first, and only when a new one comes in. */
class NonceRegistryTest {

    @Test
    void theOldestNonceIsForgottenOnceTheCapacityIsReached() {
        NonceRegistry r = new NonceRegistry(NonceRegistry.DEFAULT_CAPACITY);
        for (long n = 1; n <= 50; n++) {
            r.add(n);
        }
        assertEquals(50, r.size());
        assertTrue(r.contains(1), "full, nothing forgotten yet");
        r.add(51);
        assertEquals(50, r.size());
        assertFalse(r.contains(1), "the oldest went");
        assertTrue(r.contains(2) && r.contains(51));
        r.add(52);
        assertFalse(r.contains(2), "then the next oldest");
        for (long n = 3; n <= 52; n++) {
            assertTrue(r.contains(n), "nonce " + n);
        }
    }

    @Test
    void aRepeatedNonceTakesNoSlotAndARemovedOneFreesItsSlot() {
        NonceRegistry r = new NonceRegistry(3);
        r.add(1);
        r.add(2);
        r.add(3);
        r.add(3); // already held: nothing is evicted
        assertTrue(r.contains(1));
        r.remove(2);
        r.add(4); // room after the removal: nothing is evicted
        assertTrue(r.contains(1) && r.contains(3) && r.contains(4));
        assertFalse(r.contains(2));
        assertEquals(3, r.size());
        r.add(5);
        assertFalse(r.contains(1), "the oldest left when the fifth came");
        assertThrows(IllegalArgumentException.class, () -> new NonceRegistry(0));
    }
}
