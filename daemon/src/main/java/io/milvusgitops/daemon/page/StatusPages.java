package io.milvusgitops.daemon.page;

import io.milvusgitops.daemon.http.Pages;
import io.milvusgitops.daemon.status.StatusReport;
import io.milvusgitops.policy.fleet.TargetKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The pages people read, all drawn from the status API ({@link StatusReport}), the same records
 * {@code /api/v1/status} and {@code status -o json} give:
 * <ul>
 *   <li>{@code /}: the pipeline, the targets, their versions over time, the newest history;</li>
 *   <li>{@code /targets/<environment>/<target>}: one target and its whole plan;</li>
 *   <li>{@code /history?environment=&target=}: the history, filtered.</li>
 * </ul>
 * Server-rendered HTML that works without script, with no external asset.
 */
public final class StatusPages implements Pages {

    /** An environment's name has no slash; the rest is the target's name. */
    private static final Pattern TARGET = Pattern.compile("/targets/([^/]+)/(.+)");

    private final Supplier<StatusReport> status;

    public StatusPages(Supplier<StatusReport> status) {
        this.status = status;
    }

    @Override
    public Optional<Page> render(String path, Map<String, List<String>> query) {
        if (path.equals("/")) return Optional.of(html(OverviewPage.render(status.get())));
        if (path.equals("/history") || path.equals("/history/")) {
            return Optional.of(html(HistoryPage.render(status.get(), HistoryFilter.of(query))));
        }
        Matcher m = TARGET.matcher(path);
        if (m.matches()) {
            StatusReport r = status.get();
            TargetKey key = new TargetKey(m.group(1), m.group(2));
            return Optional.of(TargetPage.render(r, key).map(StatusPages::html).orElseGet(() -> new Page(404, "text/html; charset=utf-8",
                    Layout.page("Not found - milvus-gitops", Layout.Tab.TARGET, r, "<h2>No such target</h2><p class=\"muted\" id=\"not-found\">"
                            + Html.esc(key.toString()) + " is in no environment of the desired state. <a href=\"/\">Back to the overview</a></p>"),
                    Layout.SECURITY_POLICY)));
        }
        return Optional.empty();
    }

    private static Page html(String body) {
        return Page.html(body, Layout.SECURITY_POLICY);
    }
}
