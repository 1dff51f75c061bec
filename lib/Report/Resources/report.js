// The HTML report's page (docs/HtmlReport.md): draws every section that the
// embedded report (#zz-data, the JSON of docs/Report.md) has data for. Charts
// are Vega views rendered as SVG; each offers "save as SVG/PNG". When all
// charts are drawn, <body> gets data-rendered (ms since navigation start),
// data-charts and data-errors, which the browser test reads.
(function () {
  'use strict';
  var R = JSON.parse(document.getElementById('zz-data').textContent);
  var layers = R.layers || [];
  var hw = R.hardware || null;
  var pending = [];
  // The URL fragment's options, '&'-separated: only=<section>,
  // filter=<text> and sort=<column> (-<column> descending) for the layer
  // table, e.g. report.html#filter=conv&sort=-4.
  var hashArgs = {};
  location.hash.slice(1).split('&').forEach(function (kv) {
    var i = kv.indexOf('=');
    if (i > 0) hashArgs[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1));
  });
  var chartCount = 0;

  // ---------------------------------------------------------------- helpers
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs)
      Object.keys(attrs).forEach(function (k) {
        if (k === 'text') e.textContent = attrs[k];
        else if (k === 'html') e.innerHTML = attrs[k];
        else if (k.slice(0, 2) === 'on') e.addEventListener(k.slice(2), attrs[k]);
        else e.setAttribute(k, attrs[k]);
      });
    (children || []).forEach(function (c) {
      if (c != null) e.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
    });
    return e;
  }
  function esc(s) {
    return String(s).replace(/[&<>"]/g, function (c) {
      return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c];
    });
  }
  // 1234567 -> "1.23 M" (SI prefixes, as architects read pJ and cycles).
  function si(x) {
    if (x == null || !isFinite(x)) return String(x);
    var a = Math.abs(x), units = [[1e12, 'T'], [1e9, 'G'], [1e6, 'M'], [1e3, 'k']];
    for (var i = 0; i < units.length; ++i)
      if (a >= units[i][0]) return (x / units[i][0]).toPrecision(4) + ' ' + units[i][1];
    return a >= 100 || x === Math.round(x) ? String(Math.round(x * 100) / 100) : x.toPrecision(4);
  }
  function pct(x) { return (100 * x).toFixed(1) + '%'; }
  function bytes(bits) {
    var b = bits / 8;
    if (b >= 1 << 30) return (b / (1 << 30)).toPrecision(3) + ' GB';
    if (b >= 1 << 20) return (b / (1 << 20)).toPrecision(3) + ' MB';
    if (b >= 1 << 10) return (b / (1 << 10)).toPrecision(3) + ' KB';
    return b + ' B';
  }
  function num(x) { return typeof x === 'number' && isFinite(x) ? x : 0; }

  var main = el('main');
  function section(id, title, note) {
    var s = el('section', {id: id}, [el('h2', {text: title})]);
    if (note) s.appendChild(el('p', {'class': 'note', text: note}));
    main.appendChild(s);
    nav.appendChild(el('a', {href: '#' + id, text: title}));
    return s;
  }

  // ----------------------------------------------------------------- charts
  function download(url, name) {
    var a = el('a', {href: url, download: name});
    document.body.appendChild(a);
    a.click();
    a.remove();
  }
  // A Vega chart in `parent`, replacing one with the same id.
  function chart(parent, id, title, spec) {
    var old = parent.querySelector('[data-chart="' + id + '"]');
    var view = null;
    var box = el('div', {'class': 'chart', 'data-chart': id});
    var tools = el('div', {'class': 'tools'}, [
      el('span', {'class': 'ctitle', text: title}),
      el('button', {text: 'save SVG', onclick: function () {
        view.toSVG().then(function (svg) {
          download(URL.createObjectURL(new Blob([svg], {type: 'image/svg+xml'})), id + '.svg');
        });
      }}),
      el('button', {text: 'save PNG', onclick: function () {
        view.toImageURL('png', 2).then(function (url) { download(url, id + '.png'); });
      }})]);
    var target = el('div', {'class': 'view'});
    box.appendChild(tools);
    box.appendChild(target);
    if (old) parent.replaceChild(box, old);
    else { parent.appendChild(box); ++chartCount; }
    spec.$schema = 'https://vega.github.io/schema/vega/v5.json';
    spec.padding = spec.padding == null ? 5 : spec.padding;
    view = new vega.View(vega.parse(spec), {renderer: 'svg', container: target, hover: true});
    var done = view.runAsync();
    pending.push(done);
    return done;
  }
  // The band width of a per-layer chart: wide enough to read, narrow enough
  // for 250 layers on one screen.
  function widthFor(n) { return Math.max(320, Math.min(1300, n * 18)); }

  // Bars per x category, stacked by series (or side by side: grouped=true).
  // values: [{idx, series, value}]; names[idx] labels the x axis.
  function barSpec(o) {
    var grouped = !!o.grouped;
    var order = {};
    o.series.forEach(function (s, i) { order[s] = i; });
    var values = o.values.filter(function (v) { return v.value !== 0 && isFinite(v.value); })
      .map(function (v) { return {idx: v.idx, series: v.series, value: v.value, order: order[v.series]}; });
    var data = {name: 'table', values: values};
    if (!grouped)
      data.transform = [{type: 'stack', groupby: ['idx'], field: 'value', sort: {field: 'order'}}];
    var xs = [];
    for (var i = 0; i < o.names.length; ++i) xs.push(i);
    var yField0 = grouped ? null : 'y0', yField1 = grouped ? 'value' : 'y1';
    var tip = "{'" + (o.xTitle || 'layer') + "': names[datum.idx], 'part': datum.series, 'value': format(datum.value, '.4~s')" +
      (grouped ? '' : ", 'share': format(datum.value / totals[datum.idx], '.1%')") + '}';
    var totals = o.names.map(function () { return 0; });
    values.forEach(function (v) { totals[v.idx] += v.value; });
    var marks = [{
      type: 'rect', name: 'bars', from: {data: 'table'},
      encode: {
        enter: {
          x: grouped ? {scale: 'x', field: 'idx', offset: {scale: 'xo', field: 'series'}} : {scale: 'x', field: 'idx'},
          width: grouped ? {scale: 'xo', band: 1} : {scale: 'x', band: 1},
          y: grouped ? {scale: 'y', value: 0} : {scale: 'y', field: yField0},
          y2: {scale: 'y', field: yField1},
          fill: {scale: 'color', field: 'series'},
          tooltip: {signal: tip}
        },
        update: {fillOpacity: {value: 1}},
        hover: {fillOpacity: {value: 0.7}}
      }
    }];
    if (o.rule != null)
      marks.push({type: 'rule', encode: {enter: {
        x: {value: 0}, x2: {signal: 'width'}, y: {scale: 'y', value: o.rule},
        stroke: {value: '#b00'}, strokeDash: {value: [4, 3]}}}});
    var scales = [
      {name: 'x', type: 'band', domain: xs, range: 'width', padding: 0.15},
      {name: 'y', type: o.log ? 'log' : 'linear',
       domain: grouped ? {data: 'table', field: 'value'} : {data: 'table', fields: ['y0', 'y1']},
       range: 'height', nice: true, zero: !o.log},
      {name: 'color', type: 'ordinal', domain: o.series,
       range: o.colors || (o.series.length > 10 ? {scheme: 'category20'} : {scheme: 'tableau10'})}];
    if (grouped)
      scales.push({name: 'xo', type: 'band', domain: o.series, range: {signal: "[0, bandwidth('x')]"}, padding: 0.05});
    var spec = {
      width: o.width || widthFor(o.names.length), height: o.height || 240,
      signals: [{name: 'names', value: o.names}, {name: 'totals', value: totals}],
      data: [data], scales: scales,
      axes: [
        {orient: 'bottom', scale: 'x', title: o.xTitle || 'layer', labelAngle: -60, labelAlign: 'right',
         labelBaseline: 'middle', labelFontSize: 9, labelOverlap: true, labelLimit: 120,
         encode: {labels: {update: {text: {signal: 'names[datum.value]'}}}}},
        {orient: 'left', scale: 'y', title: o.yTitle, format: o.yFormat || '~s', grid: true}],
      marks: marks
    };
    if (o.series.length > 1)
      spec.legends = [{fill: 'color', title: o.legend || '', orient: 'right'}];
    return spec;
  }

  // ------------------------------------------------------- the accelerator
  function servedOperands(mem) { return mem.operands || []; }
  // Per memory operand, the memories holding it, innermost first (each
  // memory sits on top of the current top of every operand it serves).
  function hierarchy() {
    var h = {};
    if (!hw) return h;
    hw.memories.forEach(function (m, i) {
      servedOperands(m).forEach(function (op) { (h[op] = h[op] || []).push(i); });
    });
    return h;
  }
  var memOf = hierarchy();
  function memName(op, level) {
    var h = memOf[op];
    return h && h[level] != null ? hw.memories[h[level]].name : op + ' L' + level;
  }
  // Read (to below/above) and write (from above/below) energy of one memory
  // and operand: the memory's access costs split the reported energy.
  function readShare(memName, acc) {
    var mem = hw && hw.memories.find(function (m) { return m.name === memName; });
    if (!mem || !acc) return 0.5;
    var r = (num(acc.tl) + num(acc.th)) * mem.read_cost_pJ;
    var w = (num(acc.fh) + num(acc.fl)) * mem.write_cost_pJ;
    return r + w > 0 ? r / (r + w) : 0.5;
  }

  // The memory hierarchy: one column per operand, one row per level from
  // the MAC array (bottom) up; a memory spans the operands it serves.
  function hierarchySpec() {
    var ops = ['I1', 'I2', 'O'].filter(function (op) { return memOf[op]; });
    var rowOf = hw.memories.map(function (m, i) {
      var row = 0;
      servedOperands(m).forEach(function (op) { row = Math.max(row, memOf[op].indexOf(i) + 1); });
      return row;
    });
    var rows = Math.max.apply(null, rowOf.concat([0])) + 1;
    var cells = [];
    hw.memories.forEach(function (m, i) {
      var cols = servedOperands(m).map(function (op) { return ops.indexOf(op); }).sort();
      var runs = [];
      cols.forEach(function (c) {
        var last = runs[runs.length - 1];
        if (last && last[1] === c - 1) last[1] = c; else runs.push([c, c]);
      });
      var ports = (m.ports || []).map(function (p) {
        return p.name + ': ' + p.bandwidth_max + ' b/cc (' + (p.allocations || []).join(' ') + ')';
      });
      runs.forEach(function (run) {
        cells.push({name: m.name, row: rowOf[i], c0: run[0], c1: run[1] + 1,
          lines: [m.name + ' [' + servedOperands(m).join(', ') + ']',
                  bytes(m.size_bits) + ' x' + m.instances + '  r ' + m.read_cost_pJ + ' / w ' + m.write_cost_pJ + ' pJ'].concat(ports)});
      });
    });
    var dims = Object.keys(hw.array.dims).map(function (d) { return d + ' ' + hw.array.dims[d]; }).join(' x ');
    cells.push({name: 'MAC array', row: 0, c0: 0, c1: ops.length, array: true,
      lines: ['MAC array ' + dims + ' (' + hw.array.units + ' units, ' + hw.array.unit_energy_pJ + ' pJ/MAC)']});
    // Rows tall enough for the memory with the most ports.
    var maxLines = Math.max.apply(null, cells.map(function (c) { return c.lines.length; }));
    var colW = 260, rowH = Math.max(50, 22 + 12 * maxLines);
    return {
      width: colW * ops.length, height: rowH * rows,
      data: [{name: 'cells', values: cells}, {name: 'ops', values: ops.map(function (op, i) { return {op: op, c: i}; })}],
      marks: [
        {type: 'rect', name: 'memories', from: {data: 'cells'}, encode: {enter: {
          x: {signal: 'datum.c0 * ' + colW + ' + 3'}, x2: {signal: 'datum.c1 * ' + colW + ' - 3'},
          y: {signal: '(' + (rows - 1) + ' - datum.row) * ' + rowH + ' + 3'},
          y2: {signal: '(' + rows + ' - datum.row) * ' + rowH + ' - 3'},
          fill: {signal: "datum.array ? '#f3e3c3' : '#dbe8f5'"}, stroke: {value: '#456'}, cornerRadius: {value: 3}}}},
        {type: 'text', from: {data: 'cells'}, encode: {enter: {
          x: {signal: '(datum.c0 + datum.c1) / 2 * ' + colW}, align: {value: 'center'},
          y: {signal: '(' + (rows - 1) + ' - datum.row) * ' + rowH + ' + 16'},
          text: {field: 'lines'}, fontSize: {value: 10}, lineHeight: {value: 12}, limit: {signal: '(datum.c1 - datum.c0) * ' + colW + ' - 8'}}}},
        {type: 'text', from: {data: 'ops'}, encode: {enter: {
          x: {signal: '(datum.c + 0.5) * ' + colW}, align: {value: 'center'}, y: {value: -6},
          text: {field: 'op'}, fontWeight: {value: 'bold'}}}}]
    };
  }

  // The loop nest as ZigZag prints it: temporal loops outermost first with
  // the memory each operand's tile sits in at that loop, then the spatial
  // loops of each array dimension.
  function loopNestText(layer) {
    var m = layer.mapping || {};
    var ops = Object.keys(m.temporal || {});
    if (!ops.length) return 'no mapping';
    var loops = [];
    m.temporal[ops[0]].forEach(function (lvl) { loops = loops.concat(lvl); });
    var levelAt = {};
    ops.forEach(function (op) {
      var at = [];
      m.temporal[op].forEach(function (lvl, l) { lvl.forEach(function () { at.push(l); }); });
      levelAt[op] = at;
    });
    var w = 34, cw = 16;
    var pad = function (s, n) { s = String(s); return s.length >= n ? s + ' ' : s + new Array(n - s.length + 1).join(' '); };
    var line = new Array(w + cw * ops.length + 1).join('=');
    var out = ['Loop ordering for ' + layer.name, line,
      pad('Temporal Loops', w) + ops.map(function (op) { return pad(op, cw); }).join(''), line];
    for (var k = loops.length - 1, depth = 0; k >= 0; --k, ++depth) {
      var text = new Array(depth + 1).join(' ') + 'for ' + loops[k][0] + ' in [0, ' + loops[k][1] + '):';
      out.push(pad(text, w) + ops.map(function (op) { return pad(memName(op, levelAt[op][k]), cw); }).join(''));
    }
    out.push(line, 'Spatial Loops', line);
    Object.keys(m.spatial || {}).forEach(function (dim) {
      m.spatial[dim].forEach(function (f) {
        out.push(pad(new Array(depth + 1).join(' ') + 'parfor ' + f[0] + ' in [0, ' + f[1] + '):', w) + dim);
      });
    });
    out.push(line);
    return out.join('\n');
  }

  // ------------------------------------------------------------ the page
  var nav = el('nav');
  var accName = R.accelerator || '?';
  document.body.appendChild(el('header', null, [el('h1', {text: 'zigzag report: ' + accName}), nav]));
  document.body.appendChild(el('pre', {id: 'zz-errors'}));
  document.body.appendChild(main);
  if (typeof zzErrors !== 'undefined' && zzErrors.length)
    document.getElementById('zz-errors').textContent = zzErrors.join('\n');

  // Summary.
  var t = R.total || {};
  (function () {
    var s = section('summary', 'Summary');
    var cards = el('div', {'class': 'cards'});
    function card(k, v, sub) {
      cards.appendChild(el('div', {'class': 'card'}, [el('div', {'class': 'k', text: k}),
        el('div', {'class': 'v', text: v}), sub ? el('div', {'class': 's', text: sub}) : null]));
    }
    card('accelerator', accName, hw ? Object.keys(hw.array.dims).map(function (d) { return d + ':' + hw.array.dims[d]; }).join(' ') : null);
    card('layers', String(t.layers != null ? t.layers : layers.length), si(num(t.macs)) + ' MACs');
    var fl = t.floor || {};
    card('energy', si(num(t.energy_pJ)) + 'pJ',
         fl.energy_pJ ? 'floor ' + si(fl.energy_pJ) + 'pJ, gap ' + pct(t.energy_pJ / fl.energy_pJ - 1) : null);
    card('latency', si(num(t.latency_cycles)) + ' cycles',
         fl.latency_cycles ? 'floor ' + si(fl.latency_cycles) + ', gap ' + pct(t.latency_cycles / fl.latency_cycles - 1) : null);
    if (t.latency_defines_cycles != null) card('latency (DeFiNES)', si(t.latency_defines_cycles) + ' cycles');
    if (layers.length) {
      var ideal = 0, temporal = 0;
      layers.forEach(function (l) { ideal += num(l.latency.ideal); temporal += num(l.latency.ideal_temporal); });
      card('utilisation', temporal ? pct(ideal / temporal) : '-', 'ideal / temporal cycles, all layers');
    }
    if (num(t.area_mm2) > 0) card('area', si(num(t.area_mm2)) + ' mm\u00b2', t.tclk_ns != null ? 'IMC macro + memories' : 'memories x instances + MAC units');
    card('MAC energy', si(num(t.mac_energy_pJ)) + 'pJ', t.energy_pJ ? pct(t.mac_energy_pJ / t.energy_pJ) + ' of the total' : null);
    if (t.tclk_ns != null) card('clock period', num(t.tclk_ns).toFixed(3) + ' ns', 'IMC macro; latency ' + si(num(t.latency_ns) * 1e-9) + 's');
    if (t.search_seconds != null) card('search', num(t.search_seconds).toFixed(2) + ' s', si(num(t.evaluated)) + ' mappings evaluated');
    s.appendChild(cards);
  })();

  var names = layers.map(function (l) { return l.name; });

  if (layers.length) {
    // Energy: MAC + memory x operand, and MAC + operand x direction.
    var s = section('energy', 'Energy per layer');
    var memSeries = [], memVals = [], dirVals = [];
    var dirSeries = ['MAC'];
    layers.forEach(function (l, i) {
      memVals.push({idx: i, series: 'MAC', value: num(l.mac_energy_pJ)});
      dirVals.push({idx: i, series: 'MAC', value: num(l.mac_energy_pJ)});
      var eb = l.energy_breakdown || {};
      Object.keys(eb).forEach(function (mem) {
        Object.keys(eb[mem]).forEach(function (op) {
          var key = mem + ' ' + op, e = num(eb[mem][op]);
          if (memSeries.indexOf(key) < 0) memSeries.push(key);
          memVals.push({idx: i, series: key, value: e});
          var share = readShare(mem, (l.accesses || {})[mem] && l.accesses[mem][op]);
          dirVals.push({idx: i, series: op + ' read', value: e * share});
          dirVals.push({idx: i, series: op + ' write', value: e * (1 - share)});
        });
      });
    });
    // Series in accelerator order (the keys of the first layer that has
    // each memory come in that order; sort by the accelerator's list).
    if (hw) {
      var rank = {};
      hw.memories.forEach(function (m, i) { rank[m.name] = i; });
      memSeries.sort(function (a, b) {
        var ma = a.split(' '), mb = b.split(' ');
        return (rank[ma[0]] - rank[mb[0]]) || (ma[1] < mb[1] ? -1 : ma[1] > mb[1] ? 1 : 0);
      });
    }
    ['I1', 'I2', 'O'].forEach(function (op) { dirSeries.push(op + ' read', op + ' write'); });
    chart(s, 'energy-memory', 'by MAC, memory level and operand [pJ]',
          barSpec({names: names, values: memVals, series: ['MAC'].concat(memSeries), yTitle: 'energy [pJ]', legend: 'memory operand'}));
    if (hw)
      chart(s, 'energy-direction', 'by operand and read/write direction [pJ]',
            barSpec({names: names, values: dirVals, series: dirSeries, yTitle: 'energy [pJ]', legend: 'operand direction'}));

    // Latency: ideal, spatial stall (ideal temporal - ideal), temporal stall,
    // on-loading and off-loading add up to the layer's latency.
    s = section('latency', 'Latency per layer');
    var latVals = [];
    layers.forEach(function (l, i) {
      var lt = l.latency;
      latVals.push({idx: i, series: 'ideal compute', value: num(lt.ideal)},
                   {idx: i, series: 'spatial stall', value: num(lt.ideal_temporal) - num(lt.ideal)},
                   {idx: i, series: 'temporal stall', value: num(lt.stall)},
                   {idx: i, series: 'on-loading', value: num(lt.onload)},
                   {idx: i, series: 'off-loading', value: num(lt.offload)});
    });
    chart(s, 'latency', 'ideal compute + stalls + on/off-loading [cycles]',
          barSpec({names: names, values: latVals, yTitle: 'cycles', legend: 'term',
                   series: ['ideal compute', 'spatial stall', 'temporal stall', 'on-loading', 'off-loading']}));

    s = section('efficiency', 'Utilisation and energy vs floor');
    chart(s, 'utilisation', 'spatial utilisation',
          barSpec({names: names, series: ['utilisation'], yTitle: 'utilisation', yFormat: '.0%', height: 160, colors: ['#4c78a8'],
                   values: layers.map(function (l, i) { return {idx: i, series: 'utilisation', value: num(l.spatial_utilization)}; })}));
    if (layers.every(function (l) { return l.floor && l.floor.energy_pJ > 0; }))
      chart(s, 'energy-floor', 'energy / floor (1 = nothing left to gain)',
            barSpec({names: names, series: ['energy / floor'], yTitle: 'energy / floor', yFormat: '.2f', height: 160, rule: 1, colors: ['#f58518'],
                     values: layers.map(function (l, i) { return {idx: i, series: 'energy / floor', value: l.energy_pJ / l.floor.energy_pJ}; })}));

    // The layer table: click a header to sort, type to filter, click a row
    // to show its loop nest.
    s = section('layers', 'Layers');
    var cols = [
      ['#', function (l, i) { return i; }, false],
      ['name', function (l) { return l.name; }, true],
      ['op', function (l) { return l.op; }, true],
      ['MACs', function (l) { return l.macs; }],
      ['energy [pJ]', function (l) { return l.energy_pJ; }],
      ['latency [cc]', function (l) { return l.latency_cycles; }],
      ['util', function (l) { return l.spatial_utilization; }, false, pct],
      ['E / floor', function (l) { return l.floor ? l.energy_pJ / l.floor.energy_pJ : NaN; }, false, function (x) { return x.toFixed(3); }],
      ['L / floor', function (l) { return l.floor ? l.latency_cycles / l.floor.latency_cycles : NaN; }, false, function (x) { return x.toFixed(3); }],
      ['spatial', function (l) {
        var sp = (l.mapping || {}).spatial || {};
        return Object.keys(sp).map(function (d) { return d + ':' + sp[d].map(function (f) { return f[0] + '\u00d7' + f[1]; }).join(','); }).join(' ');
      }, true]];
    var sortCol = 0, sortDir = 1, filter = hashArgs.filter || '';
    if (/^-?\d+$/.test(hashArgs.sort || '') && Math.abs(+hashArgs.sort) < cols.length) {
      sortCol = Math.abs(+hashArgs.sort);
      sortDir = hashArgs.sort[0] === '-' ? -1 : 1;
    }
    var filterBox = el('input', {type: 'search', placeholder: 'filter by name or op', size: 30, value: filter});
    var thead = el('tr', null, cols.map(function (c, k) {
      return el('th', {'class': c[2] ? 't' : '', text: c[0], onclick: function () {
        sortDir = sortCol === k ? -sortDir : 1;
        sortCol = k;
        renderRows();
      }});
    }));
    var tbody = el('tbody');
    var rows = layers.map(function (l, i) { return {i: i, v: cols.map(function (c) { return c[1](l, i); })}; });
    function renderRows() {
      var f = filter.toLowerCase();
      var shown = rows.filter(function (r) {
        return !f || (r.v[1] + ' ' + r.v[2]).toLowerCase().indexOf(f) >= 0;
      });
      shown.sort(function (a, b) {
        var x = a.v[sortCol], y = b.v[sortCol];
        // Ties keep the network's order in both directions.
        return (x < y ? -1 : x > y ? 1 : 0) * sortDir || a.i - b.i;
      });
      tbody.innerHTML = shown.map(function (r) {
        return '<tr data-i="' + r.i + '"' + (r.i === selected ? ' class="sel"' : '') + '>' + r.v.map(function (x, k) {
          var c = cols[k];
          var text = c[3] ? c[3](x) : typeof x === 'number' ? (k === 0 ? x : si(x)) : x;
          return '<td' + (c[2] ? ' class="t"' : '') + '>' + esc(text) + '</td>';
        }).join('') + '</tr>';
      }).join('');
      tableCount.textContent = shown.length + ' of ' + rows.length + ' layers';
    }
    var tableCount = el('span', {'class': 'note'});
    filterBox.addEventListener('input', function () { filter = filterBox.value; renderRows(); });
    tbody.addEventListener('click', function (e) {
      var tr = e.target.closest('tr');
      if (tr) select(+tr.getAttribute('data-i'));
    });
    s.appendChild(el('div', null, [filterBox, ' ', tableCount]));
    s.appendChild(el('div', {'class': 'scroll'}, [el('table', {'class': 'layers', id: 'layer-table'}, [el('thead', null, [thead]), tbody])]));

    // The selected layer: loop nest and the memory hierarchy.
    s = section('layer', 'Loop nest and memory hierarchy');
    var picker = el('select', {id: 'layer-picker'}, layers.map(function (l, i) { return el('option', {value: i, text: i + ' ' + l.name}); }));
    picker.addEventListener('change', function () { select(+picker.value); });
    var nest = el('pre', {'class': 'nest', id: 'loop-nest'});
    s.appendChild(el('div', null, ['layer ', picker]));
    s.appendChild(nest);
    var selected = -1;
    function select(i) {
      selected = i;
      picker.value = i;
      nest.textContent = loopNestText(layers[i]);
      renderRows();
    }
    // The layer with the most energy is the one to look at first.
    var top = 0;
    layers.forEach(function (l, i) { if (l.energy_pJ > layers[top].energy_pJ) top = i; });
    select(top);
    if (hw) chart(s, 'hierarchy', 'memory hierarchy (size x instances, access energy, ports)', hierarchySpec());
  } else if (hw) {
    var hs = section('hierarchy-section', 'Memory hierarchy');
    chart(hs, 'hierarchy', 'memory hierarchy (size x instances, access energy, ports)', hierarchySpec());
  }

  // Depth-first: per stack energy and latency, and the selected stack's
  // tile grid and tile types.
  // In-memory compute: the macro's energy terms per layer and its area.
  var imcLayers = layers.filter(function (l) { return l.imc; });
  if (imcLayers.length) {
    var sImc = section('imc', 'In-memory compute');
    var imcSeries = [], imcVals = [];
    layers.forEach(function (l, i) {
      var eb = (l.imc && l.imc.mac_energy_breakdown_pJ) || {};
      Object.keys(eb).forEach(function (k) {
        if (imcSeries.indexOf(k) < 0) imcSeries.push(k);
        imcVals.push({idx: i, series: k, value: num(eb[k])});
      });
    });
    chart(sImc, 'imc-energy', 'macro energy per layer by term [pJ]',
          barSpec({names: names, values: imcVals, series: imcSeries, yTitle: 'energy [pJ]', legend: 'term'}));
    var ab = t.imc_area_breakdown_mm2 || {};
    var areaSeries = Object.keys(ab);
    if (areaSeries.length)
      chart(sImc, 'imc-area', 'macro area by component [mm\u00b2]',
            barSpec({names: ['macro'], values: areaSeries.map(function (k) { return {idx: 0, series: k, value: num(ab[k])}; }),
                     series: areaSeries, yTitle: 'area [mm\u00b2]', legend: 'component', xTitle: 'array', width: 320, yFormat: '.3~f'}));
  }

  var df = R.depth_first;
  if (df && df.stacks && df.stacks.length) {
    var ds = section('depth-first', 'Depth-first schedule');
    var lbl = df.layer_by_layer || {};
    var sub = 'mode ' + (df.mode || 'per stack') + (df.tile ? ', tile ' + df.tile.join('x') : '') + ', stacks from ' + (df.stacks_from || '?');
    var dcards = el('div', {'class': 'cards'});
    [['stacks', String(df.stacks.length), sub],
     ['energy', si(num(df.energy_pJ)) + 'pJ', lbl.energy_pJ ? 'layer by layer ' + si(lbl.energy_pJ) + 'pJ (' + pct(df.energy_pJ / lbl.energy_pJ - 1) + ')' : (lbl.infeasible ? 'layer by layer infeasible' : null)],
     ['latency (DeFiNES)', si(num(df.latency_defines_cycles)), lbl.latency_defines_cycles ? 'layer by layer ' + si(lbl.latency_defines_cycles) : null],
     ['data copies', si(num(df.copy_energy_pJ)) + 'pJ', si(num(df.copy_latency_cycles)) + ' cycles']].forEach(function (c) {
      dcards.appendChild(el('div', {'class': 'card'}, [el('div', {'class': 'k', text: c[0]}), el('div', {'class': 'v', text: c[1]}), c[2] ? el('div', {'class': 's', text: c[2]}) : null]));
    });
    ds.appendChild(dcards);
    var stackNames = df.stacks.map(function (st, i) {
      var ls = st.layers || [];
      return i + ' ' + (ls.length > 1 ? ls[0] + ' .. ' + ls[ls.length - 1] : ls[0] || '');
    });
    var stackVals = [];
    df.stacks.forEach(function (st, i) {
      var mac = num(st.mac_energy_pJ), copy = num(st.copy_energy_pJ);
      stackVals.push({idx: i, series: 'MAC', value: mac}, {idx: i, series: 'data copies', value: copy},
                     {idx: i, series: 'memories', value: num(st.energy_pJ) - mac - copy});
    });
    chart(ds, 'df-energy', 'energy per stack [pJ]',
          barSpec({names: stackNames, values: stackVals, series: ['MAC', 'memories', 'data copies'], xTitle: 'stack', yTitle: 'energy [pJ]', legend: 'part'}));
    chart(ds, 'df-latency', 'latency per stack (DeFiNES) [cycles]',
          barSpec({names: stackNames, xTitle: 'stack', yTitle: 'cycles', series: ['latency'], colors: ['#54a24b'], height: 180,
                   values: df.stacks.map(function (st, i) { return {idx: i, series: 'latency', value: num(st.latency_defines_cycles)}; })}));
    var stackPicker = el('select', {id: 'stack-picker'}, stackNames.map(function (n, i) { return el('option', {value: i, text: n}); }));
    var typeTable = el('div');
    var gridNote = el('p', {'class': 'note'});
    ds.appendChild(el('div', null, ['stack ', stackPicker]));
    ds.appendChild(gridNote);
    ds.appendChild(typeTable);
    stackPicker.addEventListener('change', function () { showStack(+stackPicker.value); });
    // The stack with the most energy shows first.
    var first = 0;
    df.stacks.forEach(function (st, i) { if (num(st.energy_pJ) > num(df.stacks[first].energy_pJ)) first = i; });
    stackPicker.value = first;
    showStack(first);
  }

  // Tiles of a stack's output, leftover tile first in each direction, each
  // placed on the tile type whose caching (and size) it has.
  function tileGrid(st) {
    var out = st.output, tile = st.tile, types = st.tile_types || [];
    if (!out || !tile) return null;
    function sizes(n, t) {
      t = Math.min(t, n);
      var k = Math.ceil(n / t), rem = n - (k - 1) * t, s = [rem];
      for (var i = 1; i < k; ++i) s.push(t);
      return s;
    }
    var xs = sizes(out[0], tile[0]), ys = sizes(out[1], tile[1]);
    var useH = types.some(function (ty) { return ty.h_cache_use || ty.h_cache_make; });
    var useV = types.some(function (ty) { return ty.v_cache_use || ty.v_cache_make; });
    var left = types.map(function (ty) { return ty.count; });
    var cells = [], x0 = 0, placed = true;
    xs.forEach(function (w, c) {
      var y0 = 0;
      ys.forEach(function (h, r) {
        var k = types.findIndex(function (ty, j) {
          if (!left[j] || !ty.tile || ty.tile[0] !== w || ty.tile[1] !== h) return false;
          if (useH && (!!ty.h_cache_use !== c > 0 || !!ty.h_cache_make !== c < xs.length - 1)) return false;
          if (useV && (!!ty.v_cache_use !== r > 0 || !!ty.v_cache_make !== r < ys.length - 1)) return false;
          return true;
        });
        if (k < 0) placed = false; else --left[k];
        cells.push({x: x0, y: y0, w: w, h: h, type: k < 0 ? '?' : 'type ' + k});
        y0 += h;
      });
      x0 += w;
    });
    return {cells: cells, placed: placed, cols: xs.length, rows: ys.length};
  }
  function showStack(i) {
    var st = df.stacks[i];
    var ds = document.getElementById('depth-first');
    var grid = tileGrid(st);
    if (grid) {
      gridNote.textContent = 'output ' + st.output.join('x') + ', tile ' + st.tile.join('x') + ': ' + grid.cols + ' x ' + grid.rows + ' tiles, mode ' + st.mode +
        (grid.placed ? '' : ' (the tile types could not be placed on the grid: cells marked ?)');
      var scale = Math.max(1, Math.min(6, 420 / Math.max(st.output[0], st.output[1])));
      var typeNames = (st.tile_types || []).map(function (ty, k) { return 'type ' + k; });
      if (!grid.placed) typeNames.push('?');
      chart(ds, 'df-tiles', 'tile grid of stack ' + i + ' (coloured by tile type)', {
        width: st.output[0] * scale, height: st.output[1] * scale,
        data: [{name: 'cells', values: grid.cells}],
        scales: [{name: 'color', type: 'ordinal', domain: typeNames, range: {scheme: 'tableau10'}}],
        legends: [{fill: 'color', title: 'tile type', orient: 'right'}],
        marks: [{type: 'rect', name: 'tiles', from: {data: 'cells'}, encode: {enter: {
          x: {signal: 'datum.x * ' + scale}, x2: {signal: '(datum.x + datum.w) * ' + scale},
          y: {signal: 'datum.y * ' + scale}, y2: {signal: '(datum.y + datum.h) * ' + scale},
          fill: {scale: 'color', field: 'type'}, stroke: {value: '#fff'},
          tooltip: {signal: "{'tile': datum.w + 'x' + datum.h, 'at': datum.x + ',' + datum.y, 'type': datum.type}"}}}}]
      });
    }
    var th = ['type', 'count', 'tile', 'energy [pJ]', 'latency [cc]', 'energy x count', 'h cache use/make', 'v cache use/make', 'weights from top'];
    typeTable.innerHTML = '<table class="layers" id="tile-types"><thead><tr>' + th.map(function (h) { return '<th>' + esc(h) + '</th>'; }).join('') +
      '</tr></thead><tbody>' + (st.tile_types || []).map(function (ty, k) {
        return '<tr><td>' + k + '</td><td>' + ty.count + '</td><td>' + esc((ty.tile || []).join('x')) + '</td><td>' + si(num(ty.energy_pJ)) +
          '</td><td>' + si(num(ty.latency_defines_cycles)) + '</td><td>' + si(num(ty.energy_pJ) * ty.count) +
          '</td><td class="t">' + esc((ty.h_cache_use || '-') + ' / ' + (ty.h_cache_make || '-')) +
          '</td><td class="t">' + esc((ty.v_cache_use || '-') + ' / ' + (ty.v_cache_make || '-')) + '</td><td>' + (ty.weights_from_top ? 'yes' : 'no') + '</td></tr>';
      }).join('') + '</tbody></table>';
  }

  // MAESTRO's statistics of the layers that carry them.
  var ml = [];
  layers.forEach(function (l, i) { if (l.maestro) ml.push(l); });
  if (ml.length) {
    var ms = section('maestro', 'MAESTRO statistics');
    var mnames = ml.map(function (l) { return l.name; });
    var tensors = ['input', 'filter', 'output'];
    var reuse = [], noc = [];
    ml.forEach(function (l, i) {
      var m = l.maestro, ts = m.tensors || {};
      tensors.forEach(function (tn) { if (ts[tn]) reuse.push({idx: i, series: tn, value: num(ts[tn].reuse)}); });
      noc.push({idx: i, series: 'NoC peak', value: num(m.noc_bw_peak)}, {idx: i, series: 'NoC average', value: num(m.noc_bw_avg)},
               {idx: i, series: 'off-chip required', value: num(m.offchip_bw_req)});
    });
    chart(ms, 'maestro-runtime', 'runtime [cycles]',
          barSpec({names: mnames, series: ['runtime'], colors: ['#4c78a8'], yTitle: 'cycles', height: 160,
                   values: ml.map(function (l, i) { return {idx: i, series: 'runtime', value: num(l.maestro.runtime_cycles)}; })}));
    chart(ms, 'maestro-reuse', 'reuse factor per tensor', barSpec({names: mnames, values: reuse, series: tensors, grouped: true, yTitle: 'reuse', legend: 'tensor', height: 180}));
    chart(ms, 'maestro-bandwidth', 'NoC and off-chip bandwidth [elements/cycle]',
          barSpec({names: mnames, values: noc, series: ['NoC peak', 'NoC average', 'off-chip required'], grouped: true, yTitle: 'bandwidth', yFormat: '.3~f', legend: 'bandwidth', height: 180}));
    var keys = ['macs', 'runtime_cycles', 'throughput', 'utilized_pes', 'energy_xmac', 'l1_size_req', 'l2_size_req'];
    ms.appendChild(el('div', {html: '<table class="layers" id="maestro-table"><thead><tr><th class="t">layer</th>' +
      keys.map(function (k) { return '<th>' + esc(k) + '</th>'; }).join('') + '</tr></thead><tbody>' +
      ml.map(function (l) {
        return '<tr><td class="t">' + esc(l.name) + '</td>' + keys.map(function (k) { return '<td>' + si(num(l.maestro[k])) + '</td>'; }).join('') + '</tr>';
      }).join('') + '</tbody></table>'}));
  }

  // Exploration: energy x latency of every design, area as colour; hover
  // names the design, a click opens its hardware file. `points`:
  // [{name, energy_pJ, latency_cycles, area?, hardware?, pareto?}].
  function paretoChart(parent, points) {
    return chart(parent, 'pareto', 'designs: energy x latency (colour: area; on the front: filled)', {
      width: 640, height: 400,
      data: [{name: 'points', values: points}],
      scales: [
        {name: 'x', type: 'log', domain: {data: 'points', field: 'latency_cycles'}, range: 'width', nice: true},
        {name: 'y', type: 'log', domain: {data: 'points', field: 'energy_pJ'}, range: 'height', nice: true},
        {name: 'color', type: 'linear', domain: {data: 'points', field: 'area'}, range: {scheme: 'viridis'}}],
      axes: [{orient: 'bottom', scale: 'x', title: 'latency [cycles]', format: '~s', grid: true},
             {orient: 'left', scale: 'y', title: 'energy [pJ]', format: '~s', grid: true}],
      legends: [{fill: 'color', title: 'area', type: 'gradient'}],
      marks: [{type: 'symbol', name: 'designs', from: {data: 'points'}, encode: {
        enter: {x: {scale: 'x', field: 'latency_cycles'}, y: {scale: 'y', field: 'energy_pJ'}, size: {value: 40},
                fill: {signal: "datum.pareto ? scale('color', datum.area || 0) : 'transparent'"},
                stroke: {scale: 'color', field: 'area'},
                href: {signal: "datum.hardware || ''"}, cursor: {signal: "datum.hardware ? 'pointer' : 'default'"},
                tooltip: {signal: "{'design': datum.name, 'energy': format(datum.energy_pJ, '.4~s') + 'pJ', 'latency': format(datum.latency_cycles, '.4~s'), 'area': datum.area, 'hardware': datum.hardware}"}},
        hover: {size: {value: 120}}, update: {size: {value: 40}}}}]
    });
  }
  window.zzParetoChart = paretoChart;
  if (Array.isArray(R.points) && R.points.length)
    paretoChart(section('exploration', 'Exploration'), R.points);

  // #only=<section id> shows one section (for screenshots).
  if (hashArgs.only)
    Array.prototype.forEach.call(document.querySelectorAll('section'), function (sec) {
      if (sec.id !== hashArgs.only) sec.style.display = 'none';
    });

  Promise.all(pending).then(function () {
    document.body.setAttribute('data-charts', chartCount);
    document.body.setAttribute('data-errors', typeof zzErrors !== 'undefined' ? zzErrors.length : 0);
    document.body.setAttribute('data-rendered', Math.round(performance.now()));
  }, function (e) { zzError('chart failed: ' + (e && e.message || e)); });
})();
