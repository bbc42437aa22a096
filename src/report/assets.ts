/**
 * The page's inline style sheet and script. Both are constant, so the page's Content Security
 * Policy can allow exactly them by hash: nothing else (an injected handler or script) would run.
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
*{box-sizing:border-box}
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
td.name,th.name{text-align:left}td.pct{font-variant-numeric:tabular-nums}td{font-variant-numeric:tabular-nums}
tr.miss td{background:var(--miss)}tr.miss td.name a,tr.miss td.name{color:var(--miss-ink);font-weight:600}tr.below td{background:var(--below)}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;vertical-align:-1px;border:1px solid #0002}.swatch.miss{background:var(--miss)}.swatch.sok{background:var(--ok)}.swatch.sdeg{background:var(--degraded)}.swatch.sdown{background:var(--down)}.swatch.below{background:var(--below)}
table.cp{width:auto;background:var(--card);border:1px solid var(--line)}table.cp th{position:static;text-align:left}table.cp td{text-align:left}
table.faults td,table.faults th,table.events td,table.events th{text-align:left}tr.skipped td{color:var(--dim);font-style:italic}
.legend{display:flex;flex-wrap:wrap;gap:4px 18px;font-size:12.5px;align-items:center;margin:4px 0 8px}.legend svg{display:inline-block;width:auto;vertical-align:middle;margin-right:5px}
.charts,.tlrow{display:grid;grid-template-columns:repeat(var(--cols),minmax(0,1fr));gap:12px}
.tlrow{background:var(--bg);padding:4px 0 8px}
@media (min-width:1000px) and (min-height:700px){.tlrow{position:sticky;top:0;z-index:3}}
.tlrow .tlcopy:nth-child(n+2){display:none}
@media (min-width:1000px){.tlrow .tlcopy:nth-child(2){display:block}}
@media (min-width:1500px){.tlrow .tlcopy:nth-child(3){display:block}}
.card{background:var(--card);border:1px solid var(--line);border-radius:6px;padding:6px 8px 2px;margin:0}
.tlhead{font-size:12px;color:var(--dim);font-weight:600}
.card.miss{border-color:#f1a9a0;box-shadow:inset 3px 0 0 var(--down)}.card.below{box-shadow:inset 3px 0 0 var(--degraded)}
figcaption{display:flex;gap:6px;align-items:baseline;font-size:13px;white-space:nowrap;overflow:hidden}
figcaption .kind{color:var(--dim);font-size:11.5px}figcaption .name{font-weight:600;overflow:hidden;text-overflow:ellipsis}
figcaption .obj{color:var(--dim);font-size:11.5px;margin-left:auto}
.badge{font-size:11.5px;padding:0 6px;border-radius:9px;background:#e7f5ee;color:#17603d}.badge.miss{background:var(--miss);color:var(--miss-ink)}.badge.below{background:var(--below);color:var(--below-ink)}
svg{display:block;width:100%;height:auto;overflow:visible}
svg text{font-family:system-ui,"DejaVu Sans",sans-serif}
.tl{font-size:10px;fill:var(--dim)}.gridline{stroke:#edf0f3;stroke-width:1}
.axis{stroke:#9aa1ad;stroke-width:1}.tick{stroke:#9aa1ad}
.lines path{fill:none;stroke-linejoin:round}
.s-desired{stroke:${COLOURS.desired};stroke-width:1.3;stroke-dasharray:5 3}
.s-reported{stroke:${COLOURS.reported};stroke-width:5;stroke-opacity:.45}
.s-endpoints{stroke:${COLOURS.endpoints};stroke-width:1.6;stroke-dasharray:1.5 2.5}
.s-ready{stroke:${COLOURS.ready};stroke-width:2.2}
.s-serving{stroke:${COLOURS.serving};stroke-width:1.2}
.fault{fill:#6f76b0;fill-opacity:.16}.fault-instant{stroke:#6f76b0;stroke-width:1.5;stroke-dasharray:3 2}

.outage-fill{fill:#e4572e;fill-opacity:.16}.outage-bar{fill:#d0421b}
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

/** The script: filters of the events table and of the charts. */
export const JS = `
(function () {
  var text = document.getElementById('ev-text');
  var reason = document.getElementById('ev-reason');
  var warn = document.getElementById('ev-warn');
  var count = document.getElementById('ev-count');
  var table = document.getElementById('ev-table');
  if (text && reason && warn && count && table) {
    var rows = table.tBodies[0].rows;
    var hay = [];
    for (var i = 0; i < rows.length; i++) hay.push(rows[i].textContent.toLowerCase());
    var apply = function () {
      var q = text.value.trim().toLowerCase();
      var r = reason.value;
      var w = warn.checked;
      var n = 0;
      for (var i = 0; i < rows.length; i++) {
        var ok = (!q || hay[i].indexOf(q) >= 0) && (!r || rows[i].cells[2].textContent === r) && (!w || rows[i].className === 'warning');
        rows[i].hidden = !ok;
        if (ok) n++;
      }
      count.textContent = n + ' of ' + rows.length + ' rows';
    };
    text.addEventListener('input', apply);
    reason.addEventListener('change', apply);
    warn.addEventListener('change', apply);
  }
  var only = document.getElementById('only-below');
  if (only) {
    only.addEventListener('change', function () {
      var cards = document.querySelectorAll('.charts .card');
      for (var i = 0; i < cards.length; i++) {
        var c = cards[i];
        c.hidden = only.checked && !c.classList.contains('miss') && !c.classList.contains('below');
      }
    });
  }
})();
`;
