package org.btcpeer.node.serve;

import java.util.ArrayList;
import java.util.List;

import org.btcpeer.wire.ByteString;

/**
 * The data pushes of a script, read as Core's {@code CScript::GetOp} reads them: opcodes 1-75 push
 * that many bytes, {@code OP_PUSHDATA1/2/4} push a length-prefixed run; a push that runs past the
 * end stops the walk (Core's {@code GetOp} fails and the callers break).
 */
final class ScriptPushes {

    static final int OP_PUSHDATA1 = 0x4c;
    static final int OP_PUSHDATA2 = 0x4d;
    static final int OP_PUSHDATA4 = 0x4e;

    private ScriptPushes() {
    }

    /** One opcode: its byte and the data it pushes (empty for non-push opcodes). */
    record Op(int opcode, ByteString data) {
    }

    /**
     * Every operation up to the end or the first truncated push.
     *
     * @param script the script bytes
     * @return the operations in order
     */
    static List<Op> ops(ByteString script) {
        List<Op> out = new ArrayList<>();
        int at = 0;
        int end = script.size();
        while (at < end) {
            int opcode = script.byteAt(at++) & 0xff;
            long length;
            if (opcode < OP_PUSHDATA1) {
                length = opcode;
            } else if (opcode == OP_PUSHDATA1) {
                if (end - at < 1) {
                    break;
                }
                length = script.byteAt(at) & 0xff;
                at += 1;
            } else if (opcode == OP_PUSHDATA2) {
                if (end - at < 2) {
                    break;
                }
                length = (script.byteAt(at) & 0xff) | (script.byteAt(at + 1) & 0xff) << 8;
                at += 2;
            } else if (opcode == OP_PUSHDATA4) {
                if (end - at < 4) {
                    break;
                }
                length = (script.byteAt(at) & 0xffL) | (script.byteAt(at + 1) & 0xffL) << 8
                        | (script.byteAt(at + 2) & 0xffL) << 16 | (script.byteAt(at + 3) & 0xffL) << 24;
                at += 4;
            } else {
                out.add(new Op(opcode, ByteString.EMPTY));
                continue;
            }
            if (length > end - at) {
                break;
            }
            out.add(new Op(opcode, script.slice(at, at + (int) length)));
            at += (int) length;
        }
        return out;
    }
}
