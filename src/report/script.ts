/**
 * The page's script (a constant, allowed by hash in the page's Content Security Policy): the zoom
 * shared by every time-based figure, the fault label layout, the series toggles, the "only below
 * their objective" filter and the events filter.
 *
 * Zoom: the figures are drawn in whole-run coordinates (frame.ts); for a domain [a, b] the script
 * redraws each step line from its corners (`data-t` seconds, `data-y` plot units), re-places
 * every element with `data-s0`/`data-s1` (keeping its `data-min` width), redraws each `g.xaxis`
 * with ticks from a port of format.ts's `timeTicks` (TICKS_JS, kept equal to it by a test) and
 * sets the figures' `data-domain`. Series simplified to the whole run's pixel columns keep that
 * resolution.
 */
import { TICK_STEPS } from './format.js';
import { MARGIN_LEFT, MAX_TICKS, PLOT_WIDTH, WIDTH } from './frame.js';

/**
 * `ticks(a, b)` and its labels, as format.ts's `timeTicks(a, b, MAXT)` computes them; it reads
 * `STEPS` and `MAXT` from its scope.
 */
export const TICKS_JS = `
function pad(n) { return (n < 10 ? '0' : '') + n; }
function tickLabel(t, unit) {
  if (unit === 'd') return Math.round(t / 86400) + 'd';
  var w = Math.round(t), d = Math.floor(w / 86400), h = Math.floor(w / 3600) % 24, m = Math.floor(w / 60) % 60, s = w % 60;
  var hours = d > 0 ? d + 'd ' + pad(h) : String(h);
  if (unit === 'h:mm') return hours + ':' + pad(m);
  if (unit === 'h:mm:ss') return hours + ':' + pad(m) + ':' + pad(s);
  return m + ':' + pad(s);
}
function ticks(a, b) {
  var span = Math.max(b - a, 1e-9), step = 0;
  for (var i = 0; i < STEPS.length; i++) if (span / STEPS[i] <= MAXT) { step = STEPS[i]; break; }
  if (!step) step = Math.ceil(span / MAXT);
  var unit = step >= 86400 ? 'd' : step >= 60 ? 'h:mm' : b >= 3600 ? 'h:mm:ss' : 'm:ss';
  var out = [];
  for (var k = Math.ceil(a / step - 1e-9); k * step <= b + 1e-9; k++) out.push({ s: k * step, label: tickLabel(k * step, unit) });
  return { unit: unit, ticks: out };
}
`;

