package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

class DiscouragementTest {

    @Test
    void discouragesRemoteAddressesOnly() throws Exception {
        Discouragement d = new Discouragement(false, new SplittableRandom(1));
        InetAddress remote = InetAddress.getByName("203.0.113.7");
        assertFalse(d.isDiscouraged(remote));
        assertTrue(d.discourage(remote));
        assertTrue(d.isDiscouraged(remote));
        assertFalse(d.isDiscouraged(InetAddress.getByName("203.0.113.8")));
        assertFalse(d.isDiscouraged(InetAddress.getByName("2001:db8::7")));
    }

    @Test
    void loopbackIsExemptUnlessConfigured() throws Exception {
        InetAddress local = InetAddress.getByName("127.3.0.1");
        Discouragement production = new Discouragement(false, new SplittableRandom(1));
        assertFalse(production.discourage(local));
        assertFalse(production.isDiscouraged(local));
        assertFalse(production.discourage(InetAddress.getByName("::1")));

        Discouragement tests = new Discouragement(true, new SplittableRandom(1));
        assertTrue(tests.discourage(local));
        assertTrue(tests.isDiscouraged(local));
    }

    @Test
    void sizeIsCoreFilters() {
        assertEquals(539_168, new Discouragement(false, new SplittableRandom(1)).sizeInBytes());
    }
}
