// The page's only script and styles. Plain ES2017 in a string: it runs in the reader's browser, not in Node.
// It renders every value from the snapshot through textContent, never as markup.

export const STYLES = String.raw`
:root{--fg:#1b1f24;--muted:#59636e;--line:#d1d9e0;--bg:#fff;--soft:#f6f8fa;--critical:#8b0000;--high:#cf222e;--medium:#bc4c00;--low:#9a6700;--info:#0969da}
*{box-sizing:border-box}
body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:var(--fg);background:var(--bg)}
header{padding:16px 24px;border-bottom:1px solid var(--line);background:var(--soft)}
h1{margin:0;font-size:20px}h2{font-size:16px;margin:24px 0 8px}h3{font-size:14px;margin:12px 0 6px}h4,h5{font-size:13px;margin:12px 0 4px}
.meta{margin:4px 0 0;color:var(--muted)}
main{padding:8px 24px 48px;max-width:1400px}
code{font:12px/1.4 ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;background:var(--soft);padding:0 3px;border-radius:3px;word-break:break-all}
.cards{display:flex;flex-wrap:wrap;gap:8px;margin-top:12px}
.card{border:1px solid var(--line);border-radius:6px;padding:8px 12px;min-width:120px}.card b{display:block;font-size:20px}
.filters{position:sticky;top:0;background:var(--bg);padding:10px 0;border-bottom:1px solid var(--line);display:flex;flex-wrap:wrap;gap:8px;align-items:center;z-index:1}
.filters select,.filters input{font:inherit;padding:4px 6px;border:1px solid var(--line);border-radius:6px;max-width:280px}
button{font:inherit;cursor:pointer;border:1px solid var(--line);background:var(--bg);border-radius:6px;padding:4px 10px}
button[aria-pressed=true]{background:var(--fg);color:var(--bg);border-color:var(--fg)}
.sevbtn .n{margin-left:6px;opacity:.8}
#count{margin:0 0 0 auto;color:var(--muted)}
.grid{display:grid;grid-template-columns:1fr 1fr;gap:24px}@media(max-width:900px){.grid{grid-template-columns:1fr}}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid var(--line);vertical-align:top}th{background:var(--soft);font-weight:600}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums}
tr.pick{cursor:pointer}tr.pick:hover{background:var(--soft)}tr.zero{color:var(--muted)}
.badge{display:inline-block;min-width:64px;text-align:center;border-radius:10px;padding:0 8px;color:#fff;font-size:12px;font-weight:600}
.sev-critical{background:var(--critical)}.sev-high{background:var(--high)}.sev-medium{background:var(--medium)}.sev-low{background:var(--low)}.sev-info{background:var(--info)}
ol.findings{list-style:none;padding:0;margin:0}
li.finding{border:1px solid var(--line);border-radius:6px;margin:6px 0}
li.finding summary{padding:6px 10px;cursor:pointer;display:block}
li.finding summary .head{display:flex;flex-wrap:wrap;gap:8px;align-items:center}
li.finding .msg{margin-top:2px}
li.finding .lvl{font-size:12px;color:var(--muted)}
li.finding .body{padding:4px 12px 12px;border-top:1px solid var(--line)}
.muted{color:var(--muted)}
.path svg{max-width:100%;height:auto;display:block;margin:8px 0}
.path .node rect{fill:var(--soft);stroke:var(--fg)}.path .node.admin rect{fill:#ffebe9;stroke:var(--high)}
.path text{font:12px system-ui,sans-serif;fill:var(--fg)}.path text.kind{fill:var(--muted);font-size:11px}.path text.name{font-weight:600}.path line{stroke:var(--fg);stroke-width:1.5}
ul.tree{list-style:none;padding-left:18px;margin:0}ul.tree.top{padding-left:0}
ul.tree li{margin:2px 0}.tree .count{margin-left:6px;font-size:12px;border-radius:8px;padding:0 6px;background:var(--soft);border:1px solid var(--line)}
.tree .count.hot{background:#ffebe9;border-color:var(--high)}
.tree a{color:inherit;cursor:pointer;text-decoration:underline dotted}
.status-fail{color:var(--high);font-weight:600}.status-pass{color:#1a7f37}.status-not-evaluated{color:var(--medium)}
.warn{padding:8px 24px;color:var(--high)}
`;

