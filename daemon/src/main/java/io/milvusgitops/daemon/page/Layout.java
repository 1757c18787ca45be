package io.milvusgitops.daemon.page;

import static io.milvusgitops.daemon.page.Html.esc;

import io.milvusgitops.daemon.status.StatusReport;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/**
 * The frame of every page: the head (inline style, no external asset), the top bar with the Git source,
 * the desired commit and who leads, the banners every reader must see first (a simulation, a refused
 * commit), then the page's own content, and the little script that shows times in the reader's zone
 * and refreshes the content every 10 s. Without script, a {@code <noscript>} refresh does the same and
 * times stay in UTC.
 */
final class Layout {

    /** Which part of the site a page belongs to: its tab is marked in the top bar. */
    enum Tab { OVERVIEW, HISTORY, TARGET }

    /**
     * What a browser may run on these pages: the one inline script and style, by their digests; fetches to
     * this server; nothing from elsewhere, no frame, no plugin. A value that reaches a page through a
     * missed escape still cannot run.
     */
    static final String SECURITY_POLICY = "default-src 'none'; script-src '" + digest(Layout.SCRIPT) + "'; style-src '" + digest(Style.CSS)
            + "'; connect-src 'self'; img-src 'self' data:; form-action 'self'; base-uri 'none'; frame-ancestors 'none'";

    private Layout() {
    }

    /** A CSP source for an inline element: {@code sha256-} and the Base64 SHA-256 of its text. */
    private static String digest(String inline) {
        try {
            byte[] sha = MessageDigest.getInstance("SHA-256").digest(inline.getBytes(StandardCharsets.UTF_8));
            return "sha256-" + Base64.getEncoder().encodeToString(sha);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }

    static String page(String title, Tab tab, StatusReport r, String content) {
        StringBuilder h = new StringBuilder(16_384);
        h.append("<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
                .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
                .append("<noscript><meta http-equiv=\"refresh\" content=\"10\"></noscript>")
                .append("<title>").append(esc(title)).append("</title>\n<style>").append(Style.CSS).append("</style></head>\n<body>\n");
        h.append(top(tab, r));
        h.append("<main>\n");
        r.notice().ifPresent(n -> h.append("<div class=\"banner simulation\" id=\"simulation\">").append(esc(n)).append("</div>\n"));
        r.git().rejected().ifPresent(why -> h.append("<div class=\"banner rejected\" id=\"rejected\"><b>The newest commit is refused</b>; ")
                .append("the last good desired state stays in force: ").append(esc(why)).append("</div>\n"));
        r.git().lastError().ifPresent(e -> h.append("<div class=\"banner error\" id=\"git-error\"><b>Git does not answer</b>: ").append(esc(e))
                .append("</div>\n"));
        h.append(content);
        h.append("</main>\n<footer>milvus-gitops &middot; <a href=\"/api/v1/status\">/api/v1/status</a> &middot; <a href=\"/metrics\">/metrics</a>")
                .append(" &middot; refreshes every 10 s</footer>\n");
        h.append("<script>").append(SCRIPT).append("</script>\n</body></html>\n");
        return h.toString();
    }

    private static String top(Tab tab, StatusReport r) {
        StringBuilder h = new StringBuilder();
        h.append("<header class=\"top\"><span class=\"brand\">milvus-gitops</span><nav>")
                .append("<a href=\"/\"").append(tab == Tab.OVERVIEW ? " class=\"on\"" : "").append(">Overview</a>")
                .append("<a href=\"/history\"").append(tab == Tab.HISTORY ? " class=\"on\"" : "").append(">History</a></nav>")
                .append("<span class=\"source\">Git <b>").append(esc(r.git().url())).append("</b> (").append(esc(r.git().follows())).append(")")
                .append(" &middot; desired <span id=\"commit\">")
                .append(r.git().commit().isEmpty() ? "none yet" : Html.commit(r.git().commit())).append("</span>");
        r.leader().ifPresent(l -> h.append(" &middot; ").append(l.leading() ? "this replica leads" : "following " + esc(l.leader())));
        h.append(" &middot; as of ").append(Html.timeOnly(r.at())).append("</span></header>\n");
        return h.toString();
    }

    /**
     * Times in the reader's zone; every 10 s the page fetches itself and swaps the top bar and the content,
     * keeping the scroll position and open details, and leaving a form alone while it has the focus.
     */
    private static final String SCRIPT = """
            (function(){
              function pad(n){return String(n).padStart(2,'0');}
              function local(root){
                root.querySelectorAll('time[data-local]').forEach(function(t){
                  var d=new Date(t.getAttribute('datetime')); if(isNaN(d.getTime())) return;
                  var zone=''; try{var z=new Intl.DateTimeFormat(undefined,{timeZoneName:'short'}).formatToParts(d)
                    .filter(function(p){return p.type==='timeZoneName';})[0]; zone=z?' '+z.value:'';}catch(e){}
                  t.textContent=d.getFullYear()+'-'+pad(d.getMonth()+1)+'-'+pad(d.getDate())+' '+pad(d.getHours())+':'+pad(d.getMinutes())+zone;
                });
              }
              local(document);
              setInterval(function(){
                var a=document.activeElement; if(a&&a.closest&&a.closest('form')) return;
                fetch(location.href,{cache:'no-store'}).then(function(r){return r.ok?r.text():null;}).then(function(html){
                  if(!html) return;
                  var doc=new DOMParser().parseFromString(html,'text/html');
                  var open=[].map.call(document.querySelectorAll('details[open][id]'),function(d){return d.id;});
                  ['header.top','main'].forEach(function(s){var n=doc.querySelector(s),o=document.querySelector(s); if(n&&o){o.replaceWith(n); local(n);}});
                  open.forEach(function(id){var d=document.getElementById(id); if(d) d.open=true;});
                }).catch(function(){});
              },10000);
            })();
            """;
}
