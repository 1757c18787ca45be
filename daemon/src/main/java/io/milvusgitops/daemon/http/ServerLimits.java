package io.milvusgitops.daemon.http;

import java.time.Duration;

/**
 * What one client may cost the HTTP server, so that slow or many clients cannot stop {@code /healthz}
 * (docs/config.md, "Limits"):
 *
 * @param headerTimeout   the whole request head (request line and headers) must arrive within this
 *                        time of the connection's opening or of the previous response; a client that
 *                        sends one byte a second is closed then, whatever the idle timeout
 * @param idleTimeout     a connection silent this long is closed
 * @param bodyTimeout     a webhook body must arrive whole within this time of its head (408 otherwise)
 * @param maxConnections  connections open at once; beyond it the server stops accepting for a while
 *                        and shortens the idle timeout of the open ones
 * @param maxWebhooks     webhook requests handled at once; more wait (without a thread) or get 503, so
 *                        a webhook flood leaves the threads of the probes and metrics alone
 * @param maxHeaderBytes  the largest request head (431 beyond it)
 */
public record ServerLimits(Duration headerTimeout, Duration idleTimeout, Duration bodyTimeout, int maxConnections, int maxWebhooks,
                           int maxHeaderBytes) {

    public static final ServerLimits DEFAULT = new ServerLimits(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(10), 256, 8,
            8 << 10);
}
