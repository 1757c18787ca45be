package io.milvusgitops.daemon.milvus;

import static org.assertj.core.api.Assertions.assertThat;

import io.milvusgitops.policy.version.Version;
import io.milvusgitops.simulator.milvus.MilvusAnswers;
import io.milvusgitops.simulator.milvus.MilvusStandIn;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The SDK's questions against the stand-in that answers as a Milvus proxy does, right and wrong. */
class MilvusProbeTest {

    private static final Version V2516 = Version.parse("2.5.16");

    private final AtomicReference<Optional<String>> image = new AtomicReference<>(Optional.of("v2.5.16"));
    private final MilvusAnswers answers = new MilvusAnswers();
    private final MilvusStandIn milvus = new MilvusStandIn(image::get, answers);
    private final MilvusProbe probe = new MilvusProbe(Duration.ofSeconds(3));

    @AfterEach
    void stop() {
        milvus.close();
    }

    @Test
    void passesWhenMilvusAnswersTheVersionTheHopWentToAndIsHealthy() {
        MilvusProbe.Answer a = probe.ask(milvus.address(), V2516, Optional.empty());
        assertThat(a.problem()).isEmpty();
        assertThat(a.summary()).contains("GetVersion 2.5.16").contains("healthy");
    }

    @Test
    void failsWhenTheProxyAnswersAnotherVersionThanItsPodsSay() {
        answers.reportVersion("v2.4.5");
        assertThat(probe.ask(milvus.address(), V2516, Optional.empty()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("'v2.4.5'").contains("not 2.5.16"));
    }

    @Test
    void failsWhenMilvusSaysItIsNotHealthy() {
        answers.unhealthy("querynode 12 is down");
        assertThat(probe.ask(milvus.address(), V2516, Optional.empty()).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("not healthy").contains("querynode 12 is down"));
    }

    @Test
    void readsTheCanaryCollectionWhereTheTargetNamesOne() {
        answers.collection("canary", 42);
        MilvusProbe.Answer a = probe.ask(milvus.address(), V2516, Optional.of("canary"));
        assertThat(a.problem()).isEmpty();
        assertThat(a.summary()).contains("canary collection canary (42 rows)");
        assertThat(probe.ask(milvus.address(), V2516, Optional.of("missing")).problem())
                .hasValueSatisfying(p -> assertThat(p).contains("canary collection missing").doesNotContain("Exception"));
    }

    @Test
    void aMilvusThatDoesNotAnswerIsAProblemWithinTheTimeoutNotAHang() {
        answers.refusing(true);
        long start = System.nanoTime();
        assertThat(probe.ask(milvus.address(), V2516, Optional.empty()).problem()).hasValueSatisfying(p -> assertThat(p)
                .contains("did not answer").doesNotContain("Exception").doesNotContain("\tat "));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
        InetSocketAddress nobody = new InetSocketAddress("127.0.0.1", 1);
        assertThat(probe.ask(nobody, V2516, Optional.empty()).problem()).isPresent();
    }
}
