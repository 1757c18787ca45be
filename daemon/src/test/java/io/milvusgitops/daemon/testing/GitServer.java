package io.milvusgitops.daemon.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

/**
 * A real Git server over loopback, serving every bare repository in {@code base}: {@code git daemon}
 * (git://) or smart HTTP ({@code git http-backend} as CGI behind busybox httpd). It can be stopped and
 * started again on the same port, to play a server that goes away and comes back.
 */
public final class GitServer implements AutoCloseable {

    public enum Kind { GIT_DAEMON, SMART_HTTP }

    private final Kind kind;
    private final Path base;
    private final int port;
    /** Smart HTTP only: "user:password" required by busybox httpd's basic auth, or null. */
    private final String basicAuth;
    private Process process;

    private GitServer(Kind kind, Path base, String basicAuth) throws IOException {
        this.kind = kind;
        this.base = base;
        this.port = Tools.freePort();
        this.basicAuth = basicAuth;
    }

    public static GitServer start(Kind kind, Path base) throws IOException, InterruptedException {
        GitServer s = new GitServer(kind, base, null);
        s.start();
        return s;
    }

    /** Smart HTTP that requires HTTP basic auth with this user and password (a token, as GitHub takes one). */
    public static GitServer smartHttpWithAuth(Path base, String user, String password) throws IOException, InterruptedException {
        GitServer s = new GitServer(Kind.SMART_HTTP, base, user + ":" + password);
        s.start();
        return s;
    }

    public String url(String repo) {
        return switch (kind) {
            case GIT_DAEMON -> "git://127.0.0.1:" + port + "/" + repo;
            case SMART_HTTP -> "http://127.0.0.1:" + port + "/cgi-bin/git/" + repo;
        };
    }

    public int port() {
        return port;
    }

    public synchronized void start() throws IOException, InterruptedException {
        List<String> command = switch (kind) {
            case GIT_DAEMON -> List.of(Tools.require("git", "git"), "daemon", "--listen=127.0.0.1", "--port=" + port,
                    "--base-path=" + base, "--export-all", "--enable=receive-pack", "--reuseaddr", base.toString());
            case SMART_HTTP -> httpd();
        };
        process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        Tools.awaitPort(port, process);
    }

    private List<String> httpd() throws IOException {
        String busybox = Tools.require("busybox", "busybox-static");
        String backend = Tools.require("git-http-backend", "git");
        Path www = base.resolveSibling(base.getFileName() + "-www");
        Path cgi = www.resolve("cgi-bin");
        Files.createDirectories(cgi);
        Path script = cgi.resolve("git");
        Files.writeString(script, "#!/bin/sh\nexport GIT_PROJECT_ROOT='" + base + "'\nexport GIT_HTTP_EXPORT_ALL=1\nexec '" + backend + "'\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        if (basicAuth == null) {
            return List.of(busybox, "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", www.toString());
        }
        Path conf = www.resolveSibling(www.getFileName() + ".conf");
        Files.writeString(conf, "/cgi-bin:" + basicAuth + "\n");
        return List.of(busybox, "httpd", "-f", "-p", "127.0.0.1:" + port, "-h", www.toString(), "-c", conf.toString());
    }

    public synchronized void stop() throws InterruptedException {
        if (process != null) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor();
            process = null;
        }
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
