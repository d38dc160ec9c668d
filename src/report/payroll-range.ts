// The payroll of a range of months in one workbook (issue 13): 月度明细 (a row per clerk, a
// column group per month), 年度汇总, 未发放人员, 数据问题 with the months each finding applies
// to, 政策参数 (every value any month used). Each month is exactly the single-month payroll.
import { formatChineseMonth, type IsoMonth } from '../calendar.js';
import { severityOf, type Issue, type Severity } from '../issues/catalogue.js';
import { compareIssues, mergeSorted, sortedFindings, type FindingList } from '../issues/findings.js';
import { Spool } from '../spool.js';
import type { Duplicates } from '../rules/identity.js';
import { payEntryIn, type Excluded, type PayrollMonth, type Who } from '../rules/payroll-month.js';
import type { PolicyView } from '../rules/policy-view.js';
import type { RosterEntry } from '../schema/roster.js';
import { maskId } from '../schema/id-number.js';
import { idShown, issueForOutput, issuesSheetOver, jsonHeader, policySheet, chinaTimestamp, type RunMeta } from './meta.js';
import { mapIterable, type CellOut, type ColumnOut, type SheetOut } from './table.js';
import { PERSON_COLUMNS } from './payroll.js';

export interface PayrollRange {
  months: PayrollMonth[];
  entries: Iterable<RosterEntry>;
  policy: PolicyView;
  duplicates: Duplicates;
  /** Findings of the table itself (its header): they apply to every month. */
  tableIssues?: readonly Issue[];
}

const MONTH_ITEMS = [
  ['skillAllowance', '技能'],
  ['seniorityAllowance', '年限'],
  ['educationAllowance', '学历'],
  ['allowanceTotal', '合计'],
] as const;

/** "2025年1月—12月", "2025年11月—2026年2月". */
export function rangeLabel(months: readonly IsoMonth[]): string {
  const first = months[0]!;
  const last = months[months.length - 1]!;
  if (first === last) return formatChineseMonth(first);
  return first.slice(0, 4) === last.slice(0, 4) ? `${formatChineseMonth(first)}—${Number(last.slice(5, 7))}月` : `${formatChineseMonth(first)}—${formatChineseMonth(last)}`;
}

/** Months as runs: 2025-01～2025-03、2025-06. */
export function monthRuns(months: readonly IsoMonth[], all: readonly IsoMonth[]): string {
  const index = new Map(all.map((m, i) => [m, i]));
  const sorted = [...months].sort((a, b) => index.get(a)! - index.get(b)!);
  const runs: string[] = [];
  for (let i = 0; i < sorted.length; ) {
    let j = i;
    while (j + 1 < sorted.length && index.get(sorted[j + 1]!)! === index.get(sorted[j]!)! + 1) j++;
    runs.push(i === j ? sorted[i]! : `${sorted[i]}～${sorted[j]}`);
    i = j + 1;
  }
  return runs.join('、');
}

/** Each roster row over the months: its amounts per month, or why a month was not paid. */
export interface ClerkMonths {
  who: Who;
  employeeNo?: string;
  idNumber?: string;
  funding?: string;
  /** Per month: the four amounts, or null when not paid that month. */
  amounts: Array<[number, number, number, number] | null>;
  notPaid: Array<{ month: IsoMonth; reason: 'invalid' | 'not_on_post'; because: string }>;
}

export function* clerksOver(range: PayrollRange): Generator<ClerkMonths> {
  const months = range.months.map((m) => m.month);
  for (const entry of range.entries) {
    const c: ClerkMonths = {
      who: { row: entry.row, staffId: entry.staffId, ...(entry.name ? { name: entry.name } : {}), ...(entry.center ? { center: entry.center } : {}) },
      ...(entry.employeeNo !== undefined ? { employeeNo: entry.employeeNo } : {}),
      ...(entry.idNumber !== undefined ? { idNumber: entry.idNumber } : {}),
      amounts: [],
      notPaid: [],
    };
    const pays = payEntryIn(entry, months, range.policy, range.duplicates);
    pays.forEach((pay, i) => {
      const month = months[i]!;
      if (pay.status === 'paid') {
        const l = pay.line;
        c.funding = l.funding;
        c.amounts.push([l.skillAllowance, l.seniorityAllowance, l.educationAllowance, l.allowanceTotal]);
      } else {
        c.amounts.push(null);
        c.notPaid.push({ month, reason: pay.status, because: pay.because });
      }
    });
    yield c;
  }
}

const cents = (n: number) => Math.round(n * 100);

export function rangeSheets(range: PayrollRange, meta: RunMeta): SheetOut[] {
  const title = `补贴汇总（${rangeLabel(range.months.map((m) => m.month))}）`;
  return [detailSheet(range, meta), groupsSheet(range, '年度汇总', title), notPaidSheet(range, meta, '未发放人员'), rangeIssuesSheet(range, meta), policySheet(meta)];
}

