package io.milvusgitops.daemon.milvus;

import io.milvus.v2.client.ConnectConfig;
import io.milvus.v2.client.MilvusClientV2;
import io.milvus.v2.client.RetryConfig;
import io.milvus.v2.service.utility.response.CheckHealthResp;
import io.milvus.v2.service.vector.request.QueryReq;
import io.milvus.v2.service.vector.response.QueryResp;
import io.milvusgitops.daemon.safety.Echo;
import io.milvusgitops.daemon.safety.Failures;
import io.milvusgitops.policy.version.Version;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The smoke test's questions to Milvus itself, through the official Java SDK, as the upgrade guides end: which
 * version do you run ({@code GetVersion}: pods that say 2.6 in front of a proxy that answers 2.5 are not
 * upgraded), are you healthy ({@code CheckHealth}), and, where the target names a canary collection, can you
 * read it (a {@code count(*)} query). One short-lived client per question set: a smoke test runs once a hop.
 */
public final class MilvusProbe {

    /** Milvus's gRPC port, where the SDK talks to a proxy or standalone (its {@code milvus} port in the chart and the operator). */
    public static final int GRPC_PORT = 19530;
    /** Longer than a healthy proxy ever needs, short enough that a step's deadline is not spent on one answer. */
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);

    private final Duration timeout;

    public MilvusProbe(Duration timeout) {
        this.timeout = timeout;
    }

    /** What Milvus at {@code address} answered; {@link Answer#problem} says what was wrong, if anything. */
    public Answer ask(InetSocketAddress address, Version expected, Optional<String> canaryCollection) {
        ConnectConfig config = ConnectConfig.builder()
                .uri("http://" + address.getHostString() + ":" + address.getPort())
                .connectTimeoutMs(timeout.toMillis())
                .rpcDeadlineMs(timeout.toMillis())
                .build();
        MilvusClientV2 client = null;
        try {
            client = new MilvusClientV2(config);
            // The step is retried on the next pass when it fails; the SDK's own retries would only spend its deadline.
            client.retryConfig(RetryConfig.builder().maxRetryTimes(1).build());
            String reported = client.getServerVersion();
            Optional<Version> running = Version.tryParse(reported);
            if (running.isEmpty() || !running.get().equals(expected)) {
                return Answer.problem("Milvus answers GetVersion with '" + Echo.of(reported) + "', not " + expected
                        + ": the proxy that serves clients does not run the new version");
            }
            CheckHealthResp health = client.checkHealth();
            if (!Boolean.TRUE.equals(health.getIsHealthy())) {
                List<String> reasons = health.getReasons() == null ? List.of() : health.getReasons();
                return Answer.problem("Milvus " + expected + " answers CheckHealth: not healthy"
                        + (reasons.isEmpty() ? "" : " (" + Failures.sentence(String.join("; ", reasons)) + ")"));
            }
            if (canaryCollection.isEmpty()) {
                return Answer.passed("Milvus answers GetVersion " + expected + " and CheckHealth healthy");
            }
            QueryResp rows = client.query(QueryReq.builder().collectionName(canaryCollection.get()).filter("")
                    .outputFields(List.of("count(*)")).build());
            Object count = rows.getQueryResults().isEmpty() ? "?" : rows.getQueryResults().getFirst().getEntity().get("count(*)");
            return Answer.passed("Milvus answers GetVersion " + expected + ", CheckHealth healthy, and a read of canary collection "
                    + canaryCollection.get() + " (" + count + " rows)");
        } catch (RuntimeException e) {
            // The SDK wraps gRPC's status (UNAVAILABLE, DEADLINE_EXCEEDED) and Milvus's own (collection not found) in one
            // unchecked exception: its message, made safe, is the answer.
            return Answer.problem("Milvus at the proxy's port did not answer" + canaryCollection.map(c -> " (canary collection " + c + ")").orElse("")
                    + ": " + Failures.describe(e));
        } finally {
            if (client != null) client.close();
        }
    }

    /** What Milvus said: a sentence for the step's outcome, and what was wrong if the smoke test fails. */
    public record Answer(String summary, Optional<String> problem) {
        static Answer passed(String summary) {
            return new Answer(summary, Optional.empty());
        }

        static Answer problem(String why) {
            return new Answer(why, Optional.of(why));
        }
    }
}
