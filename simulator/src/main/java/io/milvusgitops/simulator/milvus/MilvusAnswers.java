package io.milvusgitops.simulator.milvus;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What one simulated Milvus answers beyond the version its image runs: the collections it holds, and the
 * faults a test asks for (another version than its pods run, unhealthy, not answering at all). Thread-safe:
 * tests change it while the daemon asks.
 */
public final class MilvusAnswers {

    private final Map<String, Long> collections = new ConcurrentHashMap<>();
    private volatile Optional<String> reportedVersion = Optional.empty();
    private volatile Optional<String> unhealthy = Optional.empty();
    private volatile boolean refusing;

    /** A collection of {@code rows} rows that a query can read. */
    public MilvusAnswers collection(String name, long rows) {
        collections.put(name, rows);
        return this;
    }

    /** Reports {@code version} whatever the image runs (a proxy the rollout did not reach); null: the image's. */
    public MilvusAnswers reportVersion(String version) {
        reportedVersion = Optional.ofNullable(version);
        return this;
    }

    /** CheckHealth says not healthy, with {@code reason}; null: healthy. */
    public MilvusAnswers unhealthy(String reason) {
        unhealthy = Optional.ofNullable(reason);
        return this;
    }

    /** Every call fails as an unreachable server's does. */
    public MilvusAnswers refusing(boolean refusing) {
        this.refusing = refusing;
        return this;
    }

    Optional<Long> rows(String collection) {
        return Optional.ofNullable(collections.get(collection));
    }

    Optional<String> reportedVersion() {
        return reportedVersion;
    }

    Optional<String> unhealthy() {
        return unhealthy;
    }

    boolean refusing() {
        return refusing;
    }
}
