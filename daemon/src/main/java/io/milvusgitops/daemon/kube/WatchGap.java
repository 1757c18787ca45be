package io.milvusgitops.daemon.kube;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether a watch-fed store may be read while its watch is down. An API server ends every watch after a while (minutes)
 * and the client opens the next one a second or so later; a store is also read right after its first list, before its
 * watch is open. Reading past the store in those gaps cost requests on most passes of a large fleet (1,026 in the warm
 * passes over 10,000 targets, docs/benchmarks.md), while the store still held everything up to the moment its watch
 * ended. So a store is read for a short {@code grace} from the first read that finds its watch down (the gap may have begun
 * up to a pass earlier); past that (an API server gone for longer) reads go to the API server again, whose answer says
 * whether the cluster can be observed at all.
 */
final class WatchGap {

    private static final long WATCHING = Long.MIN_VALUE;

    private final Duration grace;
    /** When the watch was first seen down ({@link System#nanoTime}), or {@link #WATCHING}. */
    private final AtomicLong downSince = new AtomicLong(WATCHING);

    WatchGap(Duration grace) {
        this.grace = grace;
    }

    /** Whether the store may be read at {@code nowNanos}: its watch is open, or has been down for less than the grace. */
    boolean readable(boolean watching, long nowNanos) {
        if (watching) {
            downSince.set(WATCHING);
            return true;
        }
        long since = downSince.updateAndGet(s -> s == WATCHING ? nowNanos : s);
        return nowNanos - since < grace.toNanos();
    }
}
