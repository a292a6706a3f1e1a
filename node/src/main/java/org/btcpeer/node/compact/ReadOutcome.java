package org.btcpeer.node.compact;

import java.util.Objects;

/**
 * The result of one step of compact block reconstruction (Core's {@code ReadStatus}): the value,
 * or why there is none. Core tells two failures apart, and so do we, because the peer is treated
 * differently:
 * <ul>
 *   <li>{@link Invalid}: the peer sent data no honest peer sends ({@code READ_STATUS_INVALID});
 *       Core calls {@code Misbehaving} and the peer is disconnected and discouraged.</li>
 *   <li>{@link Failed}: honest bad luck, a short id collision ({@code READ_STATUS_FAILED}); Core
 *       falls back to requesting the full block.</li>
 * </ul>
 *
 * @param <T> the value of a successful step
 */
public sealed interface ReadOutcome<T> {

    /**
     * The step succeeded ({@code READ_STATUS_OK}).
     *
     * @param value the result
     * @param <T>   its type
     */
    record Ok<T>(T value) implements ReadOutcome<T> {
        /**
         * Checks the value is present.
         *
         * @param value the result
         */
        public Ok {
            Objects.requireNonNull(value, "value");
        }
    }

    /**
     * The peer sent invalid data ({@code READ_STATUS_INVALID}).
     *
     * @param reason what was wrong, for logs and the disconnect detail
     * @param <T>    the type a success would have had
     */
    record Invalid<T>(String reason) implements ReadOutcome<T> {
    }

    /**
     * The data could not be used, probably by a short id collision ({@code READ_STATUS_FAILED}):
     * fall back to the full block.
     *
     * @param reason why, for the report
     * @param detail what exactly, for logs
     * @param <T>    the type a success would have had
     */
    record Failed<T>(FallbackReason reason, String detail) implements ReadOutcome<T> {
    }
}