// Non-ASCII characters as \u escapes, which the browser reads: a raw template keeps them as they are, and the
// published CLI must be ASCII (build-package.mjs).
export const CLIENT_SCRIPT = String.raw`(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('iamlint-data').textContent);
  var app = document.getElementById('app');
  var PAGE = 100;
  var TOP_ACCOUNTS = 50;
  var state = { severities: [], rule: '', account: '', q: '' };
  var shown = PAGE;
  var strings = data.strings;
  function message(encoded) {
    if (typeof encoded === 'number') return strings[encoded];
    var values = {};
    for (var v = 1; v + 1 < encoded.length; v += 2) {
      var value = encoded[v + 1];
      values[strings[encoded[v]]] = typeof value === 'number' ? strings[value] : String(value[0]);
    }
    return strings[encoded[0]].replace(/\{\{\s*([A-Za-z0-9_]+)\s*\}\}/g, function (whole, key) {
      return Object.prototype.hasOwnProperty.call(values, key) ? values[key] : whole;
    });
  }
  var findings = data.findings.map(function (row, index) {
    return {
      r: strings[row[0]], s: data.severities[row[1]], l: row[2] === 1 ? 'e' : 'w', k: strings[row[3]], n: strings[row[4]],
      i: strings[row[5]], a: strings[row[6]], f: strings[row[7]], ln: row[8], c: row[9], p: strings[row[10]], fp: row[11],
      m: message(row[12]), x: data.paths[index],
    };
  });
  function searchText(f) {
    if (f._t === undefined) f._t = [f.m, f.r, f.k, f.n, f.i, f.a, data.accounts[f.a] || '', f.f].join('\n').toLowerCase();
    return f._t;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    if (attrs) for (var key in attrs) {
      if (key === 'text') node.textContent = attrs[key];
      else if (key === 'class') node.className = attrs[key];
      else node.setAttribute(key, attrs[key]);
    }
    if (children) for (var c = 0; c < children.length; c++) if (children[c] != null) node.appendChild(typeof children[c] === 'string' ? document.createTextNode(children[c]) : children[c]);
    return node;
  }
  var SVG = 'http://www.w3.org/2000/svg';
  function svg(tag, attrs) {
    var node = document.createElementNS(SVG, tag);
    for (var key in attrs) node.setAttribute(key, attrs[key]);
    return node;
  }
  function plural(n, word) { return n + ' ' + word + (n === 1 ? '' : 's'); }
  function accountName(id) { return id === '' ? 'organization-wide' : (data.accounts[id] || id); }

  function readHash() {
    var params = {};
    location.hash.replace(/^#/, '').split('&').forEach(function (part) {
      var eq = part.indexOf('=');
      if (eq > 0) params[decodeURIComponent(part.slice(0, eq))] = decodeURIComponent(part.slice(eq + 1));
    });
    state.severities = (params.severity || '').split(',').filter(function (s) { return data.severities.indexOf(s) !== -1; });
    state.rule = params.rule || '';
    state.account = params.account || '';
    state.q = params.q || '';
  }
  function writeHash() {
    var parts = [];
    if (state.severities.length) parts.push('severity=' + encodeURIComponent(state.severities.join(',')));
    if (state.rule) parts.push('rule=' + encodeURIComponent(state.rule));
    if (state.account) parts.push('account=' + encodeURIComponent(state.account));
    if (state.q) parts.push('q=' + encodeURIComponent(state.q));
    var hash = parts.length ? '#' + parts.join('&') : '';
    if (location.hash !== hash) history.replaceState(null, '', hash || location.pathname + location.search);
  }

  function matches(f, skip) {
    if (skip !== 'severity' && state.severities.length && state.severities.indexOf(f.s) === -1) return false;
    if (skip !== 'rule' && state.rule && f.r !== state.rule) return false;
    if (skip !== 'account' && state.account && f.a !== state.account) return false;
    if (state.q && searchText(f).indexOf(state.q.toLowerCase()) === -1) return false;
    return true;
  }
  function countBy(skip, key) {
    var counts = {};
    for (var i = 0; i < findings.length; i++) if (matches(findings[i], skip)) counts[findings[i][key]] = (counts[findings[i][key]] || 0) + 1;
    return counts;
  }

  // Static skeleton, then update() fills in what follows the filters.
  var errors = 0, warnings = 0;
  findings.forEach(function (f) { if (f.l === 'e') errors++; else warnings++; });
  app.appendChild(el('div', { class: 'cards', id: 'summary' }, [
    el('div', { class: 'card' }, [el('b', { text: String(findings.length) }), 'findings']),
    el('div', { class: 'card' }, [el('b', { text: String(errors) }), 'errors']),
    el('div', { class: 'card' }, [el('b', { text: String(warnings) }), 'warnings']),
    el('div', { class: 'card' }, [el('b', { text: String(data.notEvaluated.length) }), 'checks not evaluated']),
    el('div', { class: 'card' }, [el('b', { text: String(data.suppressedCount) }), 'suppressed']),
  ]));

  var sevButtons = {};
  var filters = el('div', { class: 'filters', role: 'search' });
  data.severities.forEach(function (s) {
    var button = el('button', { type: 'button', class: 'sevbtn', 'data-severity': s, 'aria-pressed': 'false' }, [el('span', { class: 'badge sev-' + s, text: s }), el('span', { class: 'n', text: '0' })]);
    button.addEventListener('click', function () {
      var at = state.severities.indexOf(s);
      if (at === -1) state.severities.push(s); else state.severities.splice(at, 1);
      changed();
    });
    sevButtons[s] = button;
    filters.appendChild(button);
  });
  var ruleSelect = el('select', { id: 'filter-rule', 'aria-label': 'rule' });
  var accountSelect = el('select', { id: 'filter-account', 'aria-label': 'account' });
  var search = el('input', { id: 'filter-text', type: 'search', placeholder: 'filter text (name, ARN, message\u2026)', 'aria-label': 'filter text' });
  var clear = el('button', { type: 'button', id: 'filter-clear', text: 'clear filters' });
  var count = el('p', { id: 'count', 'aria-live': 'polite' });
  ruleSelect.addEventListener('change', function () { state.rule = ruleSelect.value; changed(); });
  accountSelect.addEventListener('change', function () { state.account = accountSelect.value; changed(); });
  search.addEventListener('input', function () { state.q = search.value; changed(); });
  clear.addEventListener('click', function () { state = { severities: [], rule: '', account: '', q: '' }; changed(); });
  [ruleSelect, accountSelect, search, clear, count].forEach(function (node) { filters.appendChild(node); });
  app.appendChild(filters);

  var byRule = el('tbody'), byAccount = el('tbody');
  app.appendChild(el('div', { class: 'grid' }, [
    el('section', { id: 'by-rule' }, [el('h2', { text: 'By rule' }), el('table', null, [el('thead', null, [el('tr', null, [el('th', { text: 'rule' }), el('th', { text: 'severity' }), el('th', { class: 'num', text: 'findings' })])]), byRule])]),
    el('section', { id: 'by-account' }, [el('h2', { text: 'By account' }), el('table', null, [el('thead', null, [el('tr', null, [el('th', { text: 'account' }), el('th', { class: 'num', text: 'findings' })])]), byAccount])]),
  ]));

  var list = el('ol', { class: 'findings', id: 'findings-list' });
  var more = el('button', { type: 'button', id: 'more' });
  more.addEventListener('click', function () { shown += PAGE; renderList(); });
  app.appendChild(el('section', { id: 'findings' }, [el('h2', { text: 'Findings' }), list, more]));

  var treeSection = el('section', { id: 'organization' });
  if (data.tree) app.appendChild(treeSection);

  if (data.notEvaluated.length) {
    var rows = data.notEvaluated.map(function (n) {
      return el('tr', null, [el('td', null, [el('code', { text: n.rule })]), el('td', { text: accountName(n.scope) }), el('td', { text: n.reasons.join('; ') })]);
    });
    app.appendChild(el('section', { id: 'not-evaluated' }, [
      el('h2', { text: plural(data.notEvaluated.length, 'check') + ' not evaluated' }),
      el('p', { class: 'muted', text: 'Data was missing, so these rules did not run there: not a pass.' }),
      el('table', null, [el('thead', null, [el('tr', null, [el('th', { text: 'rule' }), el('th', { text: 'where' }), el('th', { text: 'missing' })])]), el('tbody', null, rows)]),
    ]));
  }

  if (data.compliance.length) {
    var compliance = el('section', { id: 'compliance' }, [el('h2', { text: 'Compliance' })]);
    data.compliance.forEach(function (fw) {
      var c = fw.counts;
      compliance.appendChild(el('h3', { text: fw.title + ' ' + fw.version }));
      compliance.appendChild(el('p', { class: 'muted', text: c.pass + ' passed, ' + c.fail + ' failed, ' + c['not-evaluated'] + ' not evaluated, ' + c['rule-off'] + ' with rules off, ' + c.manual + ' manual' }));
      compliance.appendChild(el('table', null, [
        el('thead', null, [el('tr', null, [el('th', { text: 'control' }), el('th', { text: 'status' }), el('th', { text: 'title' }), el('th', { text: 'rules' }), el('th', { class: 'num', text: 'findings' })])]),
        el('tbody', null, fw.controls.map(function (control) {
          return el('tr', null, [el('td', { text: control.id }), el('td', { class: 'status-' + control.status, text: control.status }), el('td', { text: control.title }), el('td', { text: control.rules.join(', ') }), el('td', { class: 'num', text: String(control.findings) })]);
        })),
      ]));
    });
    app.appendChild(compliance);
  }

  function inline(text) {
    var parts = text.split('\x60');
    var out = [];
    for (var i = 0; i < parts.length; i++) out.push(i % 2 ? el('code', { text: parts[i] }) : document.createTextNode(parts[i]));
    return out;
  }
  function blocks(list) {
    var out = [], current = null, kind = '';
    list.forEach(function (block) {
      var item = /^(- |\d+\. )/.exec(block);
      if (item) {
        var want = item[1] === '- ' ? 'ul' : 'ol';
        if (!current || kind !== want) { current = el(want); kind = want; out.push(current); }
        current.appendChild(el('li', null, inline(block.slice(item[1].length))));
        return;
      }
      current = null;
      if (block.indexOf('### ') === 0) out.push(el('h5', { text: block.slice(4) }));
      else out.push(el('p', null, inline(block)));
    });
    return out;
  }

  function pathGraph(path) {
    var W = 240, GAP = 56, H = 72, n = path.nodes.length;
    var width = n * W + (n - 1) * GAP;
    var root = svg('svg', { viewBox: '0 0 ' + width + ' ' + H, width: String(width), role: 'img' });
    var title = svg('title', {});
    title.textContent = path.nodes.map(function (node) { return node.kind + ' ' + node.name; }).join(' \u2192 ') + ' (administrator)';
    root.appendChild(title);
    var defs = svg('defs', {});
    var marker = svg('marker', { id: 'arrow', viewBox: '0 0 10 10', refX: '10', refY: '5', markerWidth: '8', markerHeight: '8', orient: 'auto' });
    marker.appendChild(svg('path', { d: 'M0,0 L10,5 L0,10 z' }));
    defs.appendChild(marker);
    root.appendChild(defs);
    path.nodes.forEach(function (node, index) {
      var x = index * (W + GAP);
      var last = index === n - 1;
      var group = svg('g', { class: 'node' + (last ? ' admin' : '') });
      var full = svg('title', {});
      full.textContent = node.kind + ' ' + node.name + (last ? ' (administrator)' : '');
      group.appendChild(full);
      group.appendChild(svg('rect', { x: String(x + 1), y: '4', width: String(W - 2), height: String(H - 8), rx: '6' }));
      var kind = svg('text', { x: String(x + W / 2), y: '28', 'text-anchor': 'middle', class: 'kind' });
      kind.textContent = last ? node.kind + ' \u00b7 administrator' : node.kind;
      var name = svg('text', { x: String(x + W / 2), y: '50', 'text-anchor': 'middle', class: 'name' });
      name.textContent = node.name.length > 30 ? node.name.slice(0, 29) + '\u2026' : node.name;
      group.appendChild(kind);
      group.appendChild(name);
      root.appendChild(group);
      if (!last) {
        root.appendChild(svg('line', { x1: String(x + W), y1: String(H / 2), x2: String(x + W + GAP - 2), y2: String(H / 2), 'marker-end': 'url(#arrow)' }));
        var step = svg('text', { x: String(x + W + GAP / 2), y: String(H / 2 - 6), 'text-anchor': 'middle' });
        step.textContent = String(index + 1);
        root.appendChild(step);
      }
    });
    return el('div', { class: 'path' }, [
      el('h4', { text: 'Escalation path' }),
      root,
      el('ol', null, path.steps.map(function (s) {
        return el('li', null, [el('code', { text: s.method }), ' ', s.text, s.conditional ? el('span', { class: 'muted', text: ' (only under conditions)' }) : null]);
      })),
    ]);
  }

  function findingBody(f) {
    var rule = data.rules[f.r] || { why: [], howToFix: [] };
    var body = el('div', { class: 'body' }, [
      el('p', null, [el('b', { text: 'Location: ' }), el('code', { text: f.f + ':' + f.ln + ':' + f.c }), ' at ', el('code', { text: f.p || '/' })]),
      el('p', null, [el('b', { text: 'Resource: ' }), el('code', { text: f.i }), ' in ', accountName(f.a)]),
      el('p', { class: 'muted' }, ['fingerprint ', el('code', { text: f.fp })]),
    ]);
    if (f.x) body.appendChild(pathGraph(f.x));
    if (rule.description) body.appendChild(el('p', null, [el('b', { text: f.r + ': ' }), rule.description]));
    if (rule.why.length) { body.appendChild(el('h4', { text: 'Why it matters' })); blocks(rule.why).forEach(function (b) { body.appendChild(b); }); }
    if (rule.howToFix.length) { body.appendChild(el('h4', { text: 'How to fix' })); blocks(rule.howToFix).forEach(function (b) { body.appendChild(b); }); }
    if (rule.url && /^https:\/\//.test(rule.url)) body.appendChild(el('p', null, [el('a', { href: rule.url, rel: 'noopener noreferrer', target: '_blank', text: 'Rule documentation' })]));
    return body;
  }

  function findingItem(f) {
    var details = el('details', null, [el('summary', null, [
      el('div', { class: 'head' }, [
        el('span', { class: 'badge sev-' + f.s, text: f.s }),
        el('span', { class: 'lvl', text: f.l === 'e' ? 'error' : 'warning' }),
        el('code', { text: f.r }),
        el('span', { text: f.k + ' ' + f.n }),
        el('span', { class: 'muted', text: accountName(f.a) }),
      ]),
      el('div', { class: 'msg', text: f.m }),
    ])]);
    details.addEventListener('toggle', function () {
      if (details.open && details.childNodes.length === 1) details.appendChild(findingBody(f));
    });
    return el('li', { class: 'finding', 'data-severity': f.s, 'data-rule': f.r }, [details]);
  }

  var visible = [];
  function renderList() {
    list.textContent = '';
    var fragment = document.createDocumentFragment();
    for (var i = 0; i < visible.length && i < shown; i++) fragment.appendChild(findingItem(visible[i]));
    list.appendChild(fragment);
    var rest = visible.length - Math.min(shown, visible.length);
    more.hidden = rest <= 0;
    more.textContent = 'show ' + Math.min(rest, PAGE) + ' more (' + rest + ' not shown)';
  }

  function renderTree(accountCounts) {
    treeSection.textContent = '';
    treeSection.appendChild(el('h2', { text: 'Organization' }));
    function total(node) {
      if (node.kind === 'account') return accountCounts[node.id] || 0;
      var sum = node.kind === 'root' ? (accountCounts[''] || 0) : 0;
      node.children.forEach(function (child) { sum += total(child); });
      return sum;
    }
    function item(node) {
      var n = total(node);
      var label = node.kind === 'account' ? el('a', { 'data-account': node.id, text: node.name }) : el('span', { text: (node.kind === 'ou' ? 'OU ' : '') + node.name });
      if (node.kind === 'account') label.addEventListener('click', function () { state.account = node.id; changed(); });
      var li = el('li', null, [label, el('span', { class: 'count' + (n ? ' hot' : ''), text: String(n) })]);
      if (node.children.length) li.appendChild(el('ul', { class: 'tree' }, node.children.map(item)));
      return li;
    }
    treeSection.appendChild(el('ul', { class: 'tree top' }, [item(data.tree)]));
  }

  function update() {
    visible = findings.filter(function (f) { return matches(f); });
    var sevCounts = countBy('severity', 's');
    data.severities.forEach(function (s) {
      sevButtons[s].setAttribute('aria-pressed', String(state.severities.indexOf(s) !== -1));
      sevButtons[s].lastChild.textContent = String(sevCounts[s] || 0);
    });
    var ruleCounts = countBy('rule', 'r');
    var accountCounts = countBy('account', 'a');
    var ruleIds = Object.keys(data.rules).sort();
    ruleSelect.textContent = '';
    ruleSelect.appendChild(el('option', { value: '', text: 'all rules' }));
    ruleIds.forEach(function (id) { ruleSelect.appendChild(el('option', { value: id, text: id + ' (' + (ruleCounts[id] || 0) + ')' })); });
    ruleSelect.value = state.rule;
    accountSelect.textContent = '';
    accountSelect.appendChild(el('option', { value: '', text: 'all accounts' }));
    Object.keys(accountCounts).sort().forEach(function (id) { accountSelect.appendChild(el('option', { value: id, text: accountName(id) + ' (' + accountCounts[id] + ')' })); });
    if (state.account && !accountCounts[state.account]) accountSelect.appendChild(el('option', { value: state.account, text: accountName(state.account) + ' (0)' }));
    accountSelect.value = state.account;
    if (search.value !== state.q) search.value = state.q;
    count.textContent = 'showing ' + visible.length + ' of ' + plural(findings.length, 'finding');

    byRule.textContent = '';
    ruleIds.filter(function (id) { return ruleCounts[id]; }).sort(function (a, b) { return ruleCounts[b] - ruleCounts[a] || (a < b ? -1 : 1); }).forEach(function (id) {
      var row = el('tr', { class: 'pick', 'data-rule': id }, [el('td', null, [el('code', { text: id })]), el('td', null, [el('span', { class: 'badge sev-' + data.rules[id].severity, text: data.rules[id].severity })]), el('td', { class: 'num', text: String(ruleCounts[id]) })]);
      row.addEventListener('click', function () { state.rule = state.rule === id ? '' : id; changed(); });
      byRule.appendChild(row);
    });
    byAccount.textContent = '';
    var accountIds = Object.keys(accountCounts).sort(function (a, b) { return accountCounts[b] - accountCounts[a] || (a < b ? -1 : 1); });
    accountIds.slice(0, TOP_ACCOUNTS).forEach(function (id) {
      var row = el('tr', { class: 'pick', 'data-account': id }, [el('td', { text: accountName(id) }), el('td', { class: 'num', text: String(accountCounts[id]) })]);
      row.addEventListener('click', function () { state.account = state.account === id ? '' : id; changed(); });
      byAccount.appendChild(row);
    });
    if (accountIds.length > TOP_ACCOUNTS) byAccount.appendChild(el('tr', { class: 'zero' }, [el('td', { text: (accountIds.length - TOP_ACCOUNTS) + ' more accounts: pick one in the account filter or the organization tree' }), el('td')]));
    if (data.tree) renderTree(accountCounts);
    renderList();
  }

  function changed() {
    shown = PAGE;
    writeHash();
    update();
  }

  window.addEventListener('hashchange', function () { readHash(); shown = PAGE; update(); });
  readHash();
  update();
  app.removeAttribute('aria-busy');
})();
`;
