package io.milvusgitops.daemon.kube;

import io.milvusgitops.daemon.driver.FailureReason;
import io.milvusgitops.daemon.driver.StepContext;
import io.milvusgitops.daemon.driver.StepOutcome.Done;
import io.milvusgitops.daemon.driver.StepOutcome.Failed;
import io.milvusgitops.daemon.driver.StepOutcome;
import io.milvusgitops.daemon.milvus.MilvusProbe;
import io.milvusgitops.policy.path.Step;
import io.milvusgitops.policy.target.Component;
import java.io.IOException;
import java.util.Map;
import java.util.Optional;

/**
 * The last step of every hop of a Milvus in Kubernetes, Helm's or the operator's: its entry component (the
 * standalone, else the proxy) serves, Milvus's {@code /healthz} behind {@code service} says OK, and Milvus itself,
 * asked through its SDK over a port-forward to the service, answers the hop's version, healthy, and a read of the
 * target's canary collection where it names one. Any of them wrong fails the hop (it rolls back).
 */
public final class KubeSmokeTest {

    private final Healthz healthz;
    private final MilvusPortForward milvus;

    public KubeSmokeTest(Healthz healthz, MilvusPortForward milvus) {
        this.healthz = healthz;
        this.milvus = milvus;
    }

    /** {@code components}: the deployment's components as observed; {@code service}: the one in front of its entry component. */
    public StepOutcome run(StepContext ctx, Step.SmokeTest step, Map<Component, ComponentState> components, String namespace, String service)
            throws IOException {
        Component entry = components.containsKey(Component.STANDALONE) ? Component.STANDALONE : Component.PROXY;
        ComponentState c = components.get(entry);
        if (c == null || c.readyReplicas() == 0) return Failed.fatal(FailureReason.NOT_READY, "smoke test: " + entry + " is not serving");
        Optional<String> sick = healthz.problem(namespace, service);
        if (sick.isPresent()) return Failed.fatal(FailureReason.NOT_READY, "smoke test: " + sick.get());
        MilvusProbe.Answer answer = milvus.ask(namespace, service, step.version(), ctx.target().smokeTestCollection());
        if (answer.problem().isPresent()) return Failed.fatal(FailureReason.NOT_READY, "smoke test: " + answer.problem().get());
        return new Done("smoke test: " + entry + " serves (" + c.readyReplicas() + " ready), /healthz says OK; " + answer.summary());
    }
}
