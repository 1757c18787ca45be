package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small file system of its own (a tmpfs of a few hundred KB mounted at a directory), so that a test can fill it
 * the way a full disk is full: writes fail with "No space left on device" from the kernel, not from a fake.
 * Mounting needs root (or CAP_SYS_ADMIN), as the tests run in CI.
 */
public final class SmallDisk implements AutoCloseable {

    private final Path dir;
    private final Path ballast;

    private SmallDisk(Path dir) {
        this.dir = dir;
        this.ballast = dir.resolve(".ballast");
    }

    /** Mounts a tmpfs of {@code kilobytes} KB at {@code dir} (created if missing). */
    public static SmallDisk mount(Path dir, int kilobytes) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        String out = Tools.run(dir.getParent(), Map.of(), "/bin/sh", "-c",
                "mount -t tmpfs -o size=" + kilobytes + "k tmpfs '" + dir + "' 2>&1; echo rc=$?");
        if (!out.contains("rc=0")) {
            throw new AssertionError("a full disk is simulated by a small tmpfs, and mounting one failed (" + out.strip()
                    + "): run the tests as root or with CAP_SYS_ADMIN, as bin/test and CI do");
        }
        return new SmallDisk(dir);
    }

    public Path dir() {
        return dir;
    }

    /** Fills the file system until the kernel refuses another byte. */
    public void fill() throws IOException {
        byte[] block = new byte[4096];
        try (OutputStream out = Files.newOutputStream(ballast)) {
            while (true) out.write(block);
        } catch (IOException full) {
            if (!String.valueOf(full.getMessage()).contains("No space left")) throw full;
        }
    }

    /** Frees what {@link #fill} took. */
    public void free() throws IOException {
        Files.deleteIfExists(ballast);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        Tools.run(dir.getParent(), Map.of(), "/bin/sh", "-c", "umount -l '" + dir + "' 2>&1; echo rc=$?");
    }
}
