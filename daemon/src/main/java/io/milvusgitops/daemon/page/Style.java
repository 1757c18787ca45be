package io.milvusgitops.daemon.page;

/**
 * The pages' look, inline in every page: the daemon runs air-gapped, so there is no stylesheet, font
 * or script to fetch. Colours say the state and words say it too (a badge is never colour alone).
 */
final class Style {

    private Style() {
    }

    static final String CSS = """
            :root{--fg:#1f2328;--muted:#59636e;--line:#d1d9e0;--bg:#f6f8fa;--card:#fff;
              --green:#1a7f37;--green-bg:#dafbe1;--amber:#9a6700;--amber-bg:#fff8c5;--red:#cf222e;--red-bg:#ffebe9;
              --blue:#0969da;--blue-bg:#ddf4ff;--grey:#59636e;--grey-bg:#eaeef2;--violet:#8250df;--violet-bg:#fbefff}
            *{box-sizing:border-box}
            body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif;color:var(--fg);background:var(--bg)}
            a{color:var(--blue);text-decoration:none} a:hover{text-decoration:underline}
            code,.mono{font-family:ui-monospace,SFMono-Regular,"SF Mono",Menlo,Consolas,"Liberation Mono",monospace;font-size:.92em}
            header.top{background:#1f2328;color:#f0f3f6;padding:.7rem 1.5rem;display:flex;flex-wrap:wrap;gap:.4rem 1.5rem;align-items:center}
            header.top .brand{font-weight:700;font-size:1.1rem;color:#fff;letter-spacing:.2px}
            header.top nav a{color:#d1d9e0;margin-right:1rem} header.top nav a.on{color:#fff;font-weight:600;border-bottom:2px solid #fff}
            header.top .source{margin-left:auto;color:#afb8c1;font-size:.85rem}
            header.top .source b{color:#f0f3f6;font-weight:600} header.top code{color:#f0f3f6}
            main{padding:1.2rem 1.5rem 2rem;max-width:1400px;margin:0 auto}
            h2{font-size:1.05rem;margin:1.6rem 0 .7rem;color:var(--fg)} h2 .muted{font-weight:400}
            h3{font-size:.95rem;margin:1.2rem 0 .5rem}
            .muted{color:var(--muted)} .small{font-size:.85rem}
            .banner{border:1px solid;border-radius:6px;padding:.6rem .9rem;margin:.2rem 0 1rem}
            .banner.simulation{background:var(--amber-bg);border-color:#d4a72c;font-weight:600}
            .banner.rejected{background:var(--red-bg);border-color:#ff8182}
            .banner.error{background:var(--red-bg);border-color:#ff8182}
            .pipeline{display:flex;align-items:stretch;gap:0;overflow-x:auto;padding-bottom:.3rem}
            .column{display:flex;flex-direction:column;gap:.7rem;min-width:15rem;flex:1}
            .arrow{align-self:center;color:#8c959f;font-size:1.7rem;padding:0 .7rem;line-height:1}
            .stage{background:var(--card);border:1px solid var(--line);border-left:5px solid var(--grey);border-radius:8px;padding:.7rem .9rem;flex:1}
            .stage.stage-ok{border-left-color:var(--green)} .stage.stage-drift{border-left-color:#d4a72c} .stage.stage-busy{border-left-color:var(--blue)}
            .stage.stage-bad{border-left-color:var(--red)} .stage.stage-unknown{border-left-color:#8c959f}
            .stage .name{font-weight:700;font-size:1.05rem} .stage .from{float:right;font-size:.78rem;color:var(--muted)}
            .stage .version{font:600 1.5rem/1.3 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;margin:.15rem 0}
            .stage .set{font-size:.82rem;color:var(--muted);overflow-wrap:anywhere}
            .dots{margin-top:.45rem;display:flex;flex-wrap:wrap;gap:.3rem}
            .dot{font-size:.76rem;border-radius:10px;padding:0 .45rem;white-space:nowrap}
            .env-head{display:flex;align-items:baseline;gap:.6rem;margin:1.4rem 0 .6rem} .env-head h2{margin:0}
            .cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(330px,1fr));gap:1rem} .cards.single{grid-template-columns:minmax(0,760px)}
            .card{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.8rem 1rem;min-width:0}
            .card.unknown{border-style:dashed;background:#fbfbfc}
            .card .title{display:flex;align-items:baseline;gap:.5rem;font-size:1.02rem;font-weight:700;overflow-wrap:anywhere}
            .card .title .method{margin-left:auto;font-weight:400;font-size:.78rem;color:var(--muted)}
            .versions{margin:.35rem 0 .45rem;font-size:.92rem} .versions b{font-family:ui-monospace,Menlo,Consolas,monospace}
            .badges{display:flex;flex-wrap:wrap;gap:.35rem;margin:.3rem 0}
            .badge{display:inline-block;border-radius:12px;padding:.05rem .55rem;font-size:.78rem;font-weight:600;white-space:nowrap}
            .ok,.Synced,.Healthy,.allow,.completed,.done{background:var(--green-bg);color:var(--green)}
            .OutOfSync,.wait,.step-failed,.Suspended{background:var(--amber-bg);color:var(--amber)}
            .Degraded,.deny,.halted,.rolled-back,.failed{background:var(--red-bg);color:var(--red)}
            .Progressing,.upgrading,.planned,.running,.rolling-back{background:var(--blue-bg);color:var(--blue)}
            .Unknown,.in-sync,.step-done,.superseded,.pending{background:var(--grey-bg);color:var(--grey)}
            .Missing,.approval,.blocked{background:var(--violet-bg);color:var(--violet)}
            .why{color:var(--muted);font-size:.85rem;margin-top:.4rem;overflow-wrap:anywhere}
            .objections{list-style:none;margin:.5rem 0 0;padding:0}
            .objections li{border-left:3px solid #d4a72c;background:#fffdf0;padding:.35rem .6rem;margin:.35rem 0;border-radius:0 4px 4px 0;overflow-wrap:anywhere}
            .objections li.obj-deny{border-left-color:var(--red);background:#fff8f8} .objections li.obj-needs-approval{border-left-color:var(--violet);background:#fdf8ff}
            .objections .rule{font-weight:700;color:var(--amber)} .obj-deny .rule{color:var(--red)} .obj-needs-approval .rule{color:var(--violet)}
            .objections .remedy,.objections .until{font-size:.85rem;color:var(--muted)} .objections .until time{color:var(--fg);font-weight:600}
            .progress{background:#f6faff;border:1px solid #b6e3ff;border-radius:6px;padding:.55rem .7rem;margin:.55rem 0}
            .progress.halted-box{background:#fff8f8;border-color:#ffcecb}
            .progress .line{font-size:.86rem;overflow-wrap:anywhere} .progress .line b{font-weight:600}
            .bar{height:9px;background:var(--grey-bg);border-radius:5px;overflow:hidden;margin:.4rem 0}
            .bar>span{display:block;height:100%;background:var(--blue);border-radius:5px}
            .bar.back>span{background:#d4a72c}
            .hops{list-style:none;padding:0;margin:0}
            .hops>li{background:var(--card);border:1px solid var(--line);border-radius:8px;margin:.7rem 0;padding:.6rem .9rem}
            .hops .hop-head{display:flex;flex-wrap:wrap;gap:.5rem;align-items:baseline;font-weight:600}
            ol.steps{margin:.4rem 0 0;padding-left:1.8rem} ol.steps li{margin:.15rem 0;overflow-wrap:anywhere}
            ol.steps li.pending{background:none;color:var(--muted)} ol.steps li.done{background:none;color:var(--fg)}
            ol.steps li.running{background:var(--blue-bg);color:var(--fg);border-radius:4px;font-weight:600}
            ol.steps li.failed{background:var(--red-bg);color:var(--fg);border-radius:4px}
            .st{display:inline-block;width:1.2rem;text-align:center;font-weight:700}
            .st.done{background:none;color:var(--green)} .st.running{background:none;color:var(--blue)}
            .st.failed{background:none;color:var(--red)} .st.pending{background:none;color:#8c959f}
            details summary{cursor:pointer;color:var(--muted);font-size:.85rem;margin-top:.4rem}
            .table-wrap{overflow-x:auto;background:var(--card);border:1px solid var(--line);border-radius:8px}
            table.history{width:100%;border-collapse:collapse;font-size:.86rem}
            table.history th{text-align:left;font-weight:600;color:var(--muted);background:#f6f8fa;border-bottom:1px solid var(--line);padding:.45rem .7rem;white-space:nowrap}
            table.history td{border-bottom:1px solid #eaeef2;padding:.4rem .7rem;vertical-align:top}
            table.history td.when,table.history td.target,table.history td.event{white-space:nowrap} table.history td.outcome{overflow-wrap:anywhere;min-width:14rem}
            table.history tr:last-child td{border-bottom:none}
            form.filter{display:flex;flex-wrap:wrap;gap:.6rem;align-items:end;margin:.4rem 0 1rem}
            form.filter label{display:flex;flex-direction:column;font-size:.8rem;color:var(--muted);gap:.15rem}
            form.filter select,form.filter button{font:inherit;padding:.3rem .5rem;border:1px solid var(--line);border-radius:6px;background:#fff}
            form.filter button{background:#1f2328;color:#fff;border-color:#1f2328;cursor:pointer}
            .chart{background:var(--card);border:1px solid var(--line);border-radius:8px;padding:.6rem .8rem}
            .chart svg{width:100%;height:auto;display:block} .chart svg.narrow{display:none}
            .legend{list-style:none;padding:0;margin:.4rem 0 0;display:flex;flex-wrap:wrap;gap:.3rem 1rem;font-size:.82rem}
            .legend i{display:inline-block;width:.9rem;height:.25rem;border-radius:2px;vertical-align:middle;margin-right:.35rem}
            .crumbs{font-size:.85rem;color:var(--muted);margin-bottom:.3rem}
            .facts{display:grid;grid-template-columns:max-content 1fr;gap:.2rem 1rem;font-size:.88rem;margin:.4rem 0}
            .facts dt{color:var(--muted)} .facts dd{margin:0;overflow-wrap:anywhere}
            footer{color:var(--muted);font-size:.78rem;text-align:center;padding:1rem}
            @media (max-width:720px){
              header.top{padding:.6rem 1rem} header.top .source{margin-left:0;width:100%}
              main{padding:1rem .8rem 2rem}
              .pipeline{flex-direction:column} .column{min-width:0}
              .arrow{transform:rotate(90deg);padding:.35rem 0}
              .cards{grid-template-columns:1fr}
              table.history thead{display:none}
              table.history tr{display:block;border-bottom:1px solid #eaeef2;padding:.35rem 0}
              table.history td{display:block;border:none;padding:.1rem .7rem} table.history td.outcome{min-width:0}
              table.history td.commit{display:none}
              .chart svg.wide{display:none} .chart svg.narrow{display:block}
            }
            """;
}
