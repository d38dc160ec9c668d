// Runs policy cases through the same readers and rules as real files: a case's clerk is a
// roster row (parsed by schema/roster.ts), its centre a 中心表 row, its months rating cells.
// Pure apart from the policy view handed in: case in, what differed out.
import { lastDayOfMonth, yearEnd, type IsoDate } from '../calendar.js';
import { UserError } from '../errors.js';
import { EMPTY, textCell, type Cell } from '../io/cell.js';
import { matchHeader, type DataRow, type TableSpec } from '../io/table.js';
import { messageWithoutLocation, SEVERITY_LABEL, severityOf, type Issue } from '../issues/catalogue.js';
import { GRADE_LABEL } from '../domain.js';
import { gradeClerk, monthlyQuota, type RatedClerk } from '../rules/annual.js';
import { payrollMonth } from '../rules/payroll-month.js';
import type { PolicyView } from '../rules/policy-view.js';
import { checkRoster } from '../rules/roster-check.js';
import { checkStaffing } from '../rules/staffing.js';
import { CENTERS, parseCenterRow } from '../schema/centers.js';
import { parseRating, type Rating } from '../schema/ratings.js';
import { parseRosterRow, ROSTER, type RosterEntry } from '../schema/roster.js';
import type { AnnualCase, ExpectedFinding, PayrollCase, PolicyCase, QuotaCase, RosterCase, StaffingCase } from './case-file.js';

export interface Mismatch {
  field: string;
  expected: string;
  actual: string;
}

export interface CaseResult {
  name: string;
  kind: PolicyCase['kind'];
  clause?: string;
  ok: boolean;
  mismatches: Mismatch[];
}

export function runCase(c: PolicyCase, policy: PolicyView): CaseResult {
  const mismatches =
    c.kind === 'payroll' ? payrollCase(c, policy)
    : c.kind === 'annual' ? annualCase(c, policy)
    : c.kind === 'quota' ? quotaCase(c, policy)
    : c.kind === 'staffing' ? staffingCase(c, policy)
    : rosterCase(c, policy);
  return { name: c.name, kind: c.kind, ok: mismatches.length === 0, mismatches, ...(c.clause ? { clause: c.clause } : {}) };
}

type Fields = Record<string, string | number | boolean | null>;

/** What a roster case may leave out: a clerk needs a name and a centre to be read at all. */
const ROSTER_DEFAULTS: Fields = { 姓名: '用例人员', 所属中心: '示例镇便民服务中心' };

function payrollCase(c: PayrollCase, policy: PolicyView): Mismatch[] {
  const { month } = c.payroll;
  const entry = rosterEntry(c.name, c.payroll.clerk, policy, lastDayOfMonth(month));
  const result = payrollMonth([entry], month, policy);
  const [line] = [...result.lines];
  const e = c.expect;
  const check = new Checker();
  check.value('发放', e.发放, line ? '是' : '否');
  if (line) {
    check.value('技能补贴', e.技能补贴, line.skillAllowance);
    check.value('年限补贴', e.年限补贴, line.seniorityAllowance);
    check.value('学历补贴', e.学历补贴, line.educationAllowance);
    check.value('补贴合计', e.补贴合计, line.allowanceTotal);
    check.value('应发合计', e.应发合计, line.grossPay);
    check.value('连续工作年限', e.连续工作年限, line.seniorityYears);
    check.value('试用期', e.试用期, line.onProbation ? '是' : '否');
    check.value('资金渠道', e.资金渠道, line.funding);
  } else {
    for (const item of ['技能补贴', '年限补贴', '学历补贴', '补贴合计', '应发合计', '连续工作年限', '试用期', '资金渠道'] as const) {
      if (e[item] !== undefined) check.fail(item, e[item], `不发放（${result.excluded[0]?.because ?? ''}）`);
    }
  }
  check.findings(e.findings, [...result.issues]);
  return check.mismatches;
}

/** Twelve ratings from 好好般差停_… (one character a month) or a list of labels. */
const SHORT: Record<string, string> = { 好: '好', 般: '一般', 差: '差', 停: '暂停', _: '', '＿': '' };

function annualCase(c: AnnualCase, policy: PolicyView): Mismatch[] {
  const { year } = c.annual;
  const labels = typeof c.annual.months === 'string' ? [...c.annual.months.replace(/\s+/g, '')].map((ch) => SHORT[ch] ?? ch) : c.annual.months.map((m) => m ?? '');
  if (labels.length !== 12) throw new UserError(`用例“${c.name}”的 months 应有 12 个月的等次（好/般/差/停/_ 各占一个月），实际 ${labels.length} 个。`);
  const months = labels.map((l, i): Rating => {
    const r = parseRating(textCell(l));
    if (r === null) throw new UserError(`用例“${c.name}”第 ${i + 1} 个月的等次“${l}”无法识别，应为 好、一般、差、暂停 或空白。`);
    return r;
  });
  const entry = c.annual.roster ? rosterEntry(c.name, c.annual.roster, policy, yearEnd(year)) : undefined;
  if (entry && !entry.clerk) throw new UserError(`用例“${c.name}”的 roster 无法读取：${entry.issues.map(messageWithoutLocation).join('；') || '缺少必填项'}。`);
  const rated: RatedClerk = { staffId: entry?.staffId ?? '用例人员', name: entry?.name ?? '用例人员', row: 2, months };
  const { result, issues } = gradeClerk(rated, policy, { year, ...(entry?.clerk ? { roster: new Map([[rated.staffId, entry.clerk]]) } : {}) });
  const e = c.expect;
  const check = new Checker();
  check.value('等次', e.等次, GRADE_LABEL[result.grade]);
  if (e.等次范围) check.value('等次范围', e.等次范围.join('~'), result.gradeRange ? result.gradeRange.map((g) => GRADE_LABEL[g]).join('~') : '无');
  if (e.建议) check.value('建议', e.建议.join('、') || '无', result.recommendations.join('、') || '无');
  check.findings(e.findings, [...(entry?.issues ?? []), ...issues]);
  return check.mismatches;
}

