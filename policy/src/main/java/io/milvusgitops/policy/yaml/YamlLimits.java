package io.milvusgitops.policy.yaml;

/**
 * Bounds on what a YAML input may cost to read. Anchor/alias "billion laughs" bombs are stopped by
 * the alias bound before any expansion; oversized input by the size bound before parsing.
 */
public record YamlLimits(int maxBytes, int maxAliases, int maxDepth) {

    /** For files users commit: 1 MiB is far beyond any real environment file. */
    public static final YamlLimits USER_FILE = new YamlLimits(1 << 20, 20, 32);

    /** For the catalog shipped with the product. */
    public static final YamlLimits CATALOG = new YamlLimits(4 << 20, 0, 16);
}
