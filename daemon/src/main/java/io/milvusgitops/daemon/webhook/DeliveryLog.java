package io.milvusgitops.daemon.webhook;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery ids of the webhooks accepted lately ({@code X-GitHub-Delivery}, {@code X-Gitlab-Event-UUID},
 * {@code X-Gitea-Delivery}, {@code X-Gogs-Delivery}), so that the same signed delivery sent again is
 * answered and ignored. Only signed deliveries are remembered (an unsigned request cannot take an id
 * away from the real one); ids are kept for {@link #KEPT}, at most {@link #MAX_IDS} of them, the oldest
 * forgotten first.
 */
final class DeliveryLog {

    static final Duration KEPT = Duration.ofHours(1);
    static final int MAX_IDS = 10_000;

    private final Clock clock;
    private final LinkedHashMap<String, Instant> seen = new LinkedHashMap<>();

    DeliveryLog(Clock clock) {
        this.clock = clock;
    }

    /** Records {@code provider}'s delivery {@code id}; false when it was recorded before, within the window. */
    synchronized boolean first(String provider, String id) {
        Instant now = clock.instant();
        forgetBefore(now.minus(KEPT));
        String key = provider + "/" + id;
        if (seen.containsKey(key)) return false;
        seen.put(key, now);
        if (seen.size() > MAX_IDS) {
            Iterator<Map.Entry<String, Instant>> oldest = seen.entrySet().iterator();
            oldest.next();
            oldest.remove();
        }
        return true;
    }

    private void forgetBefore(Instant cutoff) {
        Iterator<Map.Entry<String, Instant>> it = seen.entrySet().iterator();
        while (it.hasNext() && it.next().getValue().isBefore(cutoff)) it.remove();
    }
}