function quotaCase(c: QuotaCase, policy: PolicyView): Mismatch[] {
  const { month, staff, good } = c.quota;
  if (good > staff) throw new UserError(`用例“${c.name}”的 good（${good}）多于 staff（${staff}）。`);
  const year = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7)) - 1;
  const clerks: RatedClerk[] = Array.from({ length: staff }, (_, i) => ({
    staffId: `Q${i}`,
    name: `Q${i}`,
    center: '用例中心',
    row: i + 2,
    months: Array.from({ length: 12 }, (_, k): Rating => (k === m ? (i < good ? 'good' : 'fair') : 'none')),
  }));
  const row = monthlyQuota(clerks, year, policy).quota.find((q) => q.month === month)!;
  const check = new Checker();
  check.value('上限', c.expect.上限, row.limit);
  check.value('符合', c.expect.符合, row.ok ? '是' : '否');
  return check.mismatches;
}

function staffingCase(c: StaffingCase, policy: PolicyView): Mismatch[] {
  const entry = parseCenterRow(dataRow(c.name, c.staffing.center, CENTERS), false);
  if (!entry.center) throw new UserError(`用例“${c.name}”的 center 无法读取：${entry.issues.map(messageWithoutLocation).join('；')}。`);
  const check = new Checker();
  check.findings(c.expect.findings, [...entry.issues, ...checkStaffing([entry.center], c.staffing.as_of, policy).issues]);
  return check.mismatches;
}

function rosterCase(c: RosterCase, policy: PolicyView): Mismatch[] {
  const entry = rosterEntry(c.name, c.roster.clerk, policy, c.roster.as_of);
  const check = new Checker();
  check.findings(c.expect.findings, checkRoster([entry], c.roster.as_of, policy).issues);
  return check.mismatches;
}

function rosterEntry(name: string, clerk: Fields, policy: PolicyView, asOf: IsoDate): RosterEntry {
  const row = dataRow(name, { ...ROSTER_DEFAULTS, ...clerk }, ROSTER);
  return parseRosterRow(row, { clauseOf: (p) => policy.at(p, asOf).clause, levelWarned: new Set() });
}

/** A case's fields as one data row of `spec`, matched by header exactly as a file's would be. */
function dataRow(name: string, fields: Fields, spec: TableSpec): DataRow {
  const headers = Object.keys(fields);
  const { columns, duplicates } = matchHeader(headers.map((h) => textCell(h)), spec);
  const unknown = headers.filter((_, i) => ![...columns.values()].includes(i) && !duplicates.some((d) => d.header === headers[i]));
  if (unknown.length) {
    throw new UserError(`用例“${name}”中的列“${unknown.join('”“')}”不是${spec.label}的列；可用的列：${spec.columns.map((c) => c.header).join('、')}。`);
  }
  if (duplicates.length) throw new UserError(`用例“${name}”中“${duplicates[0]!.header}”与“${duplicates[0]!.first}”是同一列，只保留一个。`);
  const cells = headers.map((h) => cellOf(fields[h]!));
  return { row: 2, get: (key) => cells[columns.get(key) ?? -1] ?? EMPTY };
}

function cellOf(v: string | number | boolean | null): Cell {
  if (v === null) return EMPTY;
  if (typeof v === 'number') return { t: 'number', v };
  if (typeof v === 'boolean') return textCell(v ? '是' : '否');
  return textCell(v);
}

/** Collects what differs from the expectations a case states (unstated ones are not checked). */
class Checker {
  readonly mismatches: Mismatch[] = [];
  value(field: string, expected: string | number | null | undefined, actual: string | number | null): void {
    if (expected === undefined) return;
    if (expected !== actual) this.fail(field, expected, actual);
  }
  fail(field: string, expected: string | number | null, actual: string | number | null): void {
    this.mismatches.push({ field, expected: shown(expected), actual: shown(actual) });
  }
  /** The codes raised, as a set: every expected one and no other; and the severity and clause asked for. */
  findings(expected: readonly ExpectedFinding[] | undefined, issues: readonly Issue[]): void {
    if (expected === undefined) return;
    const codeOf = (f: ExpectedFinding) => (typeof f === 'string' ? f : f.code);
    const want = [...new Set(expected.map(codeOf))].sort();
    const got = [...new Set(issues.map((i) => i.code))].sort();
    if (want.join() !== got.join()) this.fail('findings', want.join('、') || '无', got.join('、') || '无');
    for (const f of expected) {
      if (typeof f === 'string') continue;
      const raised = issues.filter((i) => i.code === f.code);
      if (raised.length === 0) continue; // said above
      if (f.级别 !== undefined) this.value(`${f.code} 级别`, f.级别, [...new Set(raised.map((i) => SEVERITY_LABEL[severityOf(i)]))].join('、'));
      if (f.条款 !== undefined) this.value(`${f.code} 条款`, f.条款, [...new Set(raised.map((i) => i.clause ?? '无'))].join('、'));
    }
  }
}

function shown(v: string | number | null): string {
  return v === null ? '无' : typeof v === 'number' ? String(v) : v.trim() || '（空）';
}