const ZOOM_JS = `
  var root = document.getElementById('kb');
  var D = root ? +root.getAttribute('data-duration') : 0;
  var dom = [0, D];
  var NS = 'http://www.w3.org/2000/svg';
  var UNITS = { 'm:ss': 'minutes:seconds since start', 'h:mm:ss': 'hours:minutes:seconds since start', 'h:mm': 'hours:minutes since start (days prefixed)', 'd': 'days since start' };
  var all = function (sel) { return Array.prototype.slice.call(document.querySelectorAll(sel)); };
  var num = function (el, name) { return +el.getAttribute(name); };
  var zoomables = all('svg.zoomable'), axes = all('svg.zoomable g.xaxis');
  var nums = function (el, name) { return el.getAttribute(name).split(' ').map(Number); };
  var lines = all('svg.zoomable path[data-t]').map(function (p) { return { el: p, t: nums(p, 'data-t'), y: nums(p, 'data-y') }; });
  var spans = all('svg.zoomable rect[data-s0], svg.zoomable line[data-s0]');
  var laneLabels = all('text.lanelabel'), ivLabels = all('text.ivlabel');
  var X = function (s) { return ML + (s - dom[0]) * PW / (dom[1] - dom[0]); };
  var clampX = function (x) { return Math.max(ML - 20, Math.min(R + 20, x)); };
  function place(el) {
    var x0 = clampX(X(num(el, 'data-s0'))), x1 = clampX(X(num(el, 'data-s1'))), min = num(el, 'data-min') || 0;
    if (el.tagName === 'line') { el.setAttribute('x1', x0); el.setAttribute('x2', x0); return; }
    el.setAttribute('x', x0);
    el.setAttribute('width', Math.max(min, x1 - x0));
  }
  // A step line (each corner holds until the next, the last until the end), clipped a little past the plot.
  function redraw(l) {
    var t = l.t, y = l.y, d = 'M' + clampX(X(t[0])).toFixed(2) + ' ' + y[0];
    for (var i = 1; i < t.length; i++) {
      if (t[i] > dom[1] && t[i - 1] > dom[1]) break;
      d += 'H' + clampX(X(t[i])).toFixed(2) + 'V' + y[i];
    }
    l.el.setAttribute('d', d + 'H' + clampX(X(D)).toFixed(2));
  }
  function axis(g) {
    var y0 = num(g, 'data-y0'), grid = g.getAttribute('data-grid'), t = ticks(dom[0], dom[1]), out = '';
    for (var i = 0; i < t.ticks.length; i++) {
      var x = Math.round(X(t.ticks[i].s) * 10) / 10;
      var anchor = x <= ML + 1 ? 'start' : x >= R - 10 ? 'end' : 'middle';
      if (grid !== null) out += '<line class="gridline" x1="' + x + '" x2="' + x + '" y1="' + grid + '" y2="' + y0 + '"/>';
      out += '<line class="tick" x1="' + x + '" x2="' + x + '" y1="' + y0 + '" y2="' + (y0 + 3) + '"/>';
      out += '<text class="tl" x="' + x + '" y="' + (y0 + 13) + '" text-anchor="' + anchor + '">' + t.ticks[i].label + '</text>';
    }
    g.querySelector('g.ticks').innerHTML = out;
    return t.unit;
  }
  var hide = function (t) { t.setAttribute('visibility', 'hidden'); };
  function layoutLabels() {
    var ends = {};
    laneLabels.forEach(function (t) {
      var x0 = X(num(t, 'data-s0')), x1 = X(num(t, 'data-s1')), lane = t.getAttribute('data-lane');
      if (x1 < ML || x0 > R) return hide(t);
      var w = t.getComputedTextLength(), x = Math.max(x0, ML) + 3;
      if (x + w > R - 1) x = R - 1 - w;
      if (x < ML + 1 || (lane in ends && x < ends[lane] + 6)) return hide(t);
      t.setAttribute('x', x);
      t.removeAttribute('visibility');
      ends[lane] = x + w;
    });
    ivLabels.forEach(function (t) {
      var a = Math.max(X(num(t, 'data-s0')), ML), b = Math.min(X(num(t, 'data-s1')), R), w = t.getComputedTextLength();
      if (b - a < w + 6) return hide(t);
      t.setAttribute('x', a + 3);
      t.removeAttribute('visibility');
    });
  }
  function dur(s) {
    s = Math.round(s);
    var d = Math.floor(s / 86400), h = Math.floor(s / 3600) % 24, m = Math.floor(s / 60) % 60;
    return d > 0 ? d + 'd ' + pad(h) + 'h' : h > 0 ? h + 'h ' + pad(m) + 'm' : m + 'm ' + pad(s % 60) + 's';
  }
  function apply() {
    var a = dom[0], b = dom[1];
    lines.forEach(redraw);
    spans.forEach(place);
    var unit = 'd';
    axes.forEach(function (g) { unit = axis(g); });
    zoomables.forEach(function (s) { s.setAttribute('data-domain', a + ' ' + b); });
    layoutLabels();
    var sel = document.getElementById('ov-sel');
    if (sel) { sel.setAttribute('x', ML + a / D * PW); sel.setAttribute('width', Math.max(2, (b - a) / D * PW)); }
    var whole = a <= 0 && b >= D;
    set('zoom-range', whole ? 'whole run (' + dur(D) + ')' : tickLabel(a, 'h:mm:ss') + ' \\u2192 ' + tickLabel(b, 'h:mm:ss') + ' (' + dur(b - a) + ')');
    set('axis-unit', UNITS[unit]);
  }
  function set(id, text) { var el = document.getElementById(id); if (el) el.textContent = text; }
  function zoomTo(a, b) {
    var min = Math.min(D, 1);
    if (b - a < min) { var c = (a + b) / 2; a = c - min / 2; b = c + min / 2; }
    if (a < 0) { b -= a; a = 0; }
    if (b > D) { a = Math.max(0, a - (b - D)); b = D; }
    dom = [a, b];
    apply();
  }
  function brushable(svg, fixed) {
    var start = null, band = null;
    var u = function (e) { var r = svg.getBoundingClientRect(); return Math.max(ML, Math.min(R, (e.clientX - r.left) / r.width * W)); };
    svg.addEventListener('pointerdown', function (e) {
      if (e.button !== 0) return;
      start = u(e);
      svg.setPointerCapture(e.pointerId);
      band = document.createElementNS(NS, 'rect');
      band.setAttribute('class', 'brushing');
      band.setAttribute('y', 0);
      band.setAttribute('height', svg.viewBox.baseVal.height);
      svg.appendChild(band);
      e.preventDefault();
    });
    svg.addEventListener('pointermove', function (e) {
      if (start === null) return;
      var x = u(e);
      band.setAttribute('x', Math.min(start, x));
      band.setAttribute('width', Math.abs(x - start));
    });
    var end = function (e) {
      if (start === null) return;
      var x = u(e), d = fixed ? [0, D] : dom, s0 = start;
      start = null;
      band.remove();
      if (e.type !== 'pointerup' || Math.abs(x - s0) < 3) return;
      var toS = function (v) { return d[0] + (v - ML) / PW * (d[1] - d[0]); };
      zoomTo(toS(Math.min(s0, x)), toS(Math.max(s0, x)));
    };
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
  }
  if (D > 0) {
    var ov = document.getElementById('overview');
    if (ov) brushable(ov, true);
    zoomables.forEach(function (s) { brushable(s, false); });
    var reset = document.getElementById('zoom-reset'), out = document.getElementById('zoom-out');
    if (reset) reset.addEventListener('click', function () { zoomTo(0, D); });
    if (out) out.addEventListener('click', function () { var c = (dom[0] + dom[1]) / 2, h = dom[1] - dom[0]; zoomTo(c - h, c + h); });
    apply();
  }
`;

