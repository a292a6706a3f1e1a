package org.btcpeer.peer.inbound;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Whitelist syntax (Core's {@code perm,perm@SUBNET} and btcpeer's {@code SUBNET=perm,perm}) and matching. */
class WhitelistTest {

    private static InetAddress ip(String s) throws Exception {
        return InetAddress.getByName(s);
    }

    @Test
    void coreSyntaxAndOursParseToTheSameEntry() {
        Whitelist.Entry core = Whitelist.parseEntry("noban,addr@10.1.0.0/16");
        Whitelist.Entry ours = Whitelist.parseEntry("10.1.2.3/16=noban,addr");
        assertEquals(core, ours);
        assertEquals("10.1.0.0/16", core.subnet().toString());
        assertEquals("noban,download,addr", core.permissions().toString(), "noban implies download");
        assertEquals("noban,download,addr@10.1.0.0/16", core.toString());
    }

    @Test
    void implicationsFollowCore() {
        assertTrue(Whitelist.parseEntry("forcerelay@1.2.3.4").permissions().has(Permission.RELAY));
        assertFalse(Whitelist.parseEntry("relay@1.2.3.4").permissions().has(Permission.FORCERELAY));
        assertEquals(Permissions.IMPLICIT, Whitelist.parseEntry("1.2.3.4").permissions());
        assertEquals("noban,relay,download,mempool", Permissions.IMPLICIT.toString());
        assertEquals(Permissions.IMPLICIT, Whitelist.parseEntry("in@1.2.3.4").permissions(), "only a direction: implicit");
        assertEquals("relay", Whitelist.parseEntry("in,relay@::1").permissions().toString());
    }

    @Test
    void aPeerInSeveralSubnetsGetsEveryPermission() throws Exception {
        Whitelist w = Whitelist.parse(List.of("relay@10.0.0.0/8", "10.1.0.0/16=mempool", "noban@2001:db8::/32"));
        assertEquals("relay,mempool", w.permissionsOf(ip("10.1.9.9")).toString());
        assertEquals("relay", w.permissionsOf(ip("10.2.9.9")).toString());
        assertEquals(Permissions.NONE, w.permissionsOf(ip("11.1.9.9")));
        assertEquals(Permissions.NONE, w.permissionsOf(ip("::ffff:11.1.9.9")));
        assertTrue(w.permissionsOf(ip("2001:db8::5")).has(Permission.NOBAN));
        assertEquals(Permissions.NONE, Whitelist.EMPTY.permissionsOf(ip("10.1.9.9")));
    }

    @Test
    void badEntriesSayWhatIsWrong() {
        for (String[] bad : new String[][]{
                {"bloomfilter@1.2.3.4", "unknown permission 'bloomfilter'"},
                {"out,noban@1.2.3.4", "unknown permission 'out'"},
                {"noban@host.example", "not a numeric address"},
                {"1.2.3.4/33=noban", "prefix length 33 out of range"},
                {"noban@1.2.3.4=relay", "either PERMS@SUBNET or SUBNET=PERMS"},
                {"@1.2.3.4", "unknown permission ''"},
                {"1.2.3.4=", "unknown permission ''"}}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Whitelist.parseEntry(bad[0]), bad[0]);
            assertTrue(e.getMessage().contains(bad[1]) && e.getMessage().contains(bad[0]), e.getMessage());
        }
    }
}
