package org.btcpeer.interop;

/**
 * An error answered by Core's JSON-RPC server, with Core's error code ({@code RPC_IN_WARMUP} -28,
 * {@code RPC_VERIFY_REJECTED} -26, ...) and message.
 */
final class CoreRpcException extends RuntimeException {

    /** Core's {@code RPC_IN_WARMUP}: the node is still loading. */
    static final int RPC_IN_WARMUP = -28;

    private final String method;
    private final int code;
    private final String coreMessage;

    /**
     * @param method      the RPC method called
     * @param code        Core's error code
     * @param coreMessage Core's error message
     */
    CoreRpcException(String method, int code, String coreMessage) {
        super(method + " failed: " + coreMessage + " (code " + code + ")");
        this.method = method;
        this.code = code;
        this.coreMessage = coreMessage;
    }

    /** The RPC method called. */
    String method() {
        return method;
    }

    /** Core's error code. */
    int code() {
        return code;
    }

    /** Core's error message. */
    String coreMessage() {
        return coreMessage;
    }
}