const FILTERS_JS = `
  var charts = document.querySelector('.charts');
  all('input.series-toggle').forEach(function (box) {
    box.addEventListener('change', function () { charts.classList.toggle('hide-' + box.value, !box.checked); });
  });
  var only = document.getElementById('only-below');
  if (only) {
    only.addEventListener('change', function () {
      all('.charts .card').forEach(function (c) {
        c.hidden = only.checked && !c.classList.contains('miss') && !c.classList.contains('below');
      });
      layoutLabels();
    });
  }
  var text = document.getElementById('ev-text');
  var reason = document.getElementById('ev-reason');
  var warn = document.getElementById('ev-warn');
  var count = document.getElementById('ev-count');
  var table = document.getElementById('ev-table');
  if (text && reason && warn && count && table) {
    var rows = table.tBodies[0].rows;
    var hay = [];
    for (var i = 0; i < rows.length; i++) hay.push(rows[i].textContent.toLowerCase());
    var filter = function () {
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
    text.addEventListener('input', filter);
    reason.addEventListener('change', filter);
    warn.addEventListener('change', filter);
  }
`;

/** The script. */
export const JS = `
(function () {
  var STEPS = ${JSON.stringify(TICK_STEPS)}, MAXT = ${MAX_TICKS};
  var W = ${WIDTH}, ML = ${MARGIN_LEFT}, PW = ${PLOT_WIDTH}, R = ML + PW;
${TICKS_JS}${ZOOM_JS}${FILTERS_JS}
})();
`;
