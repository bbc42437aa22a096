/**
 * The page's inline style sheet (the script is in script.ts). Both are constant, so the page's
 * Content Security Policy can allow exactly them by hash: nothing else (an injected handler or
 * script) would run.
 */

/** Colours of the series, shared by the charts' CSS and the legend. */
export const COLOURS = {
  desired: '#5b6170',
  reported: '#56b4e9',
  endpoints: '#cc79a7',
  ready: '#009e73',
  serving: '#e69f00',
} as const;

/** The style sheet. */
export const CSS = `
:root{--bg:#f6f7f9;--card:#fff;--ink:#1f2430;--dim:#6b7280;--line:#e3e6eb;--miss:#fde2e0;--miss-ink:#b42318;--below:#fff3d6;--below-ink:#8a5a00;--ok:#3aa76d;--degraded:#e0a526;--down:#d64545;--cols:1}
@media (min-width:1000px){:root{--cols:2}}
@media (min-width:1500px){:root{--cols:3}}
*{box-sizing:border-box}[hidden]{display:none!important}
body{margin:0;background:var(--bg);color:var(--ink);font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}
main{max-width:1880px;margin:0 auto;padding:14px 24px 40px}
h1{font-size:22px;margin:0 0 6px;font-weight:650}h1 .brand{color:var(--dim);font-weight:500}
h2{font-size:17px;margin:26px 0 8px;font-weight:650}
nav{font-size:13px;margin:2px 0 10px}nav a{margin-right:14px}
a{color:#1f5fbf;text-decoration:none}a:hover{text-decoration:underline}
.dim{color:var(--dim)}.note{color:var(--dim);font-size:12.5px;margin:6px 0;max-width:1100px}
.facts{display:flex;flex-wrap:wrap;gap:4px 22px;margin:0 0 12px;font-size:13px}.facts div{display:flex;gap:6px}.facts dt{color:var(--dim)}.facts dd{margin:0;font-weight:600}
.tiles{display:flex;flex-wrap:wrap;gap:10px}.tile{background:var(--card);border:1px solid var(--line);border-left:4px solid var(--line);border-radius:6px;padding:6px 12px;min-width:130px}
.tile .v{font-size:19px;font-weight:650}.tile .k{font-size:12px;color:var(--dim)}.tile.good{border-left-color:var(--ok)}.tile.warn{border-left-color:var(--degraded)}.tile.bad{border-left-color:var(--down)}
.scroll{overflow:auto;background:var(--card);border:1px solid var(--line);border-radius:6px}
table{border-collapse:collapse;font-size:13px;width:100%}th,td{padding:3px 9px;text-align:right;white-space:nowrap;border-bottom:1px solid var(--line)}
th{background:#eef0f4;font-weight:600;position:sticky;top:0;z-index:1}thead tr:nth-child(2) th{top:24px}
td.name,th.name{text-align:left}th[title]{cursor:help}sup.tip{color:var(--dim);font-size:9px;margin-left:2px}td.pct{font-variant-numeric:tabular-nums}td{font-variant-numeric:tabular-nums}
tr.miss td{background:var(--miss)}tr.miss td.name a,tr.miss td.name{color:var(--miss-ink);font-weight:600}tr.below td{background:var(--below)}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:-1px;border:1px solid #0002}.swatch.miss{background:var(--miss)}.swatch.sok{background:var(--ok)}.swatch.sdeg{background:var(--degraded)}.swatch.sdown{background:var(--down)}.swatch.below{background:var(--below)}
table.cp{width:auto;background:var(--card);border:1px solid var(--line)}table.cp th{position:static;text-align:left}table.cp td{text-align:left}
table.faults td,table.faults th,table.events td,table.events th{text-align:left}tr.skipped td{color:var(--dim);font-style:italic}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12.5px;align-items:center;margin:4px 0 8px}.legend svg{display:inline-block;width:auto;vertical-align:middle;margin-right:5px}
.charts{display:flex;flex-direction:column;gap:8px}
.tlrow{background:var(--bg);padding:4px 0 8px}
@media (min-width:1000px) and (min-height:700px){.tlrow{position:sticky;top:0;z-index:3}}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:6px 8px 2px;margin:0}
@media (min-width:1000px){.card.row{display:grid;grid-template-columns:230px minmax(0,1fr);gap:10px;align-items:center}.card.row figcaption{flex-direction:column;align-items:flex-start;white-space:normal}.card.row figcaption .obj{margin-left:0}}
.tlhead{font-size:12px;color:var(--dim);font-weight:600}.zoombar{font-size:12px;margin:0 0 4px 30px;color:var(--ink)}.zoombar button{font-size:12px;padding:1px 7px;margin-left:4px}
.card.miss{border-color:#f1a9a0;box-shadow:inset 3px 0 0 var(--down)}.card.below{box-shadow:inset 3px 0 0 var(--degraded)}
figcaption{display:flex;gap:2px 6px;align-items:baseline;font-size:13px;white-space:nowrap;overflow:hidden}
figcaption .kind{color:var(--dim);font-size:11.5px}figcaption .name{font-weight:600;overflow:hidden;text-overflow:ellipsis;max-width:100%}
figcaption .obj{color:var(--dim);font-size:11.5px;margin-left:auto}
.badge{font-size:11.5px;padding:0 6px;border-radius:9px;background:#e7f5ee;color:#17603d}.badge.miss{background:var(--miss);color:var(--miss-ink)}.badge.below{background:var(--below);color:var(--below-ink)}
.shrank{font-size:11.5px;padding:0 6px;border-radius:9px;background:#efe7fa;color:#5b2d9e}
svg{display:block;width:100%;height:auto;overflow:visible}svg.defs{position:absolute;width:0;height:0}
svg.zoomable,#overview{cursor:crosshair;touch-action:none;user-select:none}.brushing{fill:#1f5fbf;fill-opacity:.15;stroke:#1f5fbf;stroke-width:1;vector-effect:non-scaling-stroke}
.ov-bg{fill:#eef0f4}.ov-fault{fill:#6f76b0;fill-opacity:.7}#ov-sel{fill:#1f5fbf;fill-opacity:.1;stroke:#1f5fbf;stroke-width:1.2}
svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
.tl{font-size:10px;fill:var(--dim)}.gridline{stroke:#edf0f3;stroke-width:1}
.axis{stroke:#9aa1ad;stroke-width:1}.tick{stroke:#9aa1ad}
.lines path,.lines line{fill:none;stroke-linejoin:round;vector-effect:non-scaling-stroke}
.charts.hide-desired .s-desired,.charts.hide-reported .s-reported,.charts.hide-ready .s-ready,.charts.hide-endpoints .s-endpoints,.charts.hide-serving .s-serving{display:none}
.legend label{display:inline-flex;align-items:center;gap:3px;cursor:pointer}
.s-desired{stroke:${COLOURS.desired};stroke-width:1.3;stroke-dasharray:5 3}
.s-reported{stroke:${COLOURS.reported};stroke-width:3;stroke-opacity:.6}
.s-endpoints{stroke:${COLOURS.endpoints};stroke-width:1.6;stroke-dasharray:1.5 2.5}
.s-ready{stroke:${COLOURS.ready};stroke-width:2.2}
.s-serving{stroke:${COLOURS.serving};stroke-width:1.2}
.fault{fill:#6f76b0;fill-opacity:.16}.fault-instant{stroke:#6f76b0;stroke-width:1.5;stroke-dasharray:3 2}

.outage-fill{fill:#e4572e;fill-opacity:.16}.outage-bar{fill:#d0421b}
.hole-fill{fill:#111;fill-opacity:.13}.hole-bar{fill:#111}.shrink-fill{fill:#7b4fbf;fill-opacity:.07}.shrink-bar{fill:#7b4fbf}.s-start{stroke:#7b4fbf;stroke-width:1;stroke-dasharray:2 3}
.rowlabel{font-size:10px;fill:var(--ink);font-weight:600}
.lane-fault rect,rect.lane-fault{fill:#6f76b0;fill-opacity:.55}.lane-fault.instant rect{fill:#6f76b0;fill-opacity:1}.lane-fault.skipped rect{fill:none;stroke:#6f76b0;stroke-dasharray:2 2}
.lanelabel{font-size:9.5px;fill:#2b2f52}
.iv.ok rect{fill:var(--ok)}.iv.degraded rect{fill:var(--degraded)}.iv.down rect{fill:var(--down)}.iv rect.minor.degraded{fill:var(--degraded)}.iv rect.minor.down{fill:var(--down)}
.ivlabel{font-size:8.5px;fill:#fff;font-weight:600;pointer-events:none}
.scroll.tall{max-height:560px}.strip rect,.lane rect,.lane-fault rect,rect.lane-fault{shape-rendering:crispEdges}
.filters{display:flex;flex-wrap:wrap;gap:8px 18px;align-items:center;font-size:13px;margin:4px 0}
.filters input[type=search]{width:300px;padding:4px 7px;border:1px solid #c8cdd5;border-radius:5px}.filters select{padding:3px}
table.events td:nth-child(5){white-space:normal;min-width:320px}tr.warning td:nth-child(2){color:var(--miss-ink);font-weight:600}
footer{margin-top:30px;color:var(--dim);font-size:12px}
`;
