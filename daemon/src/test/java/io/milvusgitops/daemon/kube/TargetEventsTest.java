package io.milvusgitops.daemon.kube;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.milvusgitops.daemon.audit.AuditEvent;
import io.milvusgitops.daemon.audit.AuditLog;
import io.milvusgitops.daemon.testing.EmulatedKube;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.target.Named;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Upgrade events land in the target's namespace as Kubernetes Events about its upgrade-record ConfigMap. */
class TargetEventsTest {

    static AuditLog.Entry entry(String event, String target, String outcome) {
        return new AuditLog.Entry(Instant.parse("2026-11-23T17:00:00Z"), Named.byId(AuditEvent.class, event).orElseThrow(), TargetKey.parse(target),
                "0123456789abcdef", "a1b2c3d4", outcome, "{}");
    }

    @Test
    void eachUpgradeEventBecomesAnEventBesideTheTarget() throws Exception {
        try (EmulatedKube kube = new EmulatedKube("milvus")) {
            TargetEvents events = new TargetEvents(key -> key.environment().equals("prod")
                    ? Optional.of(new TargetEvents.Place(kube.client(), "milvus")) : Optional.empty(), Clock.systemUTC(), "replica-a");
            events.accept(entry("planned", "prod/search", "plan 2.5.16 -> 2.6.15"));
            events.accept(entry("rolled-back", "prod/search", "NOT_READY at 'wait until every component is ready': querynode crash-loops"));
            events.accept(entry("completed", "dev/search", "not in Kubernetes: no Event"));
            events.accept(entry("blocked", "prod/search", "a long block: no upgrade record to point at, no Event"));
            events.close(); // waits for the queue

            List<Event> list = kube.client().v1().events().inNamespace("milvus").list().getItems();
            assertThat(list).extracting(Event::getReason).containsExactlyInAnyOrder("UpgradePlanned", "RolledBack");
            Event rolledBack = list.stream().filter(e -> e.getReason().equals("RolledBack")).findFirst().orElseThrow();
            assertThat(rolledBack.getType()).isEqualTo("Warning");
            assertThat(rolledBack.getInvolvedObject().getKind()).isEqualTo("ConfigMap");
            assertThat(rolledBack.getInvolvedObject().getName()).isEqualTo("milvus-gitops-prod-search");
            assertThat(rolledBack.getMessage()).contains("querynode crash-loops").contains("plan a1b2c3d4");
            assertThat(rolledBack.getReportingInstance()).isEqualTo("replica-a");
            assertThat(Instant.parse(rolledBack.getLastTimestamp())).isBeforeOrEqualTo(Instant.now());
            assertThat(kube.client().v1().events().inAnyNamespace().list().getItems()).hasSize(2);
        }
    }
}
