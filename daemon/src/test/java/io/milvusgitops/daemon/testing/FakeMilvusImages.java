package io.milvusgitops.daemon.testing;

import static org.assertj.core.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.BuildImageResultCallback;
import com.github.dockerjava.api.exception.NotFoundException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Images tagged like the real ones, built here without a registry: {@code FROM scratch} with Debian's
 * static busybox, through the Engine API's build with a tar context. {@code milvusdb/milvus:v<version>}
 * runs {@code fake-images/milvus.sh} (a session in etcd, /healthz), a bad build of a version exits at
 * once, {@code milvusdb/meta-migration:v2.2.0} writes a marker key to etcd, MinIO is a fake, and etcd is
 * the REAL etcd binary of Debian's etcd-server with the two libraries it links. An image is rebuilt only
 * when its content changed (a label holds the content's hash).
 */
public final class FakeMilvusImages {

    public static final String ETCD = "quay.io/coreos/etcd:v3.4.23";
    public static final String MINIO = "minio/minio:RELEASE.2023-03-20T20-16-18Z";
    public static final String META_MIGRATION = "milvusdb/meta-migration:v2.2.0";
    private static final String HASH_LABEL = "io.milvus-gitops.fake";

    private FakeMilvusImages() {
    }

    public static String milvus(String version) {
        return "milvusdb/milvus:v" + version;
    }

    /** {@code milvusdb/milvus:v<version>}: a working fake Milvus of that version. */
    public static void milvus(DockerClient d, String version) {
        busyboxImage(d, milvus(version), "milvus.sh", "/milvus/bin/milvus", version);
    }

    /** {@code milvusdb/milvus:v<version>} as a bad build: every component exits with code 1 at once. */
    public static void badMilvus(DockerClient d, String version) {
        busyboxImage(d, milvus(version), "milvus-bad.sh", "/milvus/bin/milvus", version);
    }

    public static void metaMigration(DockerClient d) {
        busyboxImage(d, META_MIGRATION, "meta-migration.sh", "/milvus/bin/meta-migration", "2.2.0");
    }

    public static void minio(DockerClient d) {
        minio(d, MINIO);
    }

    /** A fake MinIO under another release tag ({@code minio/minio:RELEASE.2024-12-18T13-15-44Z}, the 2.6 Docker guide's). */
    public static void minio(DockerClient d, String tag) {
        busyboxImage(d, tag, "minio.sh", "/bin/minio", "minio");
    }

    /** The real etcd in a container: the binary and the C library it links, nothing else. */
    public static void etcd(DockerClient d) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("etcd", read(Path.of(Tools.require("etcd", "etcd-server"))));
        files.put("libc.so.6", read(Path.of("/lib/x86_64-linux-gnu/libc.so.6")));
        files.put("ld-linux-x86-64.so.2", read(Path.of("/lib64/ld-linux-x86-64.so.2")));
        build(d, ETCD, """
                FROM scratch
                COPY libc.so.6 /lib/x86_64-linux-gnu/libc.so.6
                COPY ld-linux-x86-64.so.2 /lib64/ld-linux-x86-64.so.2
                COPY etcd /usr/local/bin/etcd
                ENV PATH=/usr/local/bin
                """, files);
    }

    private static void busyboxImage(DockerClient d, String tag, String script, String path, String version) {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("busybox", staticBusybox());
        files.put("entry", resource(script));
        build(d, tag, """
                FROM scratch
                COPY busybox /bin/busybox
                RUN ["/bin/busybox", "--install", "-s", "/bin"]
                COPY entry %s
                ENV PATH=/milvus/bin:/bin MILVUS_FAKE_VERSION=%s
                LABEL org.opencontainers.image.version=%s
                """.formatted(path, version, version), files);
    }

    private static synchronized void build(DockerClient d, String tag, String dockerfile, Map<String, byte[]> files) {
        Map<String, byte[]> context = new LinkedHashMap<>(files);
        context.put("Dockerfile", dockerfile.getBytes(StandardCharsets.UTF_8));
        byte[] tar = tar(context);
        String hash = sha256(tar);
        try {
            var labels = d.inspectImageCmd(tag).exec().getConfig().getLabels();
            if (labels != null && hash.equals(labels.get(HASH_LABEL))) return;
        } catch (NotFoundException e) {
            // not built yet
        }
        String id = d.buildImageCmd(new ByteArrayInputStream(tar)).withTags(Set.of(tag)).withLabels(Map.of(HASH_LABEL, hash))
                .withPull(false).withRemove(true).exec(new BuildImageResultCallback()).awaitImageId(3, TimeUnit.MINUTES);
        if (id == null) fail("building " + tag + " returned no image");
    }

    private static byte[] staticBusybox() {
        byte[] b = read(Path.of(Tools.require("busybox", "busybox-static")));
        // A dynamically linked busybox (Debian's package "busybox") cannot run in an image FROM scratch.
        if (new String(b, StandardCharsets.ISO_8859_1).contains("/lib64/ld-linux")) {
            fail("the fake images need a static busybox: apt-get install -y busybox-static");
        }
        return b;
    }

    private static byte[] tar(Map<String, byte[]> files) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (TarArchiveOutputStream t = new TarArchiveOutputStream(out)) {
            t.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            for (var f : files.entrySet()) {
                TarArchiveEntry e = new TarArchiveEntry(f.getKey());
                e.setSize(f.getValue().length);
                e.setMode(0755);
                e.setModTime(0); // the same content makes the same archive, and the same hash
                t.putArchiveEntry(e);
                t.write(f.getValue());
                t.closeArchiveEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static byte[] resource(String name) {
        try (InputStream in = FakeMilvusImages.class.getResourceAsStream("/fake-images/" + name)) {
            if (in == null) throw new IllegalStateException("no test resource fake-images/" + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] read(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            return fail("cannot read " + p + ": " + e.getMessage());
        }
    }

    private static String sha256(byte[] b) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
