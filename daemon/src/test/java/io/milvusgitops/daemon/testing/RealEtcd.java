package io.milvusgitops.daemon.testing;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.options.DeleteOption;
import io.milvusgitops.simulator.etcd.LocalEtcd;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One real etcd per test class: {@code @RegisterExtension static final RealEtcd etcd = new RealEtcd();}
 * starts it before the class (in its own temporary directory) and stops it after.
 */
public final class RealEtcd implements BeforeAllCallback, AfterAllCallback {

    private Path dir;
    private LocalEtcd server;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("etcd-");
        server = LocalEtcd.start(dir);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        server.close();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    public Client client() {
        return server.client();
    }

    public String endpoint() {
        return server.endpoint();
    }

    /** Deletes every key under {@code prefix}: each test starts from an empty Milvus root path. */
    public void clear(String prefix) throws Exception {
        client().getKVClient().delete(ByteSequence.from(prefix, StandardCharsets.UTF_8), DeleteOption.builder().isPrefix(true).build()).get();
    }
}