function detailSheet(range: PayrollRange, meta: RunMeta): SheetOut {
  const months = range.months.map((m) => m.month);
  const monthColumns: ColumnOut[] = months.flatMap((m) => MONTH_ITEMS.map(([, label]) => ({ header: `${m} ${label}`, width: 10, kind: 'money' as const })));
  const first = 7;
  const sumColumns = [...monthColumns.map((_, i) => first + i), first + monthColumns.length];
  const clerks = range.months.reduce((n, m) => n + m.totals.clerks, 0);
  return {
    name: '月度明细',
    title: `政务服务办事员补贴月度明细（${rangeLabel(months)}）`,
    subtitle: `${months.length} 个月，共计发 ${clerks} 人次；依据：${meta.policy.file.document}；生成：${chinaTimestamp(meta.generatedAt)}；空白为该月未发放（原因见最后一列）`,
    columns: [
      ...PERSON_COLUMNS,
      { header: '资金渠道', width: 12, repeats: true },
      { header: '花名册行号', width: 8, kind: 'int' },
      ...monthColumns,
      { header: '期间合计', width: 12, kind: 'money' },
      { header: '未发放的月份', width: 40 },
    ],
    rows: (function* () {
      let n = 0;
      for (const c of clerksOver(range)) {
        if (c.amounts.every((a) => a === null)) continue; // listed in 未发放人员
        n += 1;
        const total = c.amounts.reduce((s, a) => s + (a ? cents(a[3]) : 0), 0) / 100;
        const notPaid = c.notPaid.length ? notPaidText(c.notPaid, months) : null;
        yield [
          n,
          c.employeeNo ?? null,
          c.who.name ?? null,
          c.idNumber ? (meta.maskIds ? maskId(c.idNumber) : c.idNumber) : null,
          c.who.center ?? null,
          c.funding ?? null,
          c.who.row,
          ...c.amounts.flatMap((a): CellOut[] => (a ? [...a] : [null, null, null, null])),
          total,
          notPaid,
        ];
      }
    })(),
    totals: { label: '合计', labelColumn: 2, sumColumns },
    print: { repeatColumns: 3, blocks: { from: first, size: MONTH_ITEMS.length } },
  };
}

function notPaidText(notPaid: ClerkMonths['notPaid'], all: readonly IsoMonth[]): string {
  const invalid = notPaid.filter((p) => p.reason === 'invalid').map((p) => p.month);
  const off = notPaid.filter((p) => p.reason === 'not_on_post').map((p) => p.month);
  return [...(off.length ? [`${monthRuns(off, all)} 不在岗`] : []), ...(invalid.length ? [`${monthRuns(invalid, all)} 数据有误`] : [])].join('；');
}

/** 年度汇总 (预算汇总): each group's allowance per month and over the range; people-months. */
export function groupsSheet(range: PayrollRange, name: string, title: string): SheetOut {
  const months = range.months;
  const rows: CellOut[][] = [];
  const add = (kind: string, name: string, pick: (m: PayrollMonth) => { n: number; total: number } | undefined) => {
    const per = months.map((m) => pick(m));
    const people = per.reduce((s, p) => s + (p?.n ?? 0), 0);
    const total = per.reduce((s, p) => s + cents(p?.total ?? 0), 0) / 100;
    rows.push([kind, name, people, ...per.map((p) => (p ? Math.round(p.total * 100) / 100 : 0)), total]);
  };
  const names = (key: 'byCenter' | 'byFunding') => [...new Set(months.flatMap((m) => [...m.groups[key].keys()]))];
  add('合计', '全部', (m) => ({ n: m.totals.clerks, total: m.totals.allowanceTotal }));
  for (const f of names('byFunding')) add('按资金渠道', f, (m) => m.groups.byFunding.get(f));
  for (const c of names('byCenter')) add('按中心', c, (m) => m.groups.byCenter.get(c)); // the roster's order, as a month's 汇总
  return {
    name,
    title,
    subtitle: '各月补贴合计（元）；人次 = 各月计发人数之和',
    columns: [
      { header: '分组方式', width: 12 },
      { header: '名称', width: 26 },
      { header: '人次', width: 8, kind: 'int' },
      ...months.map((m) => ({ header: m.month, width: 12, kind: 'money' as const })),
      { header: '期间合计', width: 14, kind: 'money' },
    ],
    rows,
    autoFilter: false,
  };
}

/** The rows paid in no month: those every month excluded (no need to pay them again). */
function neverPaid(range: PayrollRange): Array<{ first: Excluded; months: number }> {
  const [head, ...rest] = range.months;
  if (!head) return [];
  const sets = rest.map((m) => new Set(m.excluded.map((e) => e.row)));
  return head.excluded.filter((e) => sets.every((s) => s.has(e.row))).map((first) => ({ first, months: range.months.length }));
}

