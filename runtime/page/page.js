/* page.js: the plan page's script (runtime/page.c writes it inline). It
 * reads the data the planner embedded (#takt-data, written by page_data.c)
 * and draws on top of the page's HTML tables: an interactive Gantt chart
 * (by machine unit or by work order; zoom and pan from hours to months;
 * virtualised: only what is in view is drawn, a pixel's worth of bars at a
 * time), charts of weekly load and of stock, and a table of every work
 * order with its pegging. Everything it shows from a name it shows as
 * text (textContent), never as markup. window.taktSelfCheck() checks the
 * page against the planner's own figures; with #selfcheck or #bench in the
 * address it writes its findings into the page for a test to read. */
(function () {
  'use strict';
  var tStart = performance.now();
  var D = JSON.parse(document.getElementById('takt-data').textContent);
  var tParsed = performance.now();
  document.documentElement.classList.add('js');

  /* ---- formatting ---------------------------------------------------------- */
  var WD = ['Mo', 'Tu', 'We', 'Th', 'Fr', 'Sa', 'Su'];
  var MON = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function pad(n) { return n < 10 ? '0' + n : '' + n; }
  function parts(rel) {
    var d = new Date((D.t0 + rel) * 60000);
    return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(),
             M: d.getUTCMinutes(), wd: (d.getUTCDay() + 6) % 7 };
  }
  function fmtTime(rel) {
    if (rel === null || rel === undefined) return '';
    var p = parts(rel);
    return p.y + '-' + pad(p.m) + '-' + pad(p.d) + ' ' + pad(p.H) + ':' + pad(p.M);
  }
  function fmtDur(min) {
    var m = Math.round(Math.abs(min)), s = min < 0 ? '-' : '';
    var d = Math.floor(m / 1440), h = Math.floor(m % 1440 / 60), mi = m % 60;
    return s + (d ? d + 'd ' + pad(h) : '' + h) + ':' + pad(mi);
  }
  function fmtNum(x) { var r = Math.round(x * 1000) / 1000; return '' + (r === 0 ? 0 : r); }
  function fmtMoney(x) {
    var r = (Math.round(x * 100) / 100).toFixed(2), neg = r.charAt(0) === '-';
    if (neg) r = r.slice(1);
    var i = r.indexOf('.'), a = r.slice(0, i), out = '';
    for (var k = 0; k < a.length; k++) { if (k && (a.length - k) % 3 === 0) out += ','; out += a.charAt(k); }
    return (neg ? '-' : '') + out + r.slice(i);
  }
  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined && text !== null) e.textContent = text;
    return e;
  }
  function lower(s) { return String(s).toLowerCase(); }
  /* fn once e is (nearly) in view: what is below the fold is not laid out
   * or drawn while the page opens */
  function whenVisible(e, fn) {
    if (!window.IntersectionObserver) { fn(); return; }
    var io = new IntersectionObserver(function (es) {
      if (es.some(function (x) { return x.isIntersecting; })) { io.disconnect(); fn(); }
    }, { rootMargin: '400px' });
    io.observe(e);
  }

  /* ---- the plan, indexed ------------------------------------------------------ */
  var OP = D.op, WO = D.wo, nOps = OP.w.length, nWos = WO.n.length;
  var keyOfOp = new Int32Array(nOps);
  for (var i = 0; i < nOps; i++) keyOfOp[i] = WO.k[OP.w[i]];
  /* late demand: an order or forecast demand done after it is due */
  var woLate = new Uint8Array(nWos);
  for (i = 0; i < nWos; i++) {
    var o = WO.o[i], f = WO.f[i];
    woLate[i] = (o >= 0 && D.ord[o][5] > 0) || (f >= 0 && D.fc[f][5] > 0) ? 1 : 0;
  }
  /* a row per machine unit, its operations by start; a batch machine's
   * unit shows its cycles instead, each one bar with its members; then a
   * row per unit of each resource pool, a bar for each operation holding
   * it, from its start until it lets go (its end, or its setup's) */
  var BAT = D.bat, nBat = BAT.m.length, HD = D.hold, nHold = HD.o.length;
  var isBatch = D.mach.map(function (mc) { return mc[3] > 0; });
  var unitRows = [], rowOfMachine = [], rowOfPool = [];
  D.mach.forEach(function (mc, m) {
    rowOfMachine[m] = unitRows.length;
    for (var u = 0; u < mc[1]; u++) {
      unitRows.push({ label: mc[0] + (mc[4] ? ' (sent out)' : ' #' + (u + 1)), m: m, cal: mc[2], ops: [], kind: isBatch[m] ? 'batch' : 'unit', items: [] });
    }
  });
  for (i = 0; i < nOps; i++) if (OP.m[i] >= 0 && !isBatch[OP.m[i]]) unitRows[rowOfMachine[OP.m[i]] + OP.u[i]].ops.push(i);
  for (i = 0; i < nBat; i++) unitRows[rowOfMachine[BAT.m[i]] + BAT.u[i]].items.push(i);
  /* an operation the shop floor reported on a batch machine is kept as it
   * was reported, in no cycle: a bar of its own there (item -1 - op) */
  var inCycle = new Uint8Array(nOps);
  for (i = 0; i < BAT.po.length; i++) inCycle[BAT.po[i]] = 1;
  for (i = 0; i < nOps; i++) if (OP.m[i] >= 0 && isBatch[OP.m[i]] && !inCycle[i]) unitRows[rowOfMachine[OP.m[i]] + OP.u[i]].items.push(-1 - i);
  D.pool.forEach(function (pl, q) {
    rowOfPool[q] = unitRows.length;
    for (var u = 0; u < pl[1]; u++) unitRows.push({ label: pl[0] + ' #' + (u + 1) + ' (pool)', pool: q, cal: pl[2], ops: [], kind: 'pool', items: [] });
  });
  for (i = 0; i < nHold; i++) unitRows[rowOfPool[HD.p[i]] + HD.u[i]].items.push(i);
  unitRows.forEach(function (r) {
    if (r.kind === 'unit') {
      var a = Int32Array.from(r.ops);
      a.sort(function (x, y) { return OP.s[x] - OP.s[y] || x - y; });
      r.ops = a;
      return;
    }
    /* cycles or holds: by start; ops is the leading member or the holder */
    var st = r.kind === 'batch' ? function (x) { return x >= 0 ? BAT.s[x] : OP.s[-1 - x]; } : function (x) { return OP.s[HD.o[x]]; };
    var it = Int32Array.from(r.items);
    it.sort(function (x, y) { return st(x) - st(y) || x - y; });
    r.items = it;
    r.ops = new Int32Array(it.length);
    r.s = new Float64Array(it.length);
    r.e = new Float64Array(it.length);
    for (var k = 0; k < it.length; k++) {
      var x = it[k];
      r.ops[k] = r.kind === 'batch' ? (x >= 0 ? BAT.po[BAT.f[x]] : -1 - x) : HD.o[x];
      r.s[k] = st(x);
      r.e[k] = r.kind === 'batch' ? (x >= 0 ? BAT.e[x] : OP.e[-1 - x]) : HD.e[x];
    }
  });
  /* a load row's name: a resource pool's marked as one (kind 1) */
  function loadName(r) { return r[0] === 1 ? r[1] + ' (pool)' : r[1]; }
  /* a bar's start and end in its row */
  function rS(row, j) { return row.s ? row.s[j] : OP.s[row.ops[j]]; }
  function rE(row, j) { return row.e ? row.e[j] : OP.e[row.ops[j]]; }
  /* is any member of cycle b late, or highlighted in h */
  function cycleAny(b, flags) {
    for (var k = BAT.f[b], n = k + BAT.n[b]; k < n; k++) if (flags[BAT.po[k]]) return true;
    return false;
  }
  var opLate = new Uint8Array(nOps);
  for (i = 0; i < nOps; i++) opLate[i] = woLate[OP.w[i]];
  /* a row per work order, grouped by what it serves; its operations */
  var woOps = new Array(nWos);
  for (i = 0; i < nWos; i++) woOps[i] = [];
  for (i = 0; i < nOps; i++) if (OP.m[i] >= 0) woOps[OP.w[i]].push(i);
  var woOrder = [];
  for (i = 0; i < nWos; i++) woOrder.push(i);
  woOrder.sort(function (a, b) {
    var ka = D.keys[WO.k[a]][0], kb = D.keys[WO.k[b]][0];
    return ka < kb ? -1 : ka > kb ? 1 : WO.n[a] < WO.n[b] ? -1 : WO.n[a] > WO.n[b] ? 1 : 0;
  });
  var woRows = woOrder.map(function (w) {
    var a = Int32Array.from(woOps[w]);
    a.sort(function (x, y) { return OP.s[x] - OP.s[y]; });
    return { label: WO.n[w], wo: w, cal: -1, ops: a, key: WO.k[w] };
  });
  var children = new Array(nWos);
  for (i = 0; i < nWos; i++) children[i] = [];
  for (i = 0; i < nWos; i++) if (WO.par[i] >= 0) children[WO.par[i]].push(i);
  var tIndexed = performance.now();

  /* ---- the Gantt chart ---------------------------------------------------------- */
  var ROW = 20, HEAD = 44, MIN_PPM = 1e-4, MAX_PPM = 6;
  var G = {
    mode: 'machine', rows: unitRows, t: 0, ppm: 1, y: 0, sel: -1, selWo: -1,
    hl: null,          /* Uint8Array per operation, or null: nothing highlighted */
    hlKey: -1, onlyHl: false, shown: null, lastDrawn: 0, labelW: 180
  };
  var app = document.getElementById('gantt-app');
  var bar = el('div', 'toolbar');
  var panes = el('div', 'panes');
  var wrap = el('div', 'gantt-wrap');
  var cv = el('canvas');
  cv.tabIndex = 0;
  cv.setAttribute('aria-label', 'Gantt chart of the plan');
  var vbar = el('div', 'vbar'), vin = el('div');
  vbar.appendChild(vin);
  var tip = el('div', 'tip');
  wrap.appendChild(cv);
  wrap.appendChild(vbar);
  wrap.appendChild(tip);
  var details = el('div', 'details');
  details.appendChild(el('p', 'muted', 'Click a bar, a work order or a legend entry for its details and its whole chain.'));
  var left = el('div');
  left.appendChild(wrap);
  panes.appendChild(left);
  panes.appendChild(details);
  var marks = el('div', 'marks');
  var legend = el('div', 'legend');
  app.appendChild(bar);
  app.appendChild(panes);
  app.appendChild(marks);
  app.appendChild(legend);
  var ctx = cv.getContext('2d');
  var dpr = window.devicePixelRatio || 1;
  var W = 800, H = 400;

  function button(text, title, fn) {
    var b = el('button', null, text);
    b.type = 'button';
    if (title) b.title = title;
    b.addEventListener('click', fn);
    bar.appendChild(b);
    return b;
  }
  var spans = [['hours', 1440], ['day', 3 * 1440], ['week', 10 * 1440], ['month', 45 * 1440], ['quarter', 120 * 1440]];
  var bMach = button('by machine', 'a row per machine unit', function () { setMode('machine'); });
  var bOrd = button('by order', 'a row per work order, grouped by the order it serves', function () { setMode('order'); });
  bar.appendChild(el('span', 'sep'));
  spans.forEach(function (s) { button(s[0], 'show about ' + fmtDur(s[1]), function () { zoomTo(s[1]); }); });
  button('all', 'the whole plan', function () { fit(); draw(); });
  bar.appendChild(el('span', 'sep'));
  var find = el('input');
  find.type = 'search';
  find.placeholder = 'order, product, machine, work order';
  find.title = 'highlight what matches (Enter: the next match)';
  bar.appendChild(find);
  var only = el('input');
  only.type = 'checkbox';
  var onlyL = el('label', null, ' only matching rows');
  onlyL.insertBefore(only, onlyL.firstChild);
  bar.appendChild(onlyL);
  var pick = el('select');
  pick.title = 'highlight an order, a product or a machine';
  bar.appendChild(pick);
  function option(sel, value, text) { var o = el('option', null, text); o.value = value; sel.appendChild(o); }
  option(pick, '', 'highlight …');
  D.keys.forEach(function (k, i) { if (i < 3000) option(pick, 'k' + i, 'order ' + k[0]); });
  D.prod.forEach(function (p, i) { option(pick, 'p' + i, 'product ' + p); });
  D.mach.forEach(function (m, i) { option(pick, 'm' + i, 'machine ' + m[0]); });

  [['late', 'late order'], ['setup', 'setup (lighter)'], ['rep', 'reported by the shop floor'], ['closed', 'closed']]
    .forEach(function (m) { marks.appendChild(el('b', m[0])); marks.appendChild(document.createTextNode(m[1])); });
  if (D.replan) { marks.appendChild(el('b', 'now')); marks.appendChild(document.createTextNode('now, ' + fmtTime(D.now))); }
  marks.appendChild(document.createTextNode(' — wheel: scroll rows; shift + wheel or drag: pan; ctrl + wheel, + and -: zoom'));
  var LEGEND_MAX = 400;
  D.keys.forEach(function (k, i) {
    if (i >= LEGEND_MAX) return;
    var s = el('span');
    var sw = el('i', k[2] ? 'late' : null);
    sw.style.background = k[1];
    s.appendChild(sw);
    s.appendChild(document.createTextNode(k[0]));
    s.title = k[2] ? 'late' : '';
    s.addEventListener('click', function () { highlightKey(i, true); });
    legend.appendChild(s);
  });
  if (D.keys.length > LEGEND_MAX) legend.appendChild(el('span', null, '… and ' + (D.keys.length - LEGEND_MAX) + ' more: use the search'));

  function rowsNow() { return G.shown || G.rows; }
  function span() {
    var a = Math.min(D.start, 0), b = Math.max(D.finish, D.replan ? D.now : 0, a + 60);
    return [a, b];
  }
  function fit() {
    var s = span();
    G.ppm = Math.max(MIN_PPM, (W - G.labelW - 14) / (s[1] - s[0]));
    G.t = s[0];
  }
  function zoomAt(x, factor) {
    var tx = G.t + (x - G.labelW) / G.ppm;
    G.ppm = Math.min(MAX_PPM, Math.max(MIN_PPM, G.ppm * factor));
    G.t = tx - (x - G.labelW) / G.ppm;
    draw();
  }
  function zoomTo(minutes) {
    var mid = G.t + (W - G.labelW) / G.ppm / 2;
    G.ppm = Math.min(MAX_PPM, Math.max(MIN_PPM, (W - G.labelW - 14) / minutes));
    G.t = mid - (W - G.labelW) / G.ppm / 2;
    draw();
  }
  function setMode(m) {
    G.mode = m;
    G.rows = m === 'machine' ? unitRows : woRows;
    G.y = 0;
    bMach.classList.toggle('on', m === 'machine');
    bOrd.classList.toggle('on', m === 'order');
    applyFilter();
    layout();
    draw();
  }

  function layout() {
    W = Math.max(400, Math.floor(wrap.clientWidth || 900));
    var n = rowsNow().length;
    H = Math.min(HEAD + n * ROW + 1, Math.max(260, Math.floor(window.innerHeight * 0.62)));
    cv.style.height = H + 'px';
    cv.width = Math.floor(W * dpr);
    cv.height = Math.floor(H * dpr);
    vin.style.height = (n * ROW + HEAD) + 'px';
    vbar.style.display = HEAD + n * ROW > H ? 'block' : 'none';
    var longest = 12;
    var rs = rowsNow();
    for (var k = 0; k < rs.length && k < 5000; k++) if (rs[k].label.length > longest) longest = rs[k].label.length;
    G.labelW = Math.min(260, 16 + longest * 6.6);
  }

  /* ticks: the finest whose labels fit, and days, weeks, months or years above them */
  var LEVELS = [[0, 15], [0, 30], [0, 60], [0, 120], [0, 180], [0, 360], [0, 720], [1, 1440], [1, 2880],
                [2, 10080], [2, 20160], [3, 0]];
  function monthStart(y, m) { return Date.UTC(y, m - 1, 1) / 60000 - D.t0; }
  function firstTick(L, t) {
    if (L[0] === 3) { var p = parts(t), s = monthStart(p.y, p.m); return s < t ? monthStart(p.y, p.m + 1) : s; }
    var origin = L[0] === 2 ? -3 * 1440 - D.t0 : -D.t0, st = L[1];
    var r = (((t - origin) % st) + st) % st;
    return r ? t - r + st : t;
  }
  function nextTick(L, t) { if (L[0] !== 3) return t + L[1]; var p = parts(t); return monthStart(p.y, p.m + 1); }
  function tickLabel(L, t) {
    var p = parts(t);
    if (L[0] === 0) return pad(p.H) + ':' + pad(p.M);
    if (L[0] === 1) return WD[p.wd] + ' ' + pad(p.d);
    if (L[0] === 2) return pad(p.m) + '-' + pad(p.d);
    return MON[p.m - 1];
  }
  function coarse(L, t) {
    var p = parts(t);
    if (L[0] === 0) return WD[p.wd] + ' ' + p.y + '-' + pad(p.m) + '-' + pad(p.d);
    if (L[0] === 1) { /* the Monday of the week that holds t, which may be left of the view */
      var q = parts(t - p.wd * 1440 - p.H * 60 - p.M);
      return 'week of ' + q.y + '-' + pad(q.m) + '-' + pad(q.d);
    }
    if (L[0] === 2) return MON[p.m - 1] + ' ' + p.y;
    return '' + p.y;
  }
  function coarseFirst(L, t) {
    if (L[0] === 0) return firstTick([1, 1440], t);
    if (L[0] === 1) return firstTick([2, 10080], t);
    var p = parts(t);
    if (L[0] === 2) return firstTick([3, 0], t);
    var s = Date.UTC(p.y, 0, 1) / 60000 - D.t0;
    return s < t ? Date.UTC(p.y + 1, 0, 1) / 60000 - D.t0 : s;
  }
  function coarseNext(L, t) {
    if (L[0] === 0) return t + 1440;
    if (L[0] === 1) return t + 10080;
    var p = parts(t);
    if (L[0] === 2) return monthStart(p.y, p.m + 1);
    return Date.UTC(p.y + 1, 0, 1) / 60000 - D.t0;
  }

  var hatch = null;
  function hatchPattern() {
    if (hatch) return hatch;
    var c = document.createElement('canvas');
    c.width = c.height = 6;
    var x = c.getContext('2d');
    x.strokeStyle = 'rgba(0,0,0,0.3)';
    x.lineWidth = 1.5;
    x.beginPath(); x.moveTo(0, 6); x.lineTo(6, 0); x.stroke();
    hatch = ctx.createPattern(c, 'repeat');
    return hatch;
  }
  var textW = new Map();
  function measure(s) {
    var w = textW.get(s);
    if (w === undefined) { w = ctx.measureText(s).width; if (textW.size < 200000) textW.set(s, w); }
    return w;
  }

  /* the first operation of a unit's row that may reach into [a, ...): the
   * row is by start and its operations do not overlap, so by end too */
  function firstFrom(row, a) {
    var lo = 0, hi = row.ops.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (rE(row, mid) <= a) lo = mid + 1; else hi = mid; }
    return lo;
  }

  /* a batch machine's cycle: one framed bar, its members stacked in it by
   * their pieces, each in its order's colour; hatched if it was reported */
  function drawCycle(c, b, bx, y, bw, hl) {
    var f = BAT.f[b], n = BAT.n[b], tot = 0, k, hgt = ROW - 6;
    for (k = 0; k < n; k++) tot += BAT.pq[f + k];
    var dimAll = hl && !cycleAny(b, hl);
    c.globalAlpha = dimAll ? 0.16 : 1;
    c.fillStyle = '#4a5468';
    c.fillRect(bx, y, bw, hgt);
    if (bw > 3 && tot > 0) {
      var yy = y + 1, inner = hgt - 2;
      for (k = 0; k < n; k++) {
        var m = BAT.po[f + k], hh = inner * BAT.pq[f + k] / tot;
        c.globalAlpha = hl && !hl[m] ? 0.16 : 1;
        c.fillStyle = D.keys[keyOfOp[m]][1];
        c.fillRect(bx + 1, yy, bw - 2, Math.max(0.6, hh - (n > 1 && hh > 2 ? 0.5 : 0)));
        yy += hh;
      }
    }
    /* a cycle the shop floor reported, hatched as a reported operation is */
    if (BAT.a && BAT.a[b] && bw > 3) { c.globalAlpha = dimAll ? 0.16 : 1; c.fillStyle = hatchPattern(); c.fillRect(bx, y, bw, hgt); }
    c.globalAlpha = 1;
  }

  function draw() {
    var c = ctx, L0 = G.labelW, rows = rowsNow();
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, W, H);
    c.font = '11px system-ui, sans-serif';
    c.textBaseline = 'middle';
    var t0 = G.t, t1 = G.t + (W - L0) / G.ppm;
    var first = Math.max(0, Math.floor(G.y / ROW)), last = Math.min(rows.length, Math.ceil((G.y + H - HEAD) / ROW));
    function X(t) { return L0 + (t - t0) * G.ppm; }
    /* rows: bands, closed time */
    c.save();
    c.beginPath();
    c.rect(L0, HEAD, W - L0, H - HEAD);
    c.clip();
    for (var r = first; r < last; r++) {
      var y = HEAD + r * ROW - G.y, row = rows[r];
      if (r % 2) { c.fillStyle = '#fafbfc'; c.fillRect(L0, y, W - L0, ROW); }
      if (row.cal >= 0) {
        var iv = D.cal[row.cal][1], at = t0, n = iv.length >> 1, lo = 0, hi = n;
        while (lo < hi) { var mid = (lo + hi) >> 1; if (iv[2 * mid + 1] <= t0) lo = mid + 1; else hi = mid; }
        c.fillStyle = '#ececec';
        for (var k = lo; k <= n && at < t1; k++) {
          var a = k < n ? iv[2 * k] : t1;
          if (a > at) { var x0 = X(at), x1 = X(Math.min(a, t1)); if (x1 - x0 >= 0.5) c.fillRect(x0, y, x1 - x0, ROW); }
          if (k < n && iv[2 * k + 1] > at) at = iv[2 * k + 1];
        }
      }
      if (G.mode === 'order' && r > 0 && rows[r - 1].key !== row.key) {
        c.fillStyle = '#9aa3b2'; c.fillRect(L0, y, W - L0, 1);
      }
    }
    /* the time axis grid */
    var L = LEVELS[LEVELS.length - 1];
    for (var q = 0; q < LEVELS.length; q++) {
      var px = LEVELS[q][0] === 3 ? 28 * 1440 * G.ppm : LEVELS[q][1] * G.ppm;
      if (px >= 48) { L = LEVELS[q]; break; }
    }
    c.fillStyle = '#e3e6eb';
    for (var t = firstTick(L, t0); t <= t1; t = nextTick(L, t)) c.fillRect(Math.round(X(t)), HEAD, 1, H - HEAD);
    c.fillStyle = '#aeb4be';
    for (t = coarseFirst(L, t0); t <= t1; t = coarseNext(L, t)) c.fillRect(Math.round(X(t)), HEAD, 1, H - HEAD);
    /* the bars */
    var drawn = 0, pat = hatchPattern(), hl = G.hl, sel = G.sel;
    var late = [], labels = [], wins = [];
    for (r = first; r < last; r++) {
      row = rows[r];
      y = HEAD + r * ROW - G.y + 3;
      var ops = row.ops, from = G.mode === 'machine' ? firstFrom(row, t0) : 0, lastPx = -1;
      var cyc = G.mode === 'machine' && row.kind === 'batch';
      for (var j = from; j < ops.length; j++) {
        var oi = ops[j], s = rS(row, j), e = rE(row, j);
        if (s > t1) { if (G.mode === 'machine') break; else continue; }
        if (e < t0) continue;
        var bx = X(s), bw = (e - s) * G.ppm;
        if (bw < 1.5) { /* a pixel's worth: one bar for all that fall in it */
          var p = bx | 0;
          if (p === lastPx) continue;
          lastPx = p;
          bw = 1;
        }
        drawn++;
        if (cyc && row.items[j] >= 0) {
          var cb = row.items[j];
          drawCycle(c, cb, bx, y, bw, hl);
          if (cycleAny(cb, opLate) && !(hl && !cycleAny(cb, hl))) late.push(bx, y, bw);
          if (bw > 30) labels.push(-1 - cb, bx, y, bw);
          continue;
        }
        var dim = hl && !hl[oi];
        c.globalAlpha = dim ? 0.16 : 1;
        c.fillStyle = D.keys[keyOfOp[oi]][1];
        c.fillRect(bx, y, bw, ROW - 6);
        if (bw > 3) {
          if (OP.su[oi] > 0) {
            c.fillStyle = 'rgba(255,255,255,0.45)';
            c.fillRect(bx, y, Math.min(bw, OP.su[oi] * G.ppm), ROW - 6);
          }
          if (OP.a[oi]) { c.fillStyle = pat; c.fillRect(bx, y, bw, ROW - 6); }
          c.strokeStyle = 'rgba(30,30,30,0.55)';
          c.lineWidth = 0.5;
          c.strokeRect(bx + 0.25, y + 0.25, bw - 0.5, ROW - 6.5);
        }
        if (OP.wn && OP.wn[oi] >= 0 && !dim) wins.push(oi, y);
        if (woLate[OP.w[oi]] && !dim) late.push(bx, y, bw);
        if (bw > 30 && !dim) labels.push(oi, bx, y, bw);
      }
    }
    c.globalAlpha = 1;
    /* time windows: under the bar, from when the steps before it end to the
     * latest start the window allows (a bracket), and in red the time by
     * which the plan exceeds it, up to the start */
    for (k = 0; k < wins.length; k += 2) {
      var wo = wins[k], wy = wins[k + 1] + ROW - 5.5, wa = X(OP.wf[wo]), wb = X(OP.wf[wo] + OP.wn[wo]);
      c.strokeStyle = '#b35c00'; c.lineWidth = 1.2;
      c.beginPath(); c.moveTo(wa, wy - 3); c.lineTo(wa, wy); c.lineTo(wb, wy); c.lineTo(wb, wy - 3); c.stroke();
      if (OP.ov[wo] > 0) {
        c.strokeStyle = '#d00'; c.lineWidth = 2.4;
        c.beginPath(); c.moveTo(wb, wy); c.lineTo(X(OP.s[wo]), wy); c.stroke();
      }
    }
    c.strokeStyle = '#d00';
    c.lineWidth = 1.6;
    for (k = 0; k < late.length; k += 3) c.strokeRect(late[k], late[k + 1] + 0.8, Math.max(1, late[k + 2]), ROW - 7.6);
    for (k = 0; k < labels.length; k += 4) {
      oi = labels[k];
      if (oi < 0) { /* a cycle: its members */
        var cb2 = -1 - oi, room2 = labels[k + 3] - 6, lead = BAT.po[BAT.f[cb2]];
        var t2 = BAT.n[cb2] + ' in cycle: ' + WO.n[OP.w[lead]] + (BAT.n[cb2] > 1 ? ' +' + (BAT.n[cb2] - 1) : '');
        if (measure(t2) > room2) { t2 = BAT.n[cb2] + ' in cycle'; if (measure(t2) > room2) continue; }
        c.fillStyle = '#fff';
        c.fillText(t2, labels[k + 1] + 3, labels[k + 2] + (ROW - 6) / 2);
        continue;
      }
      var w = OP.w[oi], room = labels[k + 3] - 6, text = WO.n[w] + ' ' + D.steps[OP.st[oi]];
      if (measure(text) > room) { text = WO.n[w]; if (measure(text) > room) continue; }
      c.fillStyle = D.keys[keyOfOp[oi]][3] ? '#fff' : '#111';
      c.fillText(text, labels[k + 1] + 3, labels[k + 2] + (ROW - 6) / 2);
    }
    if (sel >= 0 && OP.m[sel] >= 0) {
      var sr = G.mode === 'machine' ? rowOfMachine[OP.m[sel]] + OP.u[sel] : rowIndexOfWo(OP.w[sel]);
      if (sr >= first && sr < last) {
        c.strokeStyle = '#000'; c.lineWidth = 2.5;
        c.strokeRect(X(OP.s[sel]) - 1, HEAD + sr * ROW - G.y + 2, Math.max(2, (OP.e[sel] - OP.s[sel]) * G.ppm) + 2, ROW - 4);
      }
    }
    if (D.replan) {
      var nx = X(D.now);
      c.strokeStyle = '#c00'; c.lineWidth = 1.5; c.setLineDash([5, 3]);
      c.beginPath(); c.moveTo(nx, HEAD); c.lineTo(nx, H); c.stroke(); c.setLineDash([]);
    }
    c.restore();
    /* the axis */
    c.fillStyle = '#fff';
    c.fillRect(0, 0, W, HEAD);
    c.fillStyle = '#333';
    c.textAlign = 'center';
    for (t = firstTick(L, t0); t <= t1; t = nextTick(L, t)) {
      var tx = X(t);
      if (tx > L0 + 12) c.fillText(tickLabel(L, t), tx, HEAD - 10);
    }
    c.textAlign = 'left';
    c.font = 'bold 11px system-ui, sans-serif';
    c.fillText(coarse(L, t0), L0 + 3, 13);
    for (t = coarseFirst(L, t0); t <= t1; t = coarseNext(L, t)) {
      tx = X(t);
      c.fillStyle = '#aeb4be'; c.fillRect(Math.round(tx), 3, 1, HEAD - 3);
      c.fillStyle = '#111';
      if (tx > L0 + 140) c.fillText(coarse(L, t), tx + 3, 13);
    }
    if (D.replan) { c.fillStyle = '#c00'; c.fillText('now', X(D.now) + 3, HEAD - 24); }
    c.fillStyle = '#ccd'; c.fillRect(0, HEAD - 1, W, 1);
    /* the row labels */
    c.fillStyle = '#fff';
    c.fillRect(0, HEAD, L0, H - HEAD);
    c.font = '11px system-ui, sans-serif';
    c.save();
    c.beginPath(); c.rect(0, HEAD, L0 - 4, H - HEAD); c.clip();
    for (r = first; r < last; r++) {
      row = rows[r];
      y = HEAD + r * ROW - G.y + ROW / 2;
      c.fillStyle = G.mode === 'order' && woLate[row.wo] ? '#d00' : '#222';
      c.fillText(row.label, 6, y);
    }
    c.restore();
    c.fillStyle = '#ccd'; c.fillRect(L0 - 1, HEAD, 1, H - HEAD);
    G.lastDrawn = drawn;
    return drawn;
  }

  var rowOfWoCache = null;
  function rowIndexOfWo(w) {
    var rows = rowsNow();
    if (!rowOfWoCache || rowOfWoCache.rows !== rows) {
      var m = new Int32Array(nWos).fill(-1);
      for (var k = 0; k < rows.length; k++) if (rows[k].wo !== undefined) m[rows[k].wo] = k;
      rowOfWoCache = { rows: rows, m: m };
    }
    return rowOfWoCache.m[w];
  }

  /* ---- highlighting and filtering ------------------------------------------------ */
  function setHighlight(pred) {
    if (!pred) { G.hl = null; applyFilter(); return 0; }
    var h = new Uint8Array(nOps), n = 0;
    for (var k = 0; k < nOps; k++) if (pred(k)) { h[k] = 1; n++; }
    G.hl = h;
    applyFilter();
    return n;
  }
  function applyFilter() {
    G.shown = null;
    if (G.onlyHl && G.hl) {
      var h = G.hl;
      G.shown = G.rows.filter(function (r) {
        if (r.kind === 'batch' && G.mode === 'machine') {
          for (var b = 0; b < r.items.length; b++) if (r.items[b] >= 0 ? cycleAny(r.items[b], h) : h[-1 - r.items[b]]) return true;
          return false;
        }
        for (var k = 0; k < r.ops.length; k++) if (h[r.ops[k]]) return true;
        return false;
      });
    }
    layout();
  }
  /* the chain of a work order: everything serving the same order or forecast
   * demand (its key) */
  function highlightKey(k, show) {
    G.hlKey = k;
    setHighlight(function (oi) { return keyOfOp[oi] === k; });
    Array.prototype.forEach.call(legend.children, function (s, i) { s.classList.toggle('dim', i !== k); });
    if (show) showKey(k);
    draw();
  }
  function clearHighlight() {
    G.hlKey = -1; G.sel = -1;
    setHighlight(null);
    Array.prototype.forEach.call(legend.children, function (s) { s.classList.remove('dim'); });
    draw();
  }
  function runFind() {
    var q = lower(find.value.trim());
    if (!q) { clearHighlight(); return; }
    var keyHit = D.keys.map(function (k) { return lower(k[0]).indexOf(q) >= 0; });
    var prodHit = D.prod.map(function (p) { return lower(p).indexOf(q) >= 0; });
    var machHit = D.mach.map(function (m) { return lower(m[0]).indexOf(q) >= 0; });
    var woHit = new Uint8Array(nWos);
    for (var k = 0; k < nWos; k++) woHit[k] = lower(WO.n[k]).indexOf(q) >= 0 ? 1 : 0;
    setHighlight(function (oi) {
      var w = OP.w[oi];
      return keyHit[WO.k[w]] || prodHit[WO.p[w]] || (OP.m[oi] >= 0 && machHit[OP.m[oi]]) || woHit[w];
    });
    draw();
  }
  find.addEventListener('input', runFind);
  find.addEventListener('keydown', function (e) {
    if (e.key !== 'Enter' || !G.hl) return;
    /* the next highlighted operation after the view's left edge */
    var best = -1;
    for (var k = 0; k < nOps; k++)
      if (G.hl[k] && OP.m[k] >= 0 && OP.s[k] > G.t + 1 && (best < 0 || OP.s[k] < OP.s[best])) best = k;
    if (best < 0) for (k = 0; k < nOps; k++) if (G.hl[k] && OP.m[k] >= 0 && (best < 0 || OP.s[k] < OP.s[best])) best = k;
    if (best >= 0) { selectOp(best); reveal(best); }
  });
  only.addEventListener('change', function () { G.onlyHl = only.checked; G.y = 0; applyFilter(); draw(); });
  pick.addEventListener('change', function () {
    var v = pick.value;
    if (!v) { clearHighlight(); return; }
    var n = +v.slice(1);
    if (v.charAt(0) === 'k') { highlightKey(n, true); return; }
    G.hlKey = -1;
    if (v.charAt(0) === 'p') setHighlight(function (oi) { return WO.p[OP.w[oi]] === n; });
    else setHighlight(function (oi) { return OP.m[oi] === n; });
    draw();
  });

  /* ---- pointer --------------------------------------------------------------------- */
  function opAt(x, y) {
    var rows = rowsNow(), r = Math.floor((y - HEAD + G.y) / ROW);
    if (y < HEAD || x < G.labelW || r < 0 || r >= rows.length) return -1;
    var row = rows[r], t = G.t + (x - G.labelW) / G.ppm, slack = 3 / G.ppm, ops = row.ops, best = -1, bd = Infinity;
    var from = G.mode === 'machine' ? firstFrom(row, t - slack) : 0;
    G.hit = null;
    for (var j = from; j < ops.length; j++) {
      var oi = ops[j], s = rS(row, j), e = rE(row, j);
      if (s > t + slack) { if (G.mode === 'machine') break; else continue; }
      if (e < t - slack) continue;
      var d = t < s ? s - t : t > e ? t - e : 0;
      if (d < bd) { bd = d; best = oi; G.hit = row.items && row.items.length && row.items[j] >= 0 ? { kind: row.kind, item: row.items[j] } : null; }
    }
    return best;
  }
  /* a bar of a cycle or of a resource unit held */
  function describeHit(oi, hit) {
    if (!hit || G.mode !== 'machine') return describe(oi);
    if (hit.kind === 'pool') {
      var h = hit.item;
      return D.pool[HD.p[h]][0] + ' #' + (HD.u[h] + 1) + ' (resource pool) held ' + fmtTime(OP.s[oi]) + ' to ' + fmtTime(HD.e[h]) +
        ' by\n' + describe(oi);
    }
    var b = hit.item, lines = [D.mach[BAT.m[b]][0] + ' #' + (BAT.u[b] + 1) + ': a cycle ' + fmtTime(BAT.s[b]) + ' to ' + fmtTime(BAT.e[b]) +
      ', ' + BAT.n[b] + ' member' + (BAT.n[b] === 1 ? '' : 's') + ' (capacity ' + fmtNum(D.mach[BAT.m[b]][3]) + ')'];
    for (var k = BAT.f[b], n = k + BAT.n[b]; k < n && k < BAT.f[b] + 12; k++) {
      var m = BAT.po[k];
      lines.push('  ' + WO.n[OP.w[m]] + ' ' + D.steps[OP.st[m]] + ': ' + fmtNum(BAT.pq[k]) + ' of ' + fmtNum(WO.q[OP.w[m]]) + ' pieces' +
        (woLate[OP.w[m]] ? ' (late)' : ''));
    }
    if (BAT.n[b] > 12) lines.push('  and ' + (BAT.n[b] - 12) + ' more');
    return lines.join('\n');
  }
  function describe(oi) {
    var w = OP.w[oi], lines = [WO.n[w] + ' ' + D.steps[OP.st[oi]] + ' on ' + D.mach[OP.m[oi]][0] + (D.mach[OP.m[oi]][4] ? ' (sent out)' : ' #' + (OP.u[oi] + 1)),
      fmtTime(OP.s[oi]) + ' to ' + fmtTime(OP.e[oi]) + ' (setup ' + fmtDur(OP.su[oi]) + ', run ' + fmtDur(OP.ru[oi]) + ')',
      'product ' + D.prod[WO.p[w]] + ', ' + fmtNum(WO.q[w]) + ' pieces'];
    if (OP.s[oi] > OP.rd[oi]) lines.push('could start ' + fmtTime(OP.rd[oi]) + ', waited ' + fmtDur(OP.s[oi] - OP.rd[oi]));
    var o = WO.o[w], f = WO.f[w];
    if (o >= 0) lines.push('for order ' + D.ord[o][0] + ', due ' + fmtTime(D.ord[o][3]) + (D.ord[o][5] > 0 ? ', late by ' + fmtDur(D.ord[o][5]) : ', on time'));
    else if (f >= 0) lines.push('for forecast ' + D.fc[f][0] + ', due ' + fmtTime(D.fc[f][3]) + (D.fc[f][5] > 0 ? ', late by ' + fmtDur(D.fc[f][5]) : ', on time'));
    if (OP.a[oi]) lines.push(OP.a[oi] === 1 ? 'reported done' : 'reported running');
    if (OP.wn && OP.wn[oi] >= 0) {
      lines.push('within ' + fmtDur(OP.wn[oi]) + ' of the steps before it (they end ' + fmtTime(OP.wf[oi]) + ')' +
        (OP.ov[oi] > 0 ? ': window exceeded by ' + fmtDur(OP.ov[oi]) : ''));
    }
    if (OP.tr && OP.tr[oi] > 0) lines.push('takes lots of ' + fmtNum(OP.tr[oi]) + ' from the steps before it (transfer)');
    return lines.join('\n');
  }
  var drag = null;
  cv.addEventListener('mousemove', function (e) {
    var b = cv.getBoundingClientRect(), x = e.clientX - b.left, y = e.clientY - b.top;
    if (drag) {
      G.t = drag.t - (x - drag.x) / G.ppm;
      G.y = Math.max(0, Math.min(maxY(), drag.y - (y - drag.yy)));
      vbar.scrollTop = G.y;
      drag.moved = drag.moved || Math.abs(x - drag.x) + Math.abs(y - drag.yy) > 3;
      tip.style.display = 'none';
      draw();
      return;
    }
    var oi = opAt(x, y);
    if (oi < 0) { tip.style.display = 'none'; return; }
    tip.textContent = describeHit(oi, G.hit);
    tip.style.display = 'block';
    tip.style.left = Math.min(x + 14, W - 300) + 'px';
    tip.style.top = (y + 16) + 'px';
  });
  cv.addEventListener('mouseleave', function () { tip.style.display = 'none'; });
  cv.addEventListener('mousedown', function (e) {
    var b = cv.getBoundingClientRect();
    drag = { x: e.clientX - b.left, yy: e.clientY - b.top, t: G.t, y: G.y, moved: false };
    cv.classList.add('drag');
  });
  window.addEventListener('mouseup', function (e) {
    if (!drag) return;
    var d = drag;
    drag = null;
    cv.classList.remove('drag');
    if (d.moved) return;
    var b = cv.getBoundingClientRect(), oi = opAt(e.clientX - b.left, e.clientY - b.top);
    if (oi >= 0) selectOp(oi);
    else if (e.target === cv) clearHighlight();
  });
  function maxY() { return Math.max(0, rowsNow().length * ROW - (H - HEAD)); }
  cv.addEventListener('wheel', function (e) {
    e.preventDefault();
    var b = cv.getBoundingClientRect(), x = e.clientX - b.left;
    if (e.ctrlKey || e.metaKey) { zoomAt(x, Math.exp(-e.deltaY * 0.0025)); return; }
    if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY)) {
      G.t += (e.shiftKey ? e.deltaY || e.deltaX : e.deltaX) / G.ppm;
    } else {
      G.y = Math.max(0, Math.min(maxY(), G.y + e.deltaY));
      vbar.scrollTop = G.y;
    }
    draw();
  }, { passive: false });
  vbar.addEventListener('scroll', function () { if (Math.abs(vbar.scrollTop - G.y) > 0.5) { G.y = vbar.scrollTop; draw(); } });
  cv.addEventListener('keydown', function (e) {
    var step = (W - G.labelW) / G.ppm / 8;
    if (e.key === 'ArrowLeft') G.t -= step;
    else if (e.key === 'ArrowRight') G.t += step;
    else if (e.key === 'ArrowUp') G.y = Math.max(0, G.y - ROW * 3);
    else if (e.key === 'ArrowDown') G.y = Math.min(maxY(), G.y + ROW * 3);
    else if (e.key === '+' || e.key === '=') { zoomAt(G.labelW + (W - G.labelW) / 2, 1.5); return; }
    else if (e.key === '-') { zoomAt(G.labelW + (W - G.labelW) / 2, 1 / 1.5); return; }
    else if (e.key === 'Escape') { clearHighlight(); return; }
    else return;
    e.preventDefault();
    draw();
  });
  window.addEventListener('resize', function () { layout(); draw(); });

  /* ---- details: an operation, a work order, its chain and pegging ---------------------- */
  function link(text, fn) { var a = el('span', 'linkish', text); a.addEventListener('click', fn); return a; }
  function woLink(w) { return link(WO.n[w], function () { selectWo(w, true); }); }
  function para(parent, label, value) {
    var p = el('div');
    p.appendChild(el('span', 'muted', label + ' '));
    if (value instanceof Node) p.appendChild(value); else p.appendChild(document.createTextNode(value));
    parent.appendChild(p);
  }
  function selectOp(oi) {
    G.sel = oi;
    var k = keyOfOp[oi];
    G.hlKey = k;
    setHighlight(function (x) { return keyOfOp[x] === k; });
    showWo(OP.w[oi], oi);
    draw();
  }
  function reveal(oi) {
    var span = (W - G.labelW) / G.ppm;
    if (OP.s[oi] < G.t || OP.e[oi] > G.t + span) G.t = OP.s[oi] - span * 0.2;
    var r = G.mode === 'machine' ? rowOfMachine[OP.m[oi]] + OP.u[oi] : rowIndexOfWo(OP.w[oi]);
    if (r >= 0 && (r * ROW < G.y || r * ROW > G.y + H - HEAD - ROW)) G.y = Math.max(0, Math.min(maxY(), r * ROW - (H - HEAD) / 2));
    vbar.scrollTop = G.y;
    draw();
  }
  function selectWo(w, move) {
    var ops = woOps[w];
    if (ops.length) { selectOp(ops[0]); if (move) reveal(ops[0]); }
    else { G.sel = -1; showWo(w, -1); draw(); }
  }
  function showKey(k) {
    details.textContent = '';
    details.appendChild(el('h4', null, D.keys[k][0]));
    var list = el('ul');
    for (var w = 0; w < nWos; w++) if (WO.k[w] === k) { var li = el('li'); li.appendChild(woLink(w)); list.appendChild(li); }
    para(details, 'its work orders:', '');
    details.appendChild(list);
  }
  function showWo(w, oi) {
    details.textContent = '';
    details.appendChild(el('h4', null, WO.n[w]));
    if (oi >= 0) details.appendChild(el('div', 'muted', describe(oi)));
    para(details, 'product', D.prod[WO.p[w]] + ', ' + fmtNum(WO.q[w]) + ' pieces');
    para(details, 'released', fmtTime(WO.r[w]) + '; latest start ' + fmtTime(WO.ls[w]) + '; due ' + fmtTime(WO.d[w]));
    para(details, 'planned', (WO.s[w] === null ? 'no operations' : fmtTime(WO.s[w])) + ' to ' + fmtTime(WO.e[w]));
    if (WO.o[w] >= 0) { var o = D.ord[WO.o[w]]; para(details, 'for order', o[0] + ' (due ' + fmtTime(o[3]) + (o[5] > 0 ? ', late by ' + fmtDur(o[5]) : ', on time') + ')'); }
    else if (WO.f[w] >= 0) { var f = D.fc[WO.f[w]]; para(details, 'for forecast', f[0] + ' (due ' + fmtTime(f[3]) + (f[5] > 0 ? ', late by ' + fmtDur(f[5]) : ', on time') + ')'); }
    if (WO.par[w] >= 0) para(details, 'parent', woLink(WO.par[w]));
    if (children[w].length) {
      para(details, 'components from', '');
      var ul = el('ul');
      children[w].forEach(function (c) { var li = el('li'); li.appendChild(woLink(c)); li.appendChild(document.createTextNode(' ends ' + fmtTime(WO.e[c]))); ul.appendChild(li); });
      details.appendChild(ul);
    }
    var mats = D.alloc.filter(function (a) { return a[1] === w; });
    if (mats.length) {
      para(details, 'materials', 'on hand ' + fmtTime(WO.mr[w]));
      var ml = el('ul');
      mats.forEach(function (a) {
        var m = D.mat[a[0]], from = a[2] === 0 ? 'stock' : a[2] === 1 ? 'an open receipt' : 'a purchase ordered ' + fmtTime(D.pu[a[3]][2]);
        ml.appendChild(el('li', null, fmtNum(a[4]) + ' ' + m[1] + ' ' + m[0] + ' from ' + from + ', there ' + fmtTime(a[5])));
      });
      details.appendChild(ml);
    }
    var ops = woOps[w];
    if (ops.length) {
      para(details, 'operations', '');
      var ol = el('ul');
      ops.slice().sort(function (a, b) { return OP.s[a] - OP.s[b]; }).forEach(function (x) {
        var li = el('li');
        li.appendChild(link(D.steps[OP.st[x]], function () { selectOp(x); reveal(x); }));
        li.appendChild(document.createTextNode(' on ' + D.mach[OP.m[x]][0] + (D.mach[OP.m[x]][3] ? ' (sent out)' : ' #' + (OP.u[x] + 1)) + ', ' + fmtTime(OP.s[x]) + ' to ' + fmtTime(OP.e[x])));
        ol.appendChild(li);
      });
      details.appendChild(ol);
    }
    var k = WO.k[w];
    details.appendChild(link('the whole chain of ' + D.keys[k][0], function () { highlightKey(k, true); }));
    if (woTable) woTable.select(w);
  }

  /* ---- long tables: only the rows in view are built ------------------------------------ */
  /* spec: cols [{name, text(i), key(i) for sorting (default: text), num, cls(i)}], n rows,
   * rowClass(i), onRow(i), order (the rows' first order) */
  function vtable(host, spec) {
    var tools = el('div', 'toolbar');
    var q = el('input');
    q.type = 'search';
    q.placeholder = 'filter';
    tools.appendChild(q);
    var count = el('span', 'muted');
    tools.appendChild(count);
    var box = el('div', 'vt'), table = el('table'), thead = el('thead'), tbody = el('tbody');
    var cols = spec.cols, tr = el('tr');
    cols.forEach(function (c, i) {
      var th = el('th', null, c.name);
      th.title = 'sort';
      th.addEventListener('click', function () { sortBy(i); });
      tr.appendChild(th);
    });
    thead.appendChild(tr);
    table.appendChild(thead);
    table.appendChild(tbody);
    box.appendChild(table);
    host.appendChild(tools);
    host.appendChild(box);
    var idx = spec.order || Array.from({ length: spec.n }, function (_, i) { return i; });
    var view = idx, selI = -1, RH = 21, sortCol = -1, asc = true, topPad = el('tr'), botPad = el('tr');
    function render() {
      var first = Math.max(0, Math.floor(box.scrollTop / RH) - 5), n = Math.ceil(420 / RH) + 10;
      var last = Math.min(view.length, first + n);
      tbody.textContent = '';
      topPad.style.height = (first * RH) + 'px';
      tbody.appendChild(topPad);
      for (var k = first; k < last; k++) {
        var i = view[k], row = el('tr', (spec.rowClass ? spec.rowClass(i) : '') + (i === selI ? ' sel' : ''));
        for (var c = 0; c < cols.length; c++) {
          var col = cols[c];
          row.appendChild(el('td', (col.num ? 'n ' : '') + (col.cls ? col.cls(i) : ''), col.text(i)));
        }
        row.dataset.i = i;
        tbody.appendChild(row);
      }
      botPad.style.height = ((view.length - last) * RH) + 'px';
      tbody.appendChild(botPad);
      count.textContent = ' ' + view.length + ' of ' + spec.n;
    }
    function filter() {
      var s = lower(q.value.trim());
      view = !s ? idx : idx.filter(function (i) {
        for (var c = 0; c < cols.length; c++) if (lower(cols[c].text(i)).indexOf(s) >= 0) return true;
        return false;
      });
      box.scrollTop = 0;
      render();
    }
    function sortBy(c) {
      asc = sortCol === c ? !asc : true;
      sortCol = c;
      var f = cols[c].key || cols[c].text;
      idx = idx.slice().sort(function (a, b) {
        var x = f(a), y = f(b);
        if (x === null || x === undefined) x = -Infinity;
        if (y === null || y === undefined) y = -Infinity;
        return (x < y ? -1 : x > y ? 1 : a - b) * (asc ? 1 : -1);
      });
      filter();
    }
    q.addEventListener('input', filter);
    box.addEventListener('scroll', render);
    if (spec.onRow) tbody.addEventListener('click', function (e) {
      var t = e.target.closest ? e.target.closest('tr') : null;
      if (t && t.dataset.i !== undefined) spec.onRow(+t.dataset.i);
    });
    whenVisible(box, render);
    return {
      render: render,
      select: function (i) {
        selI = i;
        var k = view.indexOf(i);
        if (k >= 0 && (k * RH < box.scrollTop || k * RH > box.scrollTop + box.clientHeight - RH)) box.scrollTop = Math.max(0, k * RH - 2 * RH);
        render();
      },
      rows: function () { return view.length; }
    };
  }
  function col(name, text, opt) {
    var c = { name: name, text: text };
    if (opt) for (var k in opt) c[k] = opt[k];
    return c;
  }
  function timeCol(name, get) { return col(name, function (i) { return fmtTime(get(i)); }, { key: get }); }
  function numCol(name, get, f) { return col(name, function (i) { return (f || fmtNum)(get(i)); }, { key: get, num: true }); }

  var woTable = null, vts = {};
  function buildTables() {
  woTable = vtable(document.getElementById('wo-app'), {
    n: nWos, order: woOrder.slice(),
    cols: [col('work order', function (w) { return WO.n[w]; }, { cls: function (w) { return woLate[w] ? 'latecell' : ''; } }),
      col('product', function (w) { return D.prod[WO.p[w]]; }), numCol('qty', function (w) { return WO.q[w]; }),
      timeCol('start', function (w) { return WO.s[w]; }), timeCol('end', function (w) { return WO.e[w]; }),
      timeCol('due', function (w) { return WO.d[w]; }),
      col('for', function (w) { return WO.o[w] >= 0 ? D.ord[WO.o[w]][0] : WO.f[w] >= 0 ? D.fc[WO.f[w]][0] : ''; }),
      col('parent', function (w) { return WO.par[w] >= 0 ? WO.n[WO.par[w]] : ''; })],
    onRow: function (w) { selectWo(w, true); cv.scrollIntoView({ block: 'nearest' }); }
  });

  /* the long tables of the page's other sections, from the same data */
  function host(name) { return document.getElementById('vt-' + name); }
  if (host('exc')) vts.exc = vtable(host('exc'), {
    n: D.exc.length, rowClass: function (i) { return 'exc ' + D.exc[i][0]; },
    cols: [col('kind', function (i) { return D.exc[i][0].replace('_', ' '); }), col('what', function (i) { return D.exc[i][1]; }),
      col('cause', function (i) { return D.exc[i][6]; }), col('why', function (i) { return D.exc[i][2]; }),
      col('where', function (i) { return D.exc[i][3]; })]
  });
  if (host('load')) {
    var lcols = [col('resource', function (i) { return loadName(D.load.rows[i]); }), numCol('units', function (i) { return D.load.rows[i][2]; })];
    D.load.weeks.forEach(function (wk, k) {
      lcols.push(col(wk.slice(5), function (i) {
        var r = D.load.rows[i];
        return r[6][k] > 0 ? Math.round(100 * r[4][k] / r[6][k]) + '%' : r[4][k] > 0 ? '!' : '0%';
      }, { key: function (i) { var r = D.load.rows[i]; return r[6][k] > 0 ? r[4][k] / r[6][k] : 0; },
           cls: function (i) {
             var r = D.load.rows[i], p = r[6][k] > 0 ? 100 * r[4][k] / r[6][k] : (r[4][k] > 0 ? 999 : 0);
             var b = p <= 0 ? 0 : p >= 100 ? 10 : 1 + Math.floor(p / 11);
             return 'h' + b + (r[4][k] > r[6][k] + 0.5 || r[5][k] > r[6][k] + 0.5 ? ' over' : '');
           } }));
    });
    vts.load = vtable(host('load'), { n: D.load.rows.length, cols: lcols,
      onRow: function (i) { loadSel.value = i; drawLoad(); } });
  }
  if (host('stock')) vts.stock = vtable(host('stock'), {
    n: D.stock.length, rowClass: function (i) { var s = D.stock[i]; return (s[9] > 0 ? 'short' : '') + (s[4] > 0 && s[8] > 0 ? ' below' : ''); },
    cols: [col('item', function (i) { return D.stock[i][0]; }), col('unit', function (i) { return D.stock[i][2]; }),
      numCol('on hand', function (i) { return D.stock[i][3]; }), numCol('end', function (i) { return D.stock[i][5]; }),
      numCol('lowest', function (i) { return D.stock[i][6]; }), timeCol('lowest on', function (i) { return D.stock[i][7]; }),
      numCol('safety stock', function (i) { return D.stock[i][4]; }),
      col('below it', function (i) { return D.stock[i][8] > 0 && D.stock[i][4] > 0 ? fmtDur(D.stock[i][8]) : ''; }, { key: function (i) { return D.stock[i][8]; } })],
    onRow: function (i) { stockSel.value = i; drawStock(); }
  });
  if (host('ord')) vts.ord = vtable(host('ord'), {
    n: D.ord.length, rowClass: function (i) { return D.ord[i][5] > 0 ? 'late' : ''; },
    cols: [col('order', function (i) { return D.ord[i][0]; }), col('product', function (i) { return D.prod[D.ord[i][1]]; }),
      numCol('qty', function (i) { return D.ord[i][2]; }), timeCol('due', function (i) { return D.ord[i][3]; }),
      timeCol('done', function (i) { return D.ord[i][4]; }),
      col('lateness', function (i) { return D.ord[i][5] > 0 ? fmtDur(D.ord[i][5]) : 'on time'; }, { key: function (i) { return D.ord[i][5]; }, num: true }),
      numCol('cost', function (i) { return D.ord[i][6]; }, fmtMoney), numCol('penalty', function (i) { return D.ord[i][7]; }, fmtMoney)],
    onRow: function (i) { var k = D.keys.findIndex(function (x) { return x[0] === D.ord[i][0]; }); if (k >= 0) highlightKey(k, true); }
  });
  if (host('fc')) vts.fc = vtable(host('fc'), {
    n: D.fc.length, rowClass: function (i) { return D.fc[i][5] > 0 ? 'late' : ''; },
    cols: [col('demand', function (i) { return D.fc[i][0]; }), col('product', function (i) { return D.prod[D.fc[i][1]]; }),
      numCol('qty', function (i) { return D.fc[i][2]; }), timeCol('due', function (i) { return D.fc[i][3]; }),
      timeCol('done', function (i) { return D.fc[i][4]; }),
      col('lateness', function (i) { return D.fc[i][5] > 0 ? fmtDur(D.fc[i][5]) : 'on time'; }, { key: function (i) { return D.fc[i][5]; }, num: true })]
  });
  if (host('pu')) vts.pu = vtable(host('pu'), {
    n: D.pu.length, rowClass: function (i) { return D.pu[i][4] ? 'late' : ''; },
    cols: [col('material', function (i) { return D.mat[D.pu[i][0]][0]; }), numCol('qty', function (i) { return D.pu[i][1]; }),
      col('unit', function (i) { return D.mat[D.pu[i][0]][1]; }), timeCol('order on', function (i) { return D.pu[i][2]; }),
      col('arrives', function (i) { return fmtTime(D.pu[i][3]) + (D.pu[i][4] ? ' (late)' : ''); }, { key: function (i) { return D.pu[i][3]; } }),
      numCol('cost', function (i) { return D.pu[i][1] * D.mat[D.pu[i][0]][2]; }, fmtMoney),
      col('for', function (i) {
        return D.pu[i][6].map(function (a) { return (a[0] >= 0 ? WO.n[a[0]] : a[0] === -1 ? 'safety stock' : 'issued') + ' ' + fmtNum(a[1]); }).join(', ') || 'stock (lot surplus)';
      })]
  });
  if (host('std')) vts.std = vtable(host('std'), {
    n: D.prod.length,
    cols: [col('product', function (i) { return D.prod[i]; }), numCol('material', function (i) { return D.std[i][0]; }, fmtMoney),
      numCol('run', function (i) { return D.std[i][1]; }, fmtMoney), numCol('setup', function (i) { return D.std[i][2]; }, fmtMoney),
      numCol('total', function (i) { return D.std[i][0] + D.std[i][1] + D.std[i][2]; }, fmtMoney)]
  });
  if (host('mach')) vts.mach = vtable(host('mach'), {
    n: D.mach.length,
    cols: [col('machine', function (i) { return D.mach[i][0]; }), numCol('units', function (i) { return D.mach[i][1]; }),
      numCol('operations', function (i) { return D.use[i][0]; }), col('busy', function (i) { return fmtDur(D.use[i][1]); }, { key: function (i) { return D.use[i][1]; }, num: true }),
      col('available', function (i) { return fmtDur(D.use[i][2]); }, { key: function (i) { return D.use[i][2]; }, num: true }),
      col('utilisation', function (i) { return D.use[i][2] > 0 ? (100 * D.use[i][1] / D.use[i][2]).toFixed(1) + '%' : '-'; }, { key: function (i) { return D.use[i][2] > 0 ? D.use[i][1] / D.use[i][2] : 0; }, num: true }),
      numCol('cost', function (i) { return D.use[i][3]; }, fmtMoney)]
  });
  }

  /* ---- weekly load: a chart of the chosen resource ---------------------------------------- */
  var loadApp = document.getElementById('load-app');
  var loadSel = el('select'), loadCv = el('canvas', 'chart');
  (function () {
    var t = el('div', 'toolbar');
    t.appendChild(el('label', null, 'resource '));
    t.appendChild(loadSel);
    t.appendChild(el('span', 'muted', 'bars: planned hours (red: overloaded); outline: asked for by the due dates; line: available'));
    loadApp.appendChild(t);
    loadApp.appendChild(loadCv);
    var best = 0, bestScore = -1;
    D.load.rows.forEach(function (r, i) {
      option(loadSel, i, loadName(r));
      var over = 0, use = 0;
      for (var w = 0; w < r[4].length; w++) {
        if (r[4][w] > r[6][w] + 0.5 || r[5][w] > r[6][w] + 0.5) over++;
        if (r[6][w] > 0) use = Math.max(use, r[4][w] / r[6][w]);
      }
      var score = over * 10 + use;
      if (score > bestScore) { bestScore = score; best = i; }
    });
    loadSel.value = best;
    loadSel.addEventListener('change', drawLoad);
    var tb = document.getElementById('load-table');
    if (tb) tb.addEventListener('click', function (e) {
      var tr = e.target.closest ? e.target.closest('tr') : null;
      if (tr && tr.dataset.row !== undefined) { loadSel.value = tr.dataset.row; drawLoad(); }
    });
  })();
  function drawLoad() {
    var r = D.load.rows[+loadSel.value];
    var w = Math.max(400, loadApp.clientWidth || 800), h = 220, c = loadCv.getContext('2d');
    loadCv.style.height = h + 'px';
    loadCv.width = w * dpr; loadCv.height = h * dpr;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, w, h);
    if (!r) return;
    var n = D.load.weeks.length, top = 0;
    for (var k = 0; k < n; k++) top = Math.max(top, r[4][k], r[5][k], r[6][k]);
    top = top > 0 ? top / 60 * 1.1 : 1;
    var x0 = 44, bw = (w - x0 - 8) / n, y0 = h - 34, sy = (y0 - 10) / top;
    c.font = '10px system-ui, sans-serif';
    c.fillStyle = '#666';
    c.textAlign = 'right';
    for (var g = 0; g <= 4; g++) {
      var v = top * g / 4, y = y0 - v * sy;
      c.fillStyle = '#eee'; c.fillRect(x0, y, w - x0 - 8, 1);
      c.fillStyle = '#666'; c.fillText(Math.round(v) + ' h', x0 - 4, y + 3);
    }
    c.textAlign = 'center';
    for (k = 0; k < n; k++) {
      var p = r[4][k] / 60, q = r[5][k] / 60, a = r[6][k] / 60, x = x0 + k * bw;
      var over = r[4][k] > r[6][k] + 0.5 || r[5][k] > r[6][k] + 0.5;
      c.fillStyle = over ? '#e0524a' : '#5b8def';
      c.fillRect(x + bw * 0.15, y0 - p * sy, bw * 0.7, p * sy);
      c.strokeStyle = '#222'; c.lineWidth = 1; c.setLineDash([3, 2]);
      c.strokeRect(x + bw * 0.1, y0 - q * sy, bw * 0.8, q * sy);
      c.setLineDash([]);
      c.strokeStyle = '#1a7f37'; c.lineWidth = 2;
      c.beginPath(); c.moveTo(x + 1, y0 - a * sy); c.lineTo(x + bw - 1, y0 - a * sy); c.stroke();
      c.fillStyle = '#333';
      if (bw > 26 || k % Math.ceil(26 / bw) === 0) c.fillText(D.load.weeks[k].slice(5), x + bw / 2, y0 + 12);
    }
    c.textAlign = 'left';
    c.fillText(r[1] + ' (' + r[2] + ' unit' + (r[2] === 1 ? '' : 's') + ')', x0, h - 6);
  }

  /* ---- stock: a chart of the chosen item's level ----------------------------------------------- */
  var stockApp = document.getElementById('stock-app');
  var stockSel = el('select'), stockCv = el('canvas', 'chart'), stockEv = el('div', 'vt');
  (function () {
    var t = el('div', 'toolbar');
    t.appendChild(el('label', null, 'item '));
    t.appendChild(stockSel);
    t.appendChild(el('span', 'muted', 'line: on hand; dashed: safety stock; red: below it or below zero'));
    stockApp.appendChild(t);
    stockApp.appendChild(stockCv);
    stockEv.style.height = '220px';
    stockApp.appendChild(stockEv);
    var best = -1;
    D.stock.forEach(function (s, i) {
      option(stockSel, i, (s[1] ? 'product ' : 'material ') + s[0]);
      if (best < 0 && (s[9] > 0 || (s[4] > 0 && s[8] > 0))) best = i;
    });
    if (best < 0) D.stock.forEach(function (s, i) { if (best < 0 && s[10].length) best = i; });
    stockSel.value = Math.max(0, best);
    stockSel.addEventListener('change', drawStock);
    var tb = document.getElementById('stock-table');
    if (tb) tb.addEventListener('click', function (e) {
      var tr = e.target.closest ? e.target.closest('tr') : null;
      if (tr && tr.dataset.item !== undefined) { stockSel.value = tr.dataset.item; drawStock(); }
    });
  })();
  var SEV = ['receipt', 'purchase', 'used by', 'issued', 'made by', 'shipped to'];
  function stockRef(ev) {
    if (ev[3] === 2 || ev[3] === 4) return WO.n[ev[4]];
    if (ev[3] === 1) return 'ordered ' + fmtTime(D.pu[ev[4]][2]);
    return ev[4] || '';
  }
  function drawStock() {
    var s = D.stock[+stockSel.value];
    var w = Math.max(400, stockApp.clientWidth || 800), h = 200, c = stockCv.getContext('2d');
    stockCv.style.height = h + 'px';
    stockCv.width = w * dpr; stockCv.height = h * dpr;
    c.setTransform(dpr, 0, 0, dpr, 0, 0);
    c.clearRect(0, 0, w, h);
    stockEv.textContent = '';
    if (!s) return;
    var ev = s[10], a = Math.min(D.start, 0), b = Math.max(D.end, D.finish);
    var lo = Math.min(0, s[3], s[6]), hi = Math.max(s[3], s[4]);
    ev.forEach(function (e) { lo = Math.min(lo, e[2]); hi = Math.max(hi, e[2]); });
    if (hi <= lo) hi = lo + 1;
    var x0 = 60, y0 = h - 24, sx = (w - x0 - 10) / (b - a), sy = (y0 - 12) / (hi - lo);
    function X(t) { return x0 + (t - a) * sx; }
    function Y(v) { return y0 - (v - lo) * sy; }
    c.font = '10px system-ui, sans-serif';
    c.fillStyle = '#666';
    c.textAlign = 'right';
    [lo, (lo + hi) / 2, hi].forEach(function (v) { c.fillText(fmtNum(v) + ' ' + s[2], x0 - 4, Y(v) + 3); c.fillStyle = '#eee'; c.fillRect(x0, Y(v), w - x0 - 10, 1); c.fillStyle = '#666'; });
    if (lo < 0) { c.fillStyle = '#999'; c.fillRect(x0, Y(0), w - x0 - 10, 1); }
    if (s[4] > 0) { c.strokeStyle = '#b35c00'; c.setLineDash([5, 4]); c.beginPath(); c.moveTo(x0, Y(s[4])); c.lineTo(w - 10, Y(s[4])); c.stroke(); c.setLineDash([]); }
    var level = s[3], t = a;
    c.lineWidth = 2;
    function seg(t1, t2, v) {
      c.strokeStyle = v < -1e-9 || (s[4] > 0 && v < s[4] - 1e-9) ? '#d00' : '#2458b3';
      c.beginPath(); c.moveTo(X(t1), Y(v)); c.lineTo(X(t2), Y(v)); c.stroke();
    }
    ev.forEach(function (e) {
      seg(t, e[0], level);
      c.strokeStyle = '#888'; c.lineWidth = 1;
      c.beginPath(); c.moveTo(X(e[0]), Y(level)); c.lineTo(X(e[0]), Y(e[2])); c.stroke();
      c.lineWidth = 2;
      level = e[2]; t = e[0];
    });
    seg(t, b, level);
    c.textAlign = 'left';
    c.fillStyle = '#333';
    c.fillText(fmtTime(a), x0, h - 6);
    c.textAlign = 'right';
    c.fillText(fmtTime(b), w - 10, h - 6);
    var tbl = el('table'), head = el('tr');
    ['when', 'what', 'qty', 'on hand after', ''].forEach(function (x) { head.appendChild(el('th', null, x)); });
    var th = el('thead'); th.appendChild(head); tbl.appendChild(th);
    var tb = el('tbody');
    ev.slice(0, 1000).forEach(function (e) {
      var tr = el('tr');
      tr.appendChild(el('td', null, fmtTime(e[0])));
      tr.appendChild(el('td', null, SEV[e[3]]));
      tr.appendChild(el('td', 'n', fmtNum(e[1])));
      tr.appendChild(el('td', 'n', fmtNum(e[2])));
      tr.appendChild(el('td', null, stockRef(e)));
      tb.appendChild(tr);
    });
    tbl.appendChild(tb);
    stockEv.appendChild(tbl);
    if (ev.length > 1000) stockEv.appendChild(el('p', 'muted', (ev.length - 1000) + ' more movements'));
  }

  /* ---- first render ------------------------------------------------------------------------------- */
  layout();
  var tLaidOut = performance.now();
  fit();
  setMode('machine');
  var tRendered = performance.now();
  buildTables();
  whenVisible(loadCv, drawLoad);
  whenVisible(stockCv, drawStock);

  /* ---- a view named in the page's address: plan.html#zoom=week&at=2026-12-14&by=order&order=SO-1001
   * (zoom: hours, day, week, month, quarter or all; at: the left edge, a date or date and time;
   * by: machine or order; order: an order or forecast demand, its chain highlighted; find: the
   * search box's text). Anything else in it is left alone. */
  var asked = {};
  (location.hash || '').replace(/^#/, '').split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i <= 0) return;
    try { asked[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1)); } catch (e) { /* not an escape: ignored */ }
  });
  function openView(q) {
    if (q.by === 'order' || q.by === 'machine') setMode(q.by);
    if (q.zoom === 'all') fit();
    spans.forEach(function (s) { if (q.zoom === s[0]) zoomTo(s[1]); });
    var m = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d))?$/.exec(q.at || '');
    if (m) G.t = Date.UTC(+m[1], +m[2] - 1, +m[3], +(m[4] || 0), +(m[5] || 0)) / 60000 - D.t0;
    if (q.find) { find.value = q.find; runFind(); }
    if (q.order) {
      for (var k = 0; k < D.keys.length; k++) if (D.keys[k][0] === q.order) { highlightKey(k, true); break; }
    }
    draw();
  }
  openView(asked);

  /* ---- the page's own check of its figures ----------------------------------------------------------- */
  function selfCheck() {
    var checks = [];
    function check(name, ok, detail) { checks.push({ name: name, ok: !!ok, detail: detail || '' }); }
    /* by machine and resource: every operation on an ordinary machine is a
     * bar in exactly one unit's row, every cycle of a batch machine one bar
     * (and every operation on it a member of a cycle), every unit a
     * resource pool's operation holds one bar; by order, every operation */
    var inUnits = 0, inPools = 0, inCycles = 0, inWos = 0, overlaps = 0, onBatch = 0, outside = 0, unreported = 0;
    unitRows.forEach(function (r) {
      if (r.kind === 'pool') inPools += r.ops.length;
      else if (r.kind === 'batch') r.items.forEach(function (x) { if (x >= 0) inCycles++; else inUnits++; });
      else inUnits += r.ops.length;
      if (r.kind === 'unit' && D.mach[r.m][4]) return; /* a subcontractor's work goes out at once, side by side */
      for (var k = 1; k < r.ops.length; k++) {
        if (rE(r, k - 1) > rS(r, k) && rE(r, k - 1) > rS(r, k - 1) && rE(r, k) > rS(r, k)) overlaps++;
      }
    });
    for (var x0 = 0; x0 < nOps; x0++) {
      if (OP.m[x0] < 0 || !isBatch[OP.m[x0]]) continue;
      onBatch++;
      if (!inCycle[x0]) { outside++; if (!OP.a[x0]) unreported++; }
    }
    woRows.forEach(function (r) { inWos += r.ops.length; });
    var single = D.summary.planned - onBatch + outside;
    check('bars by machine and resource = operations + units held + cycles',
          inUnits + inPools + inCycles === single + nHold + nBat,
          (inUnits + inPools + inCycles) + ' of ' + single + ' + ' + nHold + ' + ' + nBat);
    check('bars by machine = operations planned outside batch machines\' cycles', inUnits === single,
          inUnits + ' of ' + single);
    check('bars by resource unit = units held', inPools === nHold, inPools + ' of ' + nHold);
    check('bars of batch machines = cycles, each operation on one in a cycle or reported', inCycles === nBat && unreported === 0,
          inCycles + ' of ' + nBat + ' cycles, ' + unreported + ' of ' + onBatch + ' operations in none and not reported');
    check('bars by order = operations planned', inWos === D.summary.planned, inWos + ' of ' + D.summary.planned);
    check('operations in the data = the report\'s', nOps === D.summary.ops, nOps + ' of ' + D.summary.ops);
    check('no two bars at once on a unit', overlaps === 0, overlaps + ' overlaps');
    /* time windows: the part drawn in red is the plan's overrun */
    var nWin = 0, winBad = 0;
    for (var wi = 0; OP.wn && wi < nOps; wi++) {
      if (OP.wn[wi] < 0) continue;
      nWin++;
      if (Math.max(0, OP.s[wi] - (OP.wf[wi] + OP.wn[wi])) !== OP.ov[wi]) winBad++;
    }
    check('time windows drawn in red = the plan\'s overruns', winBad === 0, winBad + ' of ' + nWin + ' differ');
    check('the first view drew bars', D.summary.planned === 0 || firstDrawn > 0, firstDrawn + ' drawn');
    /* the weekly load, worked out again from the bars and the calendars */
    var from = D.load.from, nw = D.load.weeks.length, rows = D.load.rows, bad = 0, cells = 0, domBad = 0;
    function work(cal, a, b) {
      if (cal < 0) return Math.max(0, b - a);
      var iv = D.cal[cal][1], s = 0;
      for (var k = 0; k < iv.length; k += 2) {
        var lo = Math.max(a, iv[k]), hi = Math.min(b, iv[k + 1]);
        if (hi > lo) s += hi - lo;
      }
      return s;
    }
    var mine = rows.map(function () { return new Float64Array(nw); });
    var rowOfMach = {}, rowOfPoolLoad = {};
    rows.forEach(function (r, i) { if (r[0] === 0) rowOfMach[r[3]] = i; else if (r[0] === 1) rowOfPoolLoad[r[3]] = i; });
    /* a batch machine's: its cycles, each once */
    for (var bx = 0; bx < nBat; bx++) {
      var br = rowOfMach[BAT.m[bx]], bcal = D.mach[BAT.m[bx]][2], ba = BAT.s[bx], bb = BAT.e[bx];
      while (ba < bb) {
        var bw = Math.floor((ba - from) / 10080), bhi = Math.min(bb, from + (bw + 1) * 10080);
        if (bw >= 0 && bw < nw) mine[br][bw] += work(bcal, ba, bhi);
        ba = bhi;
      }
    }
    for (var oi = 0; oi < nOps; oi++) {
      var m = OP.m[oi];
      if (m < 0 || OP.e[oi] <= OP.s[oi] || D.mach[m][4]) continue; /* sent out: no load of the plant's */
      if (isBatch[m] && !OP.a[oi]) continue;
      var ri = rowOfMach[m], cal = D.mach[m][2], a = OP.s[oi], b = OP.e[oi];
      while (a < b) {
        var wk = Math.floor((a - from) / 10080);
        var we = from + (wk + 1) * 10080, hi = Math.min(b, we);
        if (wk >= 0 && wk < nw) mine[ri][wk] += OP.a[oi] ? hi - a : work(cal, a, hi);
        a = hi;
      }
    }
    /* a resource pool's: the time each unit is held, in the pool's calendar */
    for (var hx = 0; hx < nHold; hx++) {
      var ho = HD.o[hx], pr = rowOfPoolLoad[HD.p[hx]], pcal = D.pool[HD.p[hx]][2], pa = OP.s[ho], pb = HD.e[hx];
      if (pr === undefined) { bad++; continue; }
      while (pa < pb) {
        var pw = Math.floor((pa - from) / 10080), phi = Math.min(pb, from + (pw + 1) * 10080);
        if (pw >= 0 && pw < nw) mine[pr][pw] += OP.a[ho] ? phi - pa : work(pcal, pa, phi);
        pa = phi;
      }
    }
    var table = document.getElementById('load-table');
    var inDom = table && !vts.load;
    rows.forEach(function (r, i) {
      var tr = inDom ? table.querySelector('tr[data-row="' + i + '"]') : null;
      for (var k = 0; k < nw; k++) {
        cells++;
        if (Math.abs(mine[i][k] - r[4][k]) > 0.5) bad++;
        if (!inDom) continue;
        /* the cell's title: hours planned / required / available, to a tenth */
        var td = tr ? tr.children[k + 2] : null, hrs = td ? td.title.split(/[\/ ]/) : [];
        if (!td || Math.abs(+hrs[0] - r[4][k] / 60) > 0.051 || Math.abs(+hrs[1] - r[5][k] / 60) > 0.051 ||
            Math.abs(+hrs[2] - r[6][k] / 60) > 0.051) domBad++;
      }
    });
    if (!inDom && (!vts.load || vts.load.rows() !== rows.length)) domBad++;
    check('weekly load from the bars = the planner\'s', bad === 0, bad + ' of ' + cells + ' cells differ');
    check('weekly load table = the data', domBad === 0, domBad + ' of ' + cells + ' cells differ');
    /* the stock: each level the sum so far, each end the table's */
    var sbad = 0, sdom = 0, st = document.getElementById('stock-table');
    var stockDom = st && !vts.stock;
    D.stock.forEach(function (s, i) {
      var level = s[3];
      s[10].forEach(function (e) { level += e[1]; if (Math.abs(level - e[2]) > 1e-6 * (1 + Math.abs(level))) sbad++; });
      if (Math.abs(level - s[5]) > 1e-6 * (1 + Math.abs(level))) sbad++;
      var td = stockDom ? st.querySelector('tr[data-item="' + i + '"] td.end') : null;
      if (stockDom && (!td || Math.abs(parseFloat(td.dataset.end) - s[5]) > 1e-6)) sdom++;
    });
    if (!stockDom && (!vts.stock || vts.stock.rows() !== D.stock.length)) sdom++;
    check('stock levels add up', sbad === 0, sbad + ' differ');
    check('stock table = the data', sdom === 0, sdom + ' differ');
    /* orders and exceptions */
    var late = D.ord.filter(function (o) { return o[5] > 0; }).length;
    var lateEl = document.getElementById('late-orders');
    check('late orders = the summary\'s', late === D.summary.late && lateEl && +lateEl.textContent === late, late + ' late');
    var et = document.getElementById('exc-table');
    var erows = vts.exc ? vts.exc.rows() : et ? et.querySelectorAll('tr.exc').length : 0;
    check('exceptions listed = the data\'s', erows === D.exc.length, erows + ' of ' + D.exc.length);
    ['ord', 'fc', 'pu', 'std', 'mach'].forEach(function (k) {
      var n = { ord: D.ord.length, fc: D.fc.length, pu: D.pu.length, std: D.prod.length, mach: D.mach.length }[k];
      if (vts[k]) check('the ' + k + ' table shows every row', vts[k].rows() === n, vts[k].rows() + ' of ' + n);
    });
    var lateExc = D.exc.filter(function (e) { return e[0] === 'late_order'; }).length;
    check('a late-order exception for each late order', lateExc === late, lateExc + ' of ' + late);
    check('work order table holds every work order', woTable.rows() === nWos, woTable.rows() + ' of ' + nWos);
    /* an order named in the address: its whole chain highlighted, nothing else */
    if (asked.order) {
      var want = 0, got = 0, wrong = 0;
      for (var x = 0; x < nOps; x++) {
        if (G.hlKey >= 0 && keyOfOp[x] === G.hlKey) want++;
        if (G.hl && G.hl[x]) { got++; if (keyOfOp[x] !== G.hlKey) wrong++; }
      }
      check('the chain of ' + asked.order + ' highlighted', G.hlKey >= 0 && D.keys[G.hlKey][0] === asked.order &&
            want > 0 && got === want && wrong === 0, got + ' of ' + want + ' operations, ' + wrong + ' others');
    }
    var errs = window.__taktErrors || [];
    check('no script errors', errs.length === 0, errs.join('; '));
    var ok = checks.every(function (c) { return c.ok; });
    return { ok: ok, checks: checks, ops: nOps, renderMs: Math.round(tRendered - tStart), loadMs: Math.round(tRendered) };
  }
  var firstDrawn = G.lastDrawn;
  window.taktSelfCheck = selfCheck;

  /* panning and zooming as a person would, timed: for the benchmark */
  function bench() {
    var times = [], s = span(), saveT = G.t, savePpm = G.ppm;
    zoomTo(10 * 1440);
    var stepT = (W - G.labelW) / G.ppm / 30;
    G.t = s[0];
    for (var k = 0; k < 60; k++) { var a = performance.now(); G.t += stepT; G.y = (k * 37) % Math.max(1, maxY() + 1); draw(); times.push(performance.now() - a); }
    fit();
    var a0 = performance.now(); draw(); var full = performance.now() - a0;
    var zoom = [];
    for (k = 0; k < 20; k++) { a0 = performance.now(); zoomAt(G.labelW + (W - G.labelW) / 2, k < 10 ? 1.6 : 1 / 1.6); zoom.push(performance.now() - a0); }
    G.t = saveT; G.ppm = savePpm; G.y = 0; draw();
    times.sort(function (x, y) { return x - y; });
    var mean = times.reduce(function (x, y) { return x + y; }, 0) / times.length;
    /* from when the page's bytes arrived: its HTML read and laid out, its
     * data parsed and indexed, the chart drawn */
    var nav = performance.getEntriesByType ? performance.getEntriesByType('navigation')[0] : null;
    var arrived = nav ? nav.responseStart : 0;
    return { ops: nOps, htmlMs: +(tStart - arrived).toFixed(1), parseMs: +(tParsed - tStart).toFixed(1),
             indexMs: +(tIndexed - tParsed).toFixed(1), layoutMs: +(tLaidOut - tIndexed).toFixed(1),
             firstDrawMs: +(tRendered - tLaidOut).toFixed(1), renderMs: +(tRendered - tStart).toFixed(1),
             firstViewMs: +(tRendered - arrived).toFixed(1), sinceNavigationMs: +tRendered.toFixed(1), panMeanMs: +mean.toFixed(2), panP95Ms: +times[Math.floor(times.length * 0.95)].toFixed(2),
             panMaxMs: +times[times.length - 1].toFixed(2), fullViewMs: +full.toFixed(2),
             zoomMeanMs: +(zoom.reduce(function (x, y) { return x + y; }, 0) / zoom.length).toFixed(2) };
  }
  window.taktBench = bench;
  var hash = location.hash || '';
  if (hash.indexOf('selfcheck') >= 0) {
    var out = document.getElementById('takt-selfcheck');
    out.textContent = JSON.stringify(selfCheck());
    document.getElementById('takt-errors').textContent = JSON.stringify(window.__taktErrors || []);
  }
  if (hash.indexOf('bench') >= 0) document.getElementById('takt-bench').textContent = JSON.stringify(bench());
})();
