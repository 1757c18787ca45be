package io.milvusgitops.daemon.page;

import io.milvusgitops.daemon.git.LastChange;
import io.milvusgitops.daemon.record.UpgradeRecord;
import io.milvusgitops.daemon.status.StatusReport.HopState;
import io.milvusgitops.daemon.status.StatusReport.StepState;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.daemon.status.Sync;
import io.milvusgitops.daemon.status.TargetStatus;
import io.milvusgitops.policy.fleet.TargetKey;
import io.milvusgitops.policy.live.Health;
import io.milvusgitops.policy.target.DeployMethod;
import io.milvusgitops.policy.verdict.Objection;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A status whose every text a person or a repository could write holds markup: the pages must show it as text. */
final class HostileReport {

    static final String NAME = "<script>alert(1)</script>\"'&x";
    static final String NAME_IN_URL = URLEncoder.encode(NAME, StandardCharsets.UTF_8).replace("+", "%20");

    private HostileReport() {
    }

    static String js(int n) {
        return "<script>alert(" + n + ")</script><img src=x onerror=alert(" + n + ")>";
    }

    static StatusReport of(StatusReport base) {
        TargetKey key = new TargetKey("prod", NAME);
        var at = base.at();
        TargetStatus target = new TargetStatus(key, DeployMethod.HELM, "2.6.15", Optional.of(js(2)), Sync.OUT_OF_SYNC, Health.DEGRADED, true, false,
                "wait", Optional.of(at.plusSeconds(3600)), List.of(Objection.waitUntil(js(3), at.plusSeconds(600), js(4), js(5))), js(6),
                Optional.of(js(7)), at);
        TargetStatus unknown = new TargetStatus(new TargetKey("prod", js(8)), DeployMethod.COMPOSE, js(9), Optional.empty(), Sync.UNKNOWN,
                Health.UNKNOWN, false, false, "in-sync", Optional.empty(), List.of(), js(10), Optional.of(js(11)), at);
        var step = new StatusReport.StepStatus(js(12), js(13), StepState.RUNNING, Optional.of(Duration.ofSeconds(3)));
        var hop = new StatusReport.HopStatus(js(14), js(15), js(16), true, HopState.RUNNING, List.of(step), List.of(step));
        var plan = new StatusReport.PlanStatus(key, js(17), js(18), js(19), js(20), 1, 1, js(21), 1, 1, UpgradeRecord.Phase.RUNNING, js(22), at,
                Optional.of(js(23)), Optional.of(at), Optional.of(at), 0, 1, Optional.empty(), Optional.of(js(44)), Optional.of(js(24)), List.of(hop));
        var env = new StatusReport.EnvironmentStatus("prod", Optional.of(js(25)), js(26), Optional.of(new LastChange(js(27), at, js(28), js(29))));
        var history = new StatusReport.HistoryItem(at, js(30), key, js(31), js(32), js(33), Optional.of(js(34)), Optional.of(js(35)));
        return new StatusReport(at, Optional.of(js(36)), new StatusReport.Git(js(37), js(38), js(39), false, Optional.of(js(40)), Optional.of(js(41))),
                Optional.of(new StatusReport.Leader(js(42), false, js(43))), List.of(env), List.of(target, unknown), List.of(plan), List.of(history));
    }
}
