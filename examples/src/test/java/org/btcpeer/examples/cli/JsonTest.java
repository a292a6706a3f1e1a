package org.btcpeer.examples.cli;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class JsonTest {

    @Test
    void writesEveryValueKindInOrder() {
        Json j = new Json().put("s", "a\"b\\c\n\u0001").put("n", 42).put("b", false).put("nil", null)
                .put("opt", Optional.empty()).put("list", List.of("x", 1)).put("obj", new Json().put("k", "v"))
                .put("d", 1.23456, 2).put("nan", Double.NaN);
        assertEquals("{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"n\":42,\"b\":false,\"nil\":null,\"opt\":null,"
                + "\"list\":[\"x\",1],\"obj\":{\"k\":\"v\"},\"d\":1.23,\"nan\":null}", j.toString());
    }
}