/** The rows paid in no month of the range, and why (未发放人员; 未计入人员 in a budget). */
export function notPaidSheet(range: PayrollRange, meta: RunMeta, name: string): SheetOut {
  const months = range.months.map((m) => m.month);
  return {
    name,
    subtitle: '整个期间一个月也没有计发的行；部分月份未发放的人在明细表最后一列',
    columns: [
      { header: '花名册行号', width: 8, kind: 'int' },
      { header: '人员', width: 20, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '所属中心', width: 24, repeats: true },
      { header: '原因', width: 16, repeats: true },
      { header: '说明', width: 80 },
    ],
    rows: neverPaid(range).map(({ first: e }) => [
      e.row,
      idShown(e.staffId, meta.maskIds) ?? null,
      e.name ?? null,
      e.center ?? null,
      e.reason === 'invalid' ? '数据有误' : '期间内均不在岗',
      e.reason === 'invalid' ? e.because : `${monthRuns(months, months)}：${e.because}`,
    ]),
    rowFill: { column: 4, fills: { 数据有误: 'FFFFE0E0' } },
  };
}

/** A range's findings, each once with the months it applies to; counted, read again on each pass. */
export interface RangeFindings extends Iterable<{ issue: Issue; months: string }> {
  readonly counts: Readonly<Record<Severity, number>>;
  /** The findings alone (the terminal's summary, the exit code). */
  readonly issues: FindingList;
}

/**
 * Every finding once, with the months it applies to (a row's own findings apply to every
 * month), errors first: what 数据问题, the JSON and the terminal's counts show. Found once, kept
 * in a spool: a finding on every row over five years is more than memory should hold.
 */
export function rangeIssues(range: PayrollRange): RangeFindings {
  let found = foundIssues.get(range);
  if (!found) foundIssues.set(range, (found = findRangeIssues(range)));
  return found;
}
const foundIssues = new WeakMap<PayrollRange, RangeFindings>();

/**
 * Each month's findings are sorted (errors first, then by row), so a merge of the months brings
 * the findings of one severity and row together, the months in order. Among those, the same
 * code, place and data is the same finding (its message is made from these alone): listed once,
 * at its first month's place, with every month it was found in. This is the order the findings
 * had when they were collected month by month into one list and then sorted (stable) by
 * severity and row; the table's own findings come first, in every month.
 */
function findRangeIssues(range: PayrollRange): RangeFindings {
  const all = range.months.map((m) => m.month);
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  const out = new Spool<{ issue: Issue; months: string }>();
  const table = sortedFindings(range.tableIssues ?? []);
  let group: Map<string, { issue: Issue; months: IsoMonth[] }> = new Map();
  const flush = () => {
    for (const { issue, months } of group.values()) {
      counts[severityOf(issue)] += 1;
      out.push({ issue, months: months.length === all.length ? `全部 ${all.length} 个月` : monthRuns(months, all) });
    }
    group = new Map();
  };
  let last: Issue | undefined;
  try {
    for (const { item: issue, stream } of mergeSorted([table, ...range.months.map((m) => m.issues)], compareIssues)) {
      if (last && compareIssues(last, issue) !== 0) flush();
      last = issue;
      const key = JSON.stringify([issue.code, issue.row, issue.staffId, issue.center, issue.clause, issue.data]);
      // Stream 0 is the table's: in every month's list.
      const found = stream === 0 ? all : [all[stream - 1]!];
      const seen = group.get(key);
      if (seen) seen.months.push(...found);
      else group.set(key, { issue, months: [...found] });
    }
    flush();
  } catch (e) {
    out.close();
    throw e;
  } finally {
    table.close();
  }
  return {
    counts,
    [Symbol.iterator]: () => out[Symbol.iterator](),
    issues: { counts, [Symbol.iterator]: () => mapIterable(out, (f) => f.issue)[Symbol.iterator]() },
  };
}

export function rangeIssuesSheet(range: PayrollRange, meta: RunMeta): SheetOut {
  return issuesSheetOver(rangeIssues(range), meta.maskIds);
}

export function rangeJson(range: PayrollRange, meta: RunMeta) {
  const mask = meta.maskIds;
  return {
    ...jsonHeader(meta),
    issues: mapIterable(rangeIssues(range), ({ issue, months }) => ({ ...issueForOutput(issue, mask), months })),
    months: mapIterable(range.months, (m) => ({
      month: m.month,
      totals: m.totals,
      // Streamed too: a month of a large roster is not built as one string (report/json.ts).
      clerks: mapIterable(m.lines, (l) => ({
        row: l.row,
        staffId: idShown(l.staffId, mask)!,
        ...(l.employeeNo !== undefined ? { employeeNo: l.employeeNo } : {}),
        name: l.name,
        center: l.center,
        skillAllowance: l.skillAllowance,
        seniorityAllowance: l.seniorityAllowance,
        educationAllowance: l.educationAllowance,
        allowanceTotal: l.allowanceTotal,
        funding: l.funding,
      })),
      excluded: mapIterable(m.excluded, (e) => ({ ...e, staffId: idShown(e.staffId, mask)! })),
    })),
    totals: {
      clerkMonths: range.months.reduce((n, m) => n + m.totals.clerks, 0),
      allowanceTotal: range.months.reduce((s, m) => s + cents(m.totals.allowanceTotal), 0) / 100,
    },
  };
}
