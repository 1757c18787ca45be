package io.milvusgitops.simulator.controllers;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.KV;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Where simulated Milvus processes write what the real ones write to their etcd: their session keys while they run,
 * and what a migration Job changes. The REAL etcd in the tests and the demo, so that "no live session" and a restored
 * backup are checked for real; a map where no etcd is needed (the emulator's own tests).
 */
public interface MilvusMetadata {

    void put(String key, String value) throws InterruptedException, ExecutionException;

    void delete(String key) throws InterruptedException, ExecutionException;

    static MilvusMetadata etcd(KV kv) {
        return new MilvusMetadata() {
            @Override
            public void put(String key, String value) throws InterruptedException, ExecutionException {
                kv.put(bytes(key), bytes(value)).get();
            }

            @Override
            public void delete(String key) throws InterruptedException, ExecutionException {
                kv.delete(bytes(key)).get();
            }

            private static ByteSequence bytes(String s) {
                return ByteSequence.from(s, StandardCharsets.UTF_8);
            }
        };
    }

    /** Keys in memory, for tests that look at nothing but the cluster. */
    static MilvusMetadata inMemory() {
        Map<String, String> keys = new ConcurrentHashMap<>();
        return new MilvusMetadata() {
            @Override
            public void put(String key, String value) {
                keys.put(key, value);
            }

            @Override
            public void delete(String key) {
                keys.remove(key);
            }
        };
    }
}
