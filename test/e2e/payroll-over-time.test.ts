// Issue 13: payroll over a range of months, and what changed since last month (变动), on the
// shipped sample district, read back from the workbooks and compared with single-month runs.
import { readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import type ExcelJS from 'exceljs';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const MONTHS = Array.from({ length: 12 }, (_, i) => `2025-${String(i + 1).padStart(2, '0')}`);

type Clerk = { row: number; staffId: string; skillAllowance: number; seniorityAllowance: number; educationAllowance: number; allowanceTotal: number };
type Month = { month: string; totals: Record<string, number>; clerks: Clerk[]; excluded: Array<{ row: number; reason: string }> };
type Single = { totals: Record<string, number>; clerks: Clerk[]; excluded: Array<{ row: number; reason: string }>; changes?: { previous: string; previousTotal: number; total: number; delta: number }; changeRows: Array<{ row: number; kind: string; before: number; after: number; delta: number; clause: string; detail: string }> };

const single = new Map<string, Single>();
const monthJson = (m: string) => {
  if (!single.has(m)) single.set(m, JSON.parse(cli(['payroll', ROSTER, '--month', m, '--json', '-q']).stdout) as Single);
  return single.get(m)!;
};

/** The built-in policy exported, with new 学历补贴 standards from `from` (college 50, bachelor 150, master 300). */
function policyRaisingEducationFrom(from: string, file: string): string {
  const policy = tmp(file);
  cli(['policy', 'init', policy]);
  const old = 'value: { below_college: 0, college: 0, bachelor: 100, master: 200, doctorate: 200 }';
  writeFileSync(policy, readFileSync(policy, 'utf8').replace(old, `${old}\n        - from: ${from}\n          value: { below_college: 0, college: 50, bachelor: 150, master: 300, doctorate: 300 }`));
  return policy;
}

/** A sheet's rows as arrays of values (row 1 first), formula cells as their results. */
function rowsOf(ws: ExcelJS.Worksheet): unknown[][] {
  const out: unknown[][] = [];
  ws.eachRow({ includeEmpty: true }, (r) => out.push((r.values as unknown[]).slice(1).map((v) => (v && typeof v === 'object' && 'result' in v ? (v as { result: unknown }).result : v))));
  return out;
}

describe('gov-clerk payroll --year 2025 (one workbook, one read of the roster)', () => {
  let range: { period: string; months: Month[]; issues: Array<{ code: string; row?: number; months: string }>; totals: { clerkMonths: number; allowanceTotal: number } };
  let wb: ExcelJS.Workbook;
  let run: ReturnType<typeof cli>;
  const out = tmp('year.xlsx');
  beforeAll(async () => {
    range = JSON.parse(cli(['payroll', ROSTER, '--year', '2025', '--json', '-q']).stdout) as typeof range;
    run = cli(['payroll', ROSTER, '--year', '2025', '-o', out]);
    wb = await readBack(out);
  });

  it('each month equals the single-month payroll exactly: totals, every clerk’s amounts, every exclusion', () => {
    expect(range.period).toBe('2025-01..2025-12');
    expect(range.months.map((m) => m.month)).toEqual(MONTHS);
    for (const m of range.months) {
      const one = monthJson(m.month);
      expect(m.totals, m.month).toEqual(one.totals);
      const amounts = (cs: Clerk[]) => cs.map((c) => [c.row, c.staffId, c.skillAllowance, c.seniorityAllowance, c.educationAllowance, c.allowanceTotal]);
      expect(amounts(m.clerks), m.month).toEqual(amounts(one.clerks));
      expect(m.excluded.map((e) => [e.row, e.reason]), m.month).toEqual(one.excluded.map((e) => [e.row, e.reason]));
    }
    expect(range.totals.allowanceTotal).toBe(range.months.reduce((s, m) => s + Math.round(m.totals.allowanceTotal! * 100), 0) / 100);
  });

  it('also for --month 2025-01..2025-12 (the same document), and the terminal shows each month and each funding body', () => {
    const other = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-01..2025-12', '--json', '-q']).stdout) as typeof range;
    expect(other.months).toEqual(range.months);
    expect(run.code).toBe(1); // the sample has rows in error
    const said = run.stderr; // the summary goes to stderr, as every command's does
    expect(said).toMatch(/2025年1月—12月 补贴计算/);
    for (const m of range.months) expect(said).toContain(m.month);
    expect(said).toMatch(/区级财政\s+[\d,]+\.\d\d/);
    expect(said).toMatch(/镇\(街\)财政\s+[\d,]+\.\d\d/);
  });

  it('writes 月度明细 (a row per clerk, four columns a month), 年度汇总, 未发放人员, 数据问题 with months, 政策参数', () => {
    expect(wb.worksheets.map((w) => w.name)).toEqual(['月度明细', '年度汇总', '未发放人员', '数据问题', '政策参数']);
    const rows = rowsOf(wb.getWorksheet('月度明细')!);
    const header = rows.findIndex((r) => r[0] === '序号');
    const head = rows[header]!;
    expect(head.slice(7, 11)).toEqual(['2025-01 技能', '2025-01 年限', '2025-01 学历', '2025-01 合计']);
    expect(head[7 + 48]).toBe('期间合计');
    // Every clerk's June columns are their June single-month amounts.
    const june = new Map(monthJson('2025-06').clerks.map((c) => [c.row, c]));
    const col = 7 + 5 * 4;
    const data = rows.slice(header + 1).filter((r) => typeof r[0] === 'number');
    for (const r of data) {
      const c = june.get(r[6] as number);
      if (!c) expect(r.slice(col, col + 4)).toEqual([null, null, null, null].map(() => undefined));
      else expect(r.slice(col, col + 4)).toEqual([c.skillAllowance, c.seniorityAllowance, c.educationAllowance, c.allowanceTotal]);
    }
    // The totals row adds up each column: 期间合计 is the year's total.
    const totals = rows.find((r) => r[2] === '合计')!;
    expect(totals[7 + 48]).toBe(range.totals.allowanceTotal);
    expect(totals[col + 3]).toBe(monthJson('2025-06').totals.allowanceTotal);
    // 年度汇总: 全部 per month.
    const sum = rowsOf(wb.getWorksheet('年度汇总')!).find((r) => r[0] === '合计')!;
    expect(sum.slice(3, 15)).toEqual(range.months.map((m) => m.totals.allowanceTotal));
    expect(sum[15]).toBe(range.totals.allowanceTotal);
    // 数据问题 says which months: a row's own error applies to all twelve.
    const issues = rowsOf(wb.getWorksheet('数据问题')!);
    expect(issues[0]!.slice(0, 3)).toEqual(['严重程度', '代码', '月份']);
    expect(issues.find((r) => r[1] === 'DUPLICATE_STAFF')![2]).toBe('全部 12 个月');
  });

  it('lists every row: paid in some month (月度明细) or in none (未发放人员), each once', async () => {
    const paid = rowsOf(wb.getWorksheet('月度明细')!).filter((r) => typeof r[0] === 'number').map((r) => r[6] as number);
    const none = rowsOf(wb.getWorksheet('未发放人员')!).filter((r) => typeof r[0] === 'number').map((r) => r[0] as number);
    const june = monthJson('2025-06');
    const every = [...june.clerks.map((c) => c.row), ...june.excluded.map((e) => e.row)].sort((a, b) => a - b);
    expect(every).toHaveLength(58);
    expect([...paid, ...none].sort((a, b) => a - b)).toEqual(every);
  });

  it('starts at the policy’s first month when the year starts before it (--year 2024: December only)', () => {
    const r = cli(['payroll', ROSTER, '--year', '2024', '--json']);
    expect(r.stderr + r.stdout).toMatch(/自 2024-12-27 起生效：从 2024-12 起计算/);
    const j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as typeof range;
    expect(j.months.map((m) => m.month)).toEqual(['2024-12']);
  });

  it.each<[string[], RegExp]>([
    [['--month', '2025-12..2025-01'], /结束月份早于开始月份/],
    [['--month', '2025-01..'], /不是一段月份/],
    [['--year', '25'], /不是年份/],
    [['--year', '2025', '--month', '2025-06'], /只能给一个/],
    [['--year', '2025', '--explain', 'E001'], /--explain 只用于单月/],
    [['--month', '2020-01..2029-12'], /超过 60 个月/],
    [['--month', '2023-01..2023-12'], /早于政策/],
  ])('%j: one sentence, exit 2', (args, message) => {
    const r = cli(['payroll', ROSTER, ...args, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('变动: June against May, from the same roster', () => {
  let wb: ExcelJS.Workbook;
  const out = tmp('june.xlsx');
  beforeAll(async () => {
    cli(['payroll', ROSTER, '--month', '2025-06', '-o', out, '-q']);
    wb = await readBack(out);
  });

  it('explains each change with its cause and clause, and the changes add up to June’s total less May’s', () => {
    const june = monthJson('2025-06');
    const may = monthJson('2025-05');
    expect(june.changes).toEqual({ previous: '2025-05', against: 'roster', previousTotal: may.totals.allowanceTotal, total: june.totals.allowanceTotal, delta: june.totals.allowanceTotal! - may.totals.allowanceTotal! });
    const sum = june.changeRows.reduce((s, c) => s + Math.round(c.delta * 100), 0) / 100;
    expect(sum).toBe(june.totals.allowanceTotal! - may.totals.allowanceTotal!);
    // Each clerk: May's and June's own amounts, as the single-month runs paid them.
    const paid = (j: Single) => new Map(j.clerks.map((c) => [c.row, c.allowanceTotal]));
    const [pm, pj] = [paid(may), paid(june)];
    for (const row of new Set([...pm.keys(), ...pj.keys()])) {
      const own = june.changeRows.filter((c) => c.row === row).reduce((s, c) => s + Math.round(c.delta * 100), 0);
      expect(own, `row ${row}`).toBe(Math.round(((pj.get(row) ?? 0) - (pm.get(row) ?? 0)) * 100));
    }
    expect(june.changeRows.map((c) => c.kind).sort()).toEqual(['left', 'seniority_tier', 'seniority_tier', 'seniority_tier', 'started']);
    const left = june.changeRows.find((c) => c.kind === 'left')!;
    expect([left.before, left.after, left.delta, left.clause]).toEqual([300, 0, -300, '二(二)5(2)、二(二)5(3)、二(二)5(4)']);
    expect(left.detail).toMatch(/2025-05-31 离岗/);
  });

  it('the workbook’s 变动 sheet shows the same rows and ends with the check', () => {
    const rows = rowsOf(wb.getWorksheet('变动')!);
    expect(rows[0]![0]).toBe('补贴变动（2025年5月 → 2025年6月）');
    const data = rows.filter((r) => typeof r[0] === 'number');
    expect(data.map((r) => [r[0], r[4], r[7]])).toEqual(monthJson('2025-06').changeRows.map((c) => [c.row, { seniority_tier: '年限跨档', left: '离岗', started: '新上岗' }[c.kind], c.delta]));
    const check = rows.find((r) => r[4] === '核对')!;
    expect(check.slice(5, 8)).toEqual([monthJson('2025-05').totals.allowanceTotal, monthJson('2025-06').totals.allowanceTotal, -220]);
    expect(check[9]).toMatch(/一致/);
  });

  it('a policy value dated inside the month shows as 政策标准调整 with its date', () => {
    const policy = policyRaisingEducationFrom('2025-06-01', 'town.yaml');
    const j = JSON.parse(cli(['payroll', ROSTER, '--month', '2025-06', '--policy', policy, '--json', '-q']).stdout) as Single;
    const raised = j.changeRows.filter((c) => c.kind === 'policy_value');
    expect(raised.length).toBeGreaterThan(10);
    expect(raised[0]!.detail).toMatch(/学历补贴标准自 2025-06-01 起调整/);
    expect(j.changeRows.reduce((s, c) => s + Math.round(c.delta * 100), 0) / 100).toBe(j.changes!.delta);
  });

  it('the policy’s first month has nothing to compare with, and says so', async () => {
    const first = tmp('dec.xlsx');
    cli(['payroll', ROSTER, '--month', '2024-12', '-o', first, '-q']);
    const rows = rowsOf((await readBack(first)).getWorksheet('变动')!);
    expect(rows.flat().join('')).toMatch(/政策生效的第一个月，没有可比较的上月/);
  });
});

describe('变动 against what was issued (--previous)', () => {
  const may = tmp('may.xlsx');
  const edited = tmp('may-edited.xlsx');
  const jsonWith = (previous: string) => {
    const r = cli(['payroll', ROSTER, '--month', '2025-06', '--previous', previous, '--json', '-q']);
    return { r, j: r.code === 2 ? undefined : (JSON.parse(r.stdout) as Single & { inputs: Array<{ path: string }> }) };
  };
  beforeAll(async () => {
    cli(['payroll', ROSTER, '--month', '2025-05', '-o', may, '-q']);
    // The office paid E001 50 more by hand, never paid E002, and paid someone not on the roster.
    const wb = await readBack(may);
    const ws = wb.getWorksheet('补贴发放表')!;
    const header = rowsOf(ws).findIndex((r) => r[0] === '序号') + 1;
    const colOf = (h: string) => (ws.getRow(header).values as unknown[]).indexOf(h);
    ws.eachRow((row) => {
      if (row.getCell(colOf('工号')).value === 'E001') row.getCell(colOf('补贴合计')).value = Number(row.getCell(colOf('补贴合计')).value) + 50;
    });
    const e002 = rowsOf(ws).findIndex((r) => r[1] === 'E002') + 1;
    ws.spliceRows(e002, 1);
    const extra = ws.insertRow(header + 1, []);
    extra.getCell(colOf('工号')).value = 'X999';
    extra.getCell(colOf('姓名')).value = '外人';
    extra.getCell(colOf('补贴合计')).value = 123;
    await wb.xlsx.writeFile(edited);
  });

  it('as issued by gov-clerk last month: the same changes as from the roster, no unexplained ones', () => {
    const { j } = jsonWith(may);
    expect(j!.changes).toEqual({ ...monthJson('2025-06').changes, against: 'issued' });
    expect(j!.changeRows).toEqual(monthJson('2025-06').changeRows);
    expect(j!.inputs.map((i) => i.path)).toEqual([ROSTER, may]);
  });

  it('reads 补贴发放表 in both layouts: the grouped one (小计, 合计, headings, signatures) and the flat one issued before it', () => {
    // Made by gov-clerk before issue 22 (payroll fixtures/roster.xlsx --month 2025-05): one row per clerk, one 合计.
    const old = `${ROOT}test/fixtures/issued-2025-05-before-grouping.xlsx`;
    const { r, j } = jsonWith(old);
    expect(r.code, r.stderr).toBe(1);
    expect(j!.changes).toEqual({ ...monthJson('2025-06').changes, against: 'issued' });
    expect(j!.changeRows).toEqual(monthJson('2025-06').changeRows);
    expect(jsonWith(may).j!.changeRows).toEqual(j!.changeRows);
  });

  it('edited after issue: each difference the roster cannot explain is listed, and everything adds up to June less what was issued', () => {
    const { r, j } = jsonWith(edited);
    expect(r.code, r.stderr).toBe(1);
    const issuedTotal = monthJson('2025-05').totals.allowanceTotal! + 50 - monthJson('2025-05').clerks.find((c) => c.staffId === 'E002')!.allowanceTotal + 123;
    expect(j!.changes!.previousTotal).toBe(issuedTotal);
    const unexplained = (j!.changeRows as Array<Single['changeRows'][number] & { staffId: string }>).filter((c) => c.kind === 'unexplained');
    const e002 = monthJson('2025-05').clerks.find((c) => c.staffId === 'E002')!.allowanceTotal;
    expect(unexplained.map((c) => [c.staffId, c.delta])).toEqual([
      ['E001', -50], // paid 50 more than the roster says
      ['E002', e002], // the roster pays E002 for May; the office did not
      ['X999', -123], // paid, and not on the roster
    ]);
    expect(unexplained.map((c) => c.detail)).toEqual([
      expect.stringMatching(/上月实发 \d+ 元（发放表第 \d+ 行），按现在的花名册上月应为 \d+ 元：花名册可能在发放后修改过/),
      expect.stringMatching(/上月发放表中没有此人/),
      expect.stringMatching(/现在的花名册中没有/),
    ]);
    expect(j!.changeRows.reduce((s, c) => s + Math.round(c.delta * 100), 0) / 100).toBe(Math.round((monthJson('2025-06').totals.allowanceTotal! - issuedTotal) * 100) / 100);
  });

  it.each<[string, () => string[], RegExp]>([
    ['not an issued sheet (the roster itself)', () => ['--previous', ROSTER], /找不到补贴发放表的表头/],
    ['April instead of May', () => { cli(['payroll', ROSTER, '--month', '2025-04', '-o', tmp('apr.xlsx'), '-q']); return ['--previous', tmp('apr.xlsx')]; }, /是 2025-04 的发放表，本次应与上月 2025-05/],
    ['with a range', () => ['--previous', may, '--month', '2025-01..2025-06'], /--previous 只用于单月/],
    ['the output over the previous sheet', () => ['--previous', may, '-o', may], /输入文件|不能覆盖|覆盖/],
  ])('%s: one sentence, exit 2, nothing written over', (_, args, message) => {
    const before = readFileSync(may);
    const a = args();
    const r = cli(['payroll', ROSTER, ...(a.includes('--month') ? [] : ['--month', '2025-06']), ...a, '-q']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(readFileSync(may).equals(before)).toBe(true);
  });
});

describe('gov-clerk budget (next year from the roster as it stands)', () => {
  type BudgetJson = {
    kind: string;
    year: number;
    assumptions: string[];
    months: Array<{ month: string; totals: Record<string, number>; byFunding: Record<string, number>; byCenter: Record<string, number> }>;
    clerks: Array<{ row: number; staffId: string; months: Array<number | null>; total: number; changes: Array<{ month: string; kind: string; delta: number; detail: string }> }>;
    totals: { allowanceTotal: number; byFunding: Record<string, number> };
  };
  const budgetJson = (args: string[]) => JSON.parse(cli(['budget', ROSTER, ...args, '--json', '-q']).stdout) as BudgetJson;

  it('a month in the past equals that month’s payroll exactly (2025: every month)', () => {
    const b = budgetJson(['--year', '2025']);
    expect(b.months.map((m) => m.month)).toEqual(MONTHS);
    for (const m of b.months) {
      expect(m.totals, m.month).toEqual(monthJson(m.month).totals);
      const paid = new Map(monthJson(m.month).clerks.map((c) => [c.row, c.allowanceTotal]));
      const i = MONTHS.indexOf(m.month);
      for (const c of b.clerks) expect(c.months[i] ?? undefined, `${m.month} row ${c.row}`).toBe(paid.get(c.row));
    }
  });

  it('2026: per funding body and centre each month, clerks with the month and cause of each change, adding up', async () => {
    const b = budgetJson(['--year', '2026']);
    const cents = (n: number) => Math.round(n * 100);
    for (const m of b.months) {
      expect(Object.values(m.byFunding).reduce((s, v) => s + cents(v), 0), m.month).toBe(cents(m.totals.allowanceTotal!));
      expect(Object.values(m.byCenter).reduce((s, v) => s + cents(v), 0), m.month).toBe(cents(m.totals.allowanceTotal!));
    }
    expect(b.clerks.reduce((s, c) => s + cents(c.total), 0)).toBe(cents(b.totals.allowanceTotal));
    // Each clerk's changes explain each month's move, from December 2025 on.
    for (const c of b.clerks) {
      const dec = monthJson('2025-12').clerks.find((x) => x.row === c.row)?.allowanceTotal ?? 0;
      const series = [dec, ...c.months.map((v) => v ?? 0)];
      for (let i = 0; i < 12; i++) {
        const month = `2026-${String(i + 1).padStart(2, '0')}`;
        const moved = c.changes.filter((x) => x.month === month).reduce((s, x) => s + cents(x.delta), 0);
        expect(moved, `row ${c.row} ${month}`).toBe(cents(series[i + 1]!) - cents(series[i]!));
      }
    }
    expect(b.clerks.some((c) => c.changes.some((x) => x.kind === 'seniority_tier'))).toBe(true);
    expect(b.assumptions.join('')).toMatch(/不计新进人员/);

    const out = tmp('budget-2026.xlsx');
    expect(cli(['budget', ROSTER, '--year', '2026', '-o', out, '-q']).code).toBe(1);
    const wb = await readBack(out);
    expect(wb.worksheets.map((w) => w.name)).toEqual(['预算汇总', '人员明细', '假设', '未计入人员', '数据问题', '政策参数']);
    const sum = rowsOf(wb.getWorksheet('预算汇总')!);
    expect(sum.find((r) => r[0] === '合计')!.slice(3, 16)).toEqual([...b.months.map((m) => m.totals.allowanceTotal), b.totals.allowanceTotal]);
    for (const [f, v] of Object.entries(b.totals.byFunding)) expect(sum.find((r) => r[1] === f)![15]).toBe(v);
    const people = rowsOf(wb.getWorksheet('人员明细')!);
    const tier = b.clerks.find((c) => c.changes.some((x) => x.kind === 'seniority_tier'))!;
    const line = people.find((r) => r[5] === tier.row)!;
    expect(line.slice(6, 19)).toEqual([...tier.months.map((v) => v ?? undefined), tier.total]);
    expect(line[19]).toMatch(/2026-\d\d 年限跨档 \+\d+\.00/);
    expect(people.find((r) => r[2] === '合计')![18]).toBe(b.totals.allowanceTotal);
    // Nobody dropped: 人员明细 and 未计入人员 hold every row of the roster once.
    const listed = [...people.filter((r) => typeof r[0] === 'number').map((r) => r[5] as number), ...rowsOf(wb.getWorksheet('未计入人员')!).filter((r) => typeof r[0] === 'number').map((r) => r[0] as number)];
    expect(listed.sort((x, y) => x - y)).toHaveLength(58);
    expect(new Set(listed).size).toBe(58);
  });

  it('a policy value dated inside the year is used from its date, and the assumptions say so', () => {
    const policy = policyRaisingEducationFrom('2026-07-01', 'town-2026.yaml');
    const plain = budgetJson(['--year', '2026']);
    const raised = JSON.parse(cli(['budget', ROSTER, '--year', '2026', '--policy', policy, '--json', '-q']).stdout) as BudgetJson;
    expect(raised.months.slice(0, 6).map((m) => m.totals.allowanceTotal)).toEqual(plain.months.slice(0, 6).map((m) => m.totals.allowanceTotal));
    for (let i = 6; i < 12; i++) expect(raised.months[i]!.totals.allowanceTotal).toBeGreaterThan(plain.months[i]!.totals.allowanceTotal!);
    expect(raised.assumptions.join('')).toMatch(/学历补贴标准（元\/月）（2026-07-01 起）自其日期起按新标准计入/);
    expect(raised.clerks.some((c) => c.changes.some((x) => x.month === '2026-07' && x.kind === 'policy_value'))).toBe(true);
  });

  it('without --year: next year, said on the terminal', () => {
    const r = cli(['budget', ROSTER, '--json']);
    const next = Number(new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 4)) + 1;
    expect(r.stderr).toContain(`未指定 --year，按明年 ${next} 年编制预算。`);
    expect((JSON.parse(r.stdout) as BudgetJson).year).toBe(next);
  });
});
