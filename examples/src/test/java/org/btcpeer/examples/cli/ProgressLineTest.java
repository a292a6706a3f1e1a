package org.btcpeer.examples.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The progress line's text: its first draw, the draw at completion, padding over a longer line, clearing. */
class ProgressLineTest {

    private final StringWriter text = new StringWriter();

    @Test
    void drawsTheBarFirstAndAtCompletionThenClears() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), true);
        line.update("headers", 10, 30);
        assertEquals("\rheaders [##########--------------------] 10/30 33%", text.toString());
        line.update("done", 30, 30); // completion is always drawn; the line is shorter, so padded
        String first = "\rheaders [##########--------------------] 10/30 33%";
        String done = "\rdone [##############################] 30/30 100%";
        assertEquals(2, first.length() - done.length());
        assertEquals(first + done + " ".repeat(first.length() - done.length()), text.toString());
        line.clear();
        // blanks the last text drawn (what was past it is padding already)
        assertEquals(first + done + " ".repeat(first.length() - done.length()) + "\r" + " ".repeat(done.length()) + "\r",
                text.toString());
    }

    @Test
    void anUnknownTotalShowsTheCount() {
        new ProgressLine(new PrintWriter(text), true).update("headers", 1_234, 0);
        assertEquals("\rheaders 1234", text.toString());
    }

    @Test
    void disabledDrawsNothing() {
        ProgressLine line = new ProgressLine(new PrintWriter(text), false);
        line.update("blocks", 1, 2);
        line.update("blocks", 2, 2);
        line.clear();
        assertEquals("", text.toString());
    }
}
