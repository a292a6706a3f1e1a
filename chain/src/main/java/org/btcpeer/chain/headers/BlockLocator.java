package org.btcpeer.chain.headers;

import java.util.ArrayList;
import java.util.List;

/**
 * The heights of a block locator, as Core's {@code LocatorEntries} picks them: the tip and the 10
 * headers below it one by one, then steps that double each time, and always the lowest header
 * (the genesis, or a chain's root). For a chain of 930k headers that is about 30 entries, well
 * within {@code MAX_LOCATOR_SZ} (101).
 */
public final class BlockLocator {

    /** Core's {@code MAX_LOCATOR_SZ}: a peer ignores getheaders with a longer locator. */
    public static final int MAX_ENTRIES = 101;

    private BlockLocator() {
    }

    /**
     * The locator heights from {@code tipHeight} down to {@code lowestHeight}.
     *
     * @param tipHeight    the tip's height
     * @param lowestHeight the lowest height the chain knows, at most {@code tipHeight}
     * @return the heights, descending, the first {@code tipHeight}, the last {@code lowestHeight}
     */
    public static List<Integer> heights(int tipHeight, int lowestHeight) {
        if (lowestHeight < 0 || lowestHeight > tipHeight) {
            throw new IllegalArgumentException("need 0 <= lowest <= tip: " + lowestHeight + ", " + tipHeight);
        }
        List<Integer> out = new ArrayList<>();
        int step = 1;
        int height = tipHeight;
        while (true) {
            out.add(height);
            if (height == lowestHeight) {
                return out;
            }
            height = Math.max(height - step, lowestHeight);
            if (out.size() > 10) {
                step *= 2;
            }
        }
    }
}
