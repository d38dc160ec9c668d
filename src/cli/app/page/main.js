// The local page (gov-clerk app). A thin shell: it uploads files, sends the pickers' values,
// and shows what the server's run of the CLI's own command returned (its JSON and its workbook's
// sheets). No rule and no format is computed here; the charts draw numbers the run produced.
// Bundled with ECharts by scripts/bundle.mjs into dist/app/page.js; loaded from this server only.
import * as echarts from 'echarts/core';
import { BarChart, LineChart, PieChart, HeatmapChart } from 'echarts/charts';
import { GridComponent, TooltipComponent, LegendComponent, VisualMapComponent } from 'echarts/components';
import { SVGRenderer } from 'echarts/renderers';

echarts.use([BarChart, LineChart, PieChart, HeatmapChart, GridComponent, TooltipComponent, LegendComponent, VisualMapComponent, SVGRenderer]);

const $ = (sel, root = document) => root.querySelector(sel);
const $$ = (sel, root = document) => [...root.querySelectorAll(sel)];
const SEVERITY = { error: '错误', warning: '警告', info: '提示' };
const COMMAND_LABEL = { payroll: '补贴发放', budget: '预算', annual: '年度考核', 'check-staffing': '配备检查', 'check-roster': '花名册检查' };
const FILING_LABEL = { filed: '已报送', missing: '未报送', none: '无在岗人员' };
const MB = 1024 * 1024;

let limits = { fileBytes: 50 * MB, files: 300, totalBytes: 500 * MB };
let files = {};
let last; // the last run's outcome
let charts = [];

// —— talking to the server (relative addresses: the page lives under its token) ——
async function api(path, init = {}) {
  const res = await fetch(path, { ...init, headers: { ...(init.body && !(init.body instanceof Blob) ? { 'Content-Type': 'application/json' } : {}), ...init.headers } });
  const body = await res.json().catch(() => ({ error: `服务器返回了无法识别的内容（${res.status}）。` }));
  if (!res.ok) throw new Error(body.error ?? `请求失败（${res.status}）。`);
  return body;
}

function say(text, kind = 'error') {
  const m = $('#message');
  m.textContent = text;
  m.className = kind;
  m.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => (m.hidden = true), kind === 'error' ? 10000 : 4000);
}

// —— uploads ——
function showFiles() {
  for (const slot of $$('.slot')) {
    const list = files[slot.dataset.slot] ?? [];
    const ul = $('ul', slot);
    ul.replaceChildren(
      ...list.map((f) => {
        const li = document.createElement('li');
        const name = document.createElement('span');
        name.textContent = `${f.name}（${size(f.size)}）`;
        li.append(name);
        return li;
      }),
    );
    if (list.length) {
      const li = document.createElement('li');
      const clear = document.createElement('button');
      clear.type = 'button';
      clear.className = 'quiet';
      clear.textContent = list.length > 1 ? `清除这 ${list.length} 个文件` : '清除';
      clear.style.color = '#374151';
      clear.addEventListener('click', async () => {
        files = (await api('api/clear', { method: 'POST', body: JSON.stringify({ slot: slot.dataset.slot }) })).files;
        showFiles();
      });
      li.append(clear);
      ul.append(li);
    }
  }
}

