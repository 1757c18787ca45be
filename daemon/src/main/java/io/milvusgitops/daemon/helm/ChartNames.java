package io.milvusgitops.daemon.helm;

/**
 * The names the Milvus chart gives its objects. Like most charts it uses Helm's "fullname": the
 * release name when it already contains "milvus" (release {@code milvus} or {@code search-milvus}),
 * else {@code <release>-milvus}.
 */
public final class ChartNames {

    private ChartNames() {
    }

    public static String fullname(String release) {
        return release.contains("milvus") ? release : release + "-milvus";
    }
}
