package org.btcpeer.interop;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The harness's RPC client against a real node: results, and Core's errors as typed exceptions. */
class CoreRpcTest {

    @RegisterExtension
    static final CoreNodes core = new CoreNodes();

    private static CoreNode node;

    @BeforeAll
    static void startNode() {
        node = core.start("rpc");
    }

    @Test
    void answersResults() {
        assertEquals("regtest", node.rpc("getblockchaininfo").path("chain").asText());
        assertEquals(0, node.rpc("getblockcount").asInt());
    }

    @Test
    void unknownMethodIsCoresMethodNotFound() {
        CoreRpcException e = assertThrows(CoreRpcException.class, () -> node.rpc("nosuchmethod"));
        assertEquals(-32601, e.code()); // RPC_METHOD_NOT_FOUND
        assertEquals("nosuchmethod", e.method());
        assertEquals("Method not found", e.coreMessage());
    }

    @Test
    void badParameterCarriesCoresCodeAndMessage() {
        CoreRpcException e = assertThrows(CoreRpcException.class, () -> node.rpc("getblockhash", 5));
        assertEquals(-8, e.code()); // RPC_INVALID_PARAMETER
        assertTrue(e.coreMessage().contains("out of range"), e.coreMessage());
    }
}