function size(n) {
  return n >= MB ? `${(n / MB).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;
}

async function upload(slot, chosen) {
  // Excel's lock files (~$…) and anything not a table (a policy file for that slot) are left out of a folder.
  const accept = ($(`.slot[data-slot=${slot}]`).dataset.accept ?? 'xlsx,csv').split(',');
  const list = [...chosen].filter((f) => accept.includes(f.name.split('.').pop().toLowerCase()) && !f.name.startsWith('~$'));
  if (list.length === 0 && chosen.length > 0) return say(`没有可用的文件：请选择 ${accept.map((e) => `.${e}`).join('、')} 文件。`);
  let done = 0;
  for (const f of list) {
    if (f.size > limits.fileBytes) {
      say(`文件“${f.name}”超过 ${limits.fileBytes / MB} MB，未上传。请检查是否选错了文件；确实这么大的表请用命令行处理。`);
      continue;
    }
    try {
      files = (await api(`api/upload?slot=${slot}&name=${encodeURIComponent(f.name)}`, { method: 'POST', body: f })).files;
      done += 1;
    } catch (e) {
      say(e.message);
    }
  }
  showFiles();
  if (done) say(`已上传 ${done} 个文件。`, 'info');
}

for (const slot of $$('.slot')) {
  for (const input of $$('input[type=file]', slot)) {
    input.addEventListener('change', async () => {
      await upload(slot.dataset.slot, input.files);
      input.value = '';
    });
  }
  slot.addEventListener('dragover', (e) => {
    e.preventDefault();
    slot.classList.add('drag');
  });
  slot.addEventListener('dragleave', () => slot.classList.remove('drag'));
  slot.addEventListener('drop', (e) => {
    e.preventDefault();
    slot.classList.remove('drag');
    upload(slot.dataset.slot, e.dataTransfer.files);
  });
}

// —— pickers ——
const today = new Date();
const pad = (n) => String(n).padStart(2, '0');
const thisMonth = `${today.getFullYear()}-${pad(today.getMonth() + 1)}`;
for (const input of $$('input[type=month]')) input.value = thisMonth;
for (const input of $$('input[type=date]')) input.value = `${thisMonth}-${pad(today.getDate())}`;
for (const select of $$('select[data-years]')) {
  const kind = select.dataset.years;
  const years = [];
  for (let y = today.getFullYear() + 1; y >= 2024; y--) years.push(y);
  if (kind === 'auto') select.append(new Option('自动（表中只有一个年度时）', ''));
  for (const y of years) select.append(new Option(`${y} 年`, String(y)));
  select.value = kind === 'next' ? String(today.getFullYear() + 1) : kind === 'auto' ? '' : String(today.getFullYear());
}
const payrollForm = $('form[data-command=payroll]');
for (const radio of $$('input[name=payroll-period]', payrollForm)) {
  radio.addEventListener('change', () => {
    for (const row of $$('[data-period]', payrollForm)) row.hidden = row.dataset.period !== radio.value;
  });
}

function tabs(nav, attr, panes, onShow) {
  for (const b of $$('button', nav)) {
    b.addEventListener('click', () => {
      for (const o of $$('button', nav)) o.classList.toggle('on', o === b);
      for (const p of panes()) p.hidden = p.dataset[attr] !== b.dataset[attr];
      onShow?.(b.dataset[attr]);
    });
  }
}
tabs($('#command-tabs'), 'command', () => $$('form.command'));
tabs($('#view-tabs'), 'view', () => $$('.view'), (v) => v === 'charts' && charts.forEach((c) => c.resize()));

/** What the form asks for, spelled as the command line would be. */
function request(form) {
  const command = form.dataset.command;
  const v = (name) => form.elements[name]?.value ?? '';
  const checked = (name) => Boolean(form.elements[name]?.checked);
  const advanced = $('#advanced');
  const req = {
    command,
    maskId: $('#mask-id').checked,
    showIds: $('#show-ids').checked,
    sheet: advanced.querySelector('[name=sheet]').value.trim(),
    headerRow: advanced.querySelector('[name=headerRow]').value.trim(),
    withPolicy: advanced.querySelector('[name=withPolicy]').checked,
  };
  if (command === 'payroll') {
    const period = form.querySelector('input[name=payroll-period]:checked').value;
    if (period === 'month') req.month = v('month');
    if (period === 'range') req.month = `${v('from')}..${v('to')}`;
    if (period === 'year') req.year = v('year');
    req.withPrevious = checked('withPrevious');
  }
  if (command === 'budget') req.year = v('year');
  if (command === 'annual') Object.assign(req, { year: v('year'), withRoster: checked('withRoster'), withHistory: checked('withHistory') });
  if (command === 'check-staffing') Object.assign(req, { asOf: v('asOf'), withRoster: checked('withRoster') });
  if (command === 'check-roster') req.asOf = v('asOf');
  return req;
}

for (const form of $$('form.command')) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    const button = $('button[type=submit]', form);
    button.disabled = true;
    $('#status').textContent = `正在计算${COMMAND_LABEL[form.dataset.command]}……`;
    try {
      last = await api('api/run', { method: 'POST', body: JSON.stringify(request(form)) });
      show(last);
    } catch (err) {
      $('#status').textContent = '';
      $('#status').append(line('bad', '未能计算：'), err.message);
      say(err.message);
    } finally {
      button.disabled = false;
    }
  });
}

$('#stop').addEventListener('click', async () => {
  if (!confirm('退出后网页停止工作，上传的文件随即删除。确定退出吗？')) return;
  await api('api/stop', { method: 'POST', body: '{}' }).catch(() => {});
  document.body.replaceChildren(Object.assign(document.createElement('p'), { textContent: 'gov-clerk 已退出，上传的文件已删除。可以关闭此页面。', style: 'padding:24px' }));
});

// —— the result ——
function line(cls, text) {
  const s = document.createElement('span');
  s.className = cls;
  s.textContent = text;
  return s;
}

function show(o) {
  const r = o.result;
  const issues = r.issues ?? [];
  const count = (s) => issues.filter((i) => i.severity === s).length;
  const status = $('#status');
  status.textContent = '';
  status.append(
    line(o.code === 0 ? 'ok' : 'bad', `${COMMAND_LABEL[o.command]} ${r.period}：${o.code === 0 ? '完成，没有错误' : '完成，有需要处理的错误'}`),
    `　问题：错误 ${count('error')}，警告 ${count('warning')}，提示 ${count('info')}`,
    line('muted', `　读取：${(r.inputs ?? []).map((i) => i.path.split(/[\\/]/).pop()).join('、')}`),
  );
  const dl = $('#downloads');
  dl.hidden = false;
  dl.replaceChildren(
    document.createTextNode('下载：'),
    ...['xlsx', 'csv', 'json'].map((f) => {
      const a = document.createElement('a');
      a.href = `download/${o.id}.${f}`;
      a.download = o.files[f];
      a.textContent = { xlsx: 'Excel 工作簿', csv: 'CSV（第一张表）', json: 'JSON' }[f];
      a.title = o.files[f];
      a.dataset.format = f;
      return a;
    }),
  );
  $('#view-tabs').hidden = false;
  $('#issue-count').textContent = `(${issues.length})`;
  showSheets(o.sheets);
  showIssues(o);
  showCharts(o);
}

function cellText(v) {
  return v === null || v === undefined ? '' : typeof v === 'boolean' ? (v ? '是' : '否') : String(v);
}

function tableOf(headers, rows, classOf) {
  const table = document.createElement('table');
  const head = table.createTHead().insertRow();
  for (const h of headers) head.append(Object.assign(document.createElement('th'), { textContent: h }));
  const body = table.createTBody();
  for (const [i, row] of rows.entries()) {
    const tr = body.insertRow();
    if (classOf) tr.className = classOf(i);
    for (const v of row) {
      const td = tr.insertCell();
      td.textContent = cellText(v);
      if (typeof v === 'number') td.className = 'num';
    }
  }
  return table;
}

function showSheets(sheets) {
  const nav = $('#sheet-tabs');
  nav.replaceChildren(
    ...sheets.map((s, i) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = s.name;
      b.dataset.sheet = String(i);
      b.addEventListener('click', () => {
        for (const o of $$('button', nav)) o.classList.toggle('on', o === b);
        const box = $('#sheet');
        box.replaceChildren();
        if (s.title) box.append(Object.assign(document.createElement('h3'), { textContent: s.title }));
        box.append(tableOf(s.columns, s.rows));
        if (s.total > s.rows.length) box.append(line('muted', `只显示前 ${s.rows.length} 行，共 ${s.total} 行；完整内容请下载工作簿。`));
      });
      return b;
    }),
  );
  $('button', nav)?.click();
}

// —— problems: filter by severity, centre and code ——
/** The centre of each finding: its own, or its clerk's as the run listed them. */
function centreOf(result) {
  const byStaff = new Map();
  const byRow = new Map();
  const people = [...(result.clerks ?? []), ...(result.excluded ?? []), ...(result.months ?? []).flatMap((m) => m.clerks ?? [])];
  for (const p of people) {
    if (!p.center) continue;
    if (p.staffId) byStaff.set(p.staffId, p.center);
    if (p.row !== undefined && result.kind !== 'annual') byRow.set(p.row, p.center);
  }
  return (i) => i.center ?? byStaff.get(i.staffId) ?? (i.file === undefined ? byRow.get(i.row) : undefined) ?? '（未注明中心）';
}

function showIssues(o) {
  const issues = o.result.issues ?? [];
  const centre = centreOf(o.result);
  const fill = (select, values, label = (v) => v) => {
    const keep = select.value;
    select.replaceChildren(new Option('全部', ''), ...[...new Set(values)].sort().map((v) => new Option(label(v), v)));
    select.value = [...select.options].some((op) => op.value === keep) ? keep : '';
  };
  fill($('#f-center'), issues.map(centre));
  fill($('#f-code'), issues.map((i) => i.code), (c) => `${c} ${o.fixes[c]?.title ?? ''}`);
  const render = () => {
    const sev = $('#f-severity').value;
    const cen = $('#f-center').value;
    const code = $('#f-code').value;
    const shown = issues.filter((i) => (!sev || i.severity === sev) && (!cen || centre(i) === cen) && (!code || i.code === code));
    $('#f-count').textContent = `显示 ${shown.length} / ${issues.length} 条`;
    const inputs = o.result.inputs ?? [];
    const rows = shown.map((i) => [
      SEVERITY[i.severity],
      i.code,
      // The file the engine names; with one input, that one. With several, a finding the engine
      // does not place in a file is not placed here either (README, 解释与取舍).
      i.file ?? (inputs.length === 1 ? inputs[0].path.split(/[\\/]/).pop() : ''),
      i.row ?? null,
      i.column ?? '',
      centre(i),
      i.message,
      o.fixes[i.code]?.fix ?? '',
    ]);
    $('#issues').replaceChildren(tableOf(['严重程度', '代码', '文件', '行', '列', '中心', '说明', '怎么改'], rows, (k) => shown[k].severity));
  };
  for (const id of ['#f-severity', '#f-center', '#f-code']) $(id).onchange = render;
  render();
}

// —— charts ——
function chartBox(title, id, wide = false) {
  const box = document.createElement('div');
  box.className = `chart${wide ? ' wide' : ''}`;
  box.dataset.chart = id;
  box.append(Object.assign(document.createElement('h3'), { textContent: title }));
  const plot = document.createElement('div');
  plot.className = 'plot';
  box.append(plot);
  $('#charts').append(box);
  const chart = echarts.init(plot, null, { renderer: 'svg' });
  charts.push(chart);
  // Drawn at once: a figure that grows for a second is no help to someone checking numbers.
  return { setOption: (option) => chart.setOption({ animation: false, ...option }) };
}

const money = (v) => `${Number(v).toLocaleString('zh-CN', { minimumFractionDigits: 2, maximumFractionDigits: 2 })} 元`;
const axisLabel = { interval: 0, rotate: 30, fontSize: 11, formatter: (s) => (s.length > 8 ? `${s.slice(0, 8)}…` : s) };

/** The workbook's own summary sheet (分组方式 | 名称 | … | 合计): its rows of one kind, with the total column. */
function groups(sheets, kind) {
  const s = sheets.find((x) => x.columns[0] === '分组方式');
  if (!s) return [];
  const col = s.columns.findIndex((h) => h === '补贴合计' || h === '期间合计' || h === '全年合计');
  return s.rows.filter((r) => r[0] === kind).map((r) => [String(r[1]), Number(r[col >= 0 ? col : r.length - 1])]);
}

function showCharts(o) {
  for (const c of charts) c.dispose();
  charts = [];
  $('#charts').replaceChildren();
  const r = o.result;
  const byCentre = groups(o.sheets, '按中心');
  const byFunding = groups(o.sheets, '按资金渠道');
  if (byCentre.length) {
    chartBox('补贴合计：按中心', 'centre').setOption({
      tooltip: { trigger: 'axis', valueFormatter: money },
      grid: { left: 70, right: 16, top: 16, bottom: 90 },
      xAxis: { type: 'category', data: byCentre.map((g) => g[0]), axisLabel },
      yAxis: { type: 'value', name: '元' },
      series: [{ type: 'bar', data: byCentre.map((g) => g[1]), itemStyle: { color: '#2563eb' }, label: { show: true, position: 'top', fontSize: 10 } }],
    });
  }
  if (byFunding.length) {
    chartBox('补贴合计：按资金渠道', 'funding').setOption({
      tooltip: { trigger: 'item', valueFormatter: money },
      legend: { bottom: 0 },
      series: [{ type: 'pie', radius: ['35%', '65%'], data: byFunding.map(([name, value]) => ({ name, value })), label: { formatter: '{b}\n{d}%' } }],
    });
  }
  if (Array.isArray(r.months) && r.months.length > 1) {
    const months = r.months.map((m) => m.month);
    const funders = [...new Set(r.months.flatMap((m) => Object.keys(m.byFunding ?? {})))];
    const series = funders.length
      ? funders.map((f) => ({ type: 'bar', stack: 'total', name: f, data: r.months.map((m) => m.byFunding?.[f] ?? 0) }))
      : [{ type: 'bar', name: '补贴合计', data: r.months.map((m) => m.totals.allowanceTotal), itemStyle: { color: '#2563eb' } }];
    // Stacked by funding body, the month's total is a line over the stack.
    if (funders.length) series.push({ type: 'line', name: '月合计', data: r.months.map((m) => m.totals.allowanceTotal), itemStyle: { color: '#dc2626' } });
    chartBox(r.kind === 'budget' ? `${r.year} 年预算：各月补贴` : '各月补贴合计', 'months', true).setOption({
      tooltip: { trigger: 'axis', valueFormatter: money },
      legend: { top: 0 },
      grid: { left: 70, right: 16, top: 36, bottom: 30 },
      xAxis: { type: 'category', data: months },
      yAxis: { type: 'value', name: '元' },
      series,
    });
  }
  const grades = o.sheets.find((s) => s.name === '等次分布');
  if (grades) {
    const labels = grades.columns.slice(1, -1);
    chartBox('年度考核等次分布（按中心）', 'grades').setOption({
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 40, right: 16, top: 36, bottom: 90 },
      xAxis: { type: 'category', data: grades.rows.map((row) => row[0]), axisLabel },
      yAxis: { type: 'value', name: '人' },
      color: ['#16a34a', '#2563eb', '#f59e0b', '#dc2626', '#9ca3af'],
      series: labels.map((name, k) => ({ type: 'bar', stack: 'n', name, data: grades.rows.map((row) => row[k + 1]) })),
    });
  }
  if (Array.isArray(r.quota) && r.quota.length) {
    const months = [...new Set(r.quota.map((q) => q.month))].sort();
    const centres = [...new Set(r.quota.map((q) => q.center))];
    centreMonthGrid('月度"好"的比例（每格：好 / 上限；红色为超过上限）', 'quota', months, centres, {
      pieces: [
        { value: 2, label: '超过上限', color: '#dc2626' },
        { value: 1, label: '达到上限', color: '#fde68a' },
        { value: 0, label: '未到上限', color: '#dcfce7' },
      ],
      // Over the limit is the run's own verdict (ok); at the limit only when someone is rated 好.
      data: r.quota.map((q) => [months.indexOf(q.month), centres.indexOf(q.center), !q.ok ? 2 : q.good > 0 && q.good === q.limit ? 1 : 0, q.good, q.limit]),
      tip: (v) => `好 ${v[3]} 人，上限 ${v[4]} 人`,
      text: (v) => `${v[3]}/${v[4]}`,
    });
  }
  if (Array.isArray(r.filings) && r.filings.length) {
    const months = [...new Set(r.filings.flatMap((c) => c.months.map((m) => m.month)))].sort();
    const order = ['filed', 'missing', 'none'];
    centreMonthGrid('报送情况（各中心各月）', 'filings', months, r.filings.map((c) => c.center), {
      pieces: order.map((s, k) => ({ value: k, label: FILING_LABEL[s], color: ['#86efac', '#dc2626', '#e5e7eb'][k] })),
      data: r.filings.flatMap((c, y) =>
        c.months.map((m) => [months.indexOf(m.month), y, order.indexOf(m.status), m.status === 'filed' ? m.files.join('、') : m.status === 'missing' ? `在岗 ${m.onPost} 人` : '']),
      ),
      tip: (v) => `${FILING_LABEL[order[v[2]]]}${v[3] ? `<br>${v[3]}` : ''}`,
      text: (v) => ({ filed: '✓', missing: '未报', none: '—' })[order[v[2]]],
    });
  }
  if (charts.length === 0) $('#charts').append(line('muted', '这项计算没有图表：请看「各表」和「问题」。'));
  if ($('#view-tabs button.on').dataset.view !== 'charts') $('#view-tabs button[data-view=charts]').click();
}

/** Centres down, months across, one coloured cell each: [month, centre, class, …] per cell. */
function centreMonthGrid(title, id, months, centres, { pieces, data, tip, text }) {
  chartBox(title, id, true).setOption({
    tooltip: { formatter: (p) => `${centres[p.value[1]]} ${months[p.value[0]]}<br>${tip(p.value)}` },
    grid: { left: 150, right: 16, top: 8, bottom: 60 },
    xAxis: { type: 'category', data: months.map((m) => m.slice(5) + '月'), splitArea: { show: true } },
    yAxis: { type: 'category', data: centres, axisLabel: { fontSize: 11 } },
    visualMap: { type: 'piecewise', dimension: 2, orient: 'horizontal', left: 'center', bottom: 0, pieces },
    series: [{ type: 'heatmap', data, label: { show: true, formatter: (p) => text(p.value), fontSize: 11 } }],
  });
}

addEventListener('resize', () => charts.forEach((c) => c.resize()));

// —— start ——
api('api/state')
  .then((s) => {
    limits = s.limits;
    files = s.files;
    $('#version').textContent = `版本 ${s.version}`;
    showFiles();
  })
  .catch((e) => say(e.message));
