// A whole month's payroll over the roster (SPEC §4.1): who is paid, who is excluded and why,
// every issue, and the totals. Pure: parsed roster entries in, result out.
import { formatChineseDate, lastDayOfMonth, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import type { Issue, IssueCode } from '../issues/catalogue.js';
import type { Clerk } from '../domain.js';
import type { RosterEntry } from '../schema/roster.js';
import { payClerk, type PayrollLine, type TraceStep } from './payroll.js';
import type { PolicyView } from './policy-view.js';
import { checkCompliance, rowIssues } from './roster-checks.js';

export interface Excluded {
  row: number;
  staffId: string;
  name?: string;
  center?: string;
  reason: 'invalid' | 'not_on_post';
  codes: IssueCode[];
  because: string;
}

export interface PayrollTotals {
  clerks: number;
  skillAllowance: number;
  seniorityAllowance: number;
  educationAllowance: number;
  allowanceTotal: number;
  baseSalary: number;
  grossPay: number;
}

/** A paid line as kept for the whole run: the amounts, without the words. */
export type StoredLine = Omit<PayrollLine, 'trace' | 'issues'>;

export interface PayrollMonth {
  month: IsoMonth;
  lines: StoredLine[];
  /**
   * The trace of a line, derived again when an output needs it: keeping every clerk's
   * sentences for a million-row roster would cost more memory than the roster itself.
   */
  traceOf(line: StoredLine): TraceStep[];
  excluded: Excluded[];
  issues: Issue[];
  totals: PayrollTotals;
}

/** A month before the policy took effect cannot be paid under it (exit 2). */
export function assertMonthCovered(month: IsoMonth, policy: PolicyView, policyName: string): void {
  if (lastDayOfMonth(month) < policy.effective) {
    throw new UserError(
      `${month} 早于政策 ${policyName} 的生效日期 ${formatChineseDate(policy.effective)}，该政策不能用于计算这个月的补贴。请检查 --month（最早为 ${policy.effective.slice(0, 7)}）。`,
    );
  }
}

export function payrollMonth(entries: readonly RosterEntry[], month: IsoMonth, policy: PolicyView): PayrollMonth {
  const perRow = rowIssues(entries, policy);
  const issues: Issue[] = [];
  const lines: StoredLine[] = [];
  const excluded: Excluded[] = [];
  const clerks = new Map<number, Clerk>();

  for (const entry of entries) {
    const rowIssues = perRow.get(entry.row)!;
    // The reader's pay-blocking errors, plus duplicates and impossible dates: never paid.
    const blocking = [...entry.blocking, ...rowIssues.filter((i) => i.code === 'DUPLICATE_STAFF' || i.code === 'DATE_ORDER').map((i) => i.code)];
    const who = { row: entry.row, staffId: entry.staffId, ...(entry.name ? { name: entry.name } : {}), ...(entry.center ? { center: entry.center } : {}) };
    issues.push(...rowIssues);
    if (blocking.length > 0 || !entry.clerk) {
      excluded.push({
        ...who,
        reason: 'invalid',
        codes: [...new Set(blocking)],
        because: `数据有误，本月不予计发：${rowIssues.filter((i) => i.severity === 'error').map((i) => i.message.replace(/^第 \d+ 行（[^）]*）：/, '')).join('；')}`,
      });
      continue;
    }
    const outcome = payClerk(entry.clerk, month, policy);
    if (!outcome.paid) {
      excluded.push({ ...who, reason: 'not_on_post', codes: [], because: `本月不在岗：${outcome.because}` });
      continue;
    }
    const { trace: _trace, issues: lineIssues, ...line } = outcome.line;
    issues.push(...lineIssues, ...checkCompliance(entry.clerk, line.evaluationDate, policy));
    lines.push(line);
    clerks.set(entry.row, entry.clerk);
  }
  const traceOf = (line: StoredLine): TraceStep[] => {
    const again = payClerk(clerks.get(line.row)!, month, policy);
    return again.paid ? again.line.trace : [];
  };
  return { month, lines, traceOf, excluded, issues: sortIssues(issues), totals: totalsOf(lines) };
}

const SEVERITY_ORDER = { error: 0, warning: 1, info: 2 } as const;

export function sortIssues(issues: Issue[]): Issue[] {
  return issues
    .map((issue, i) => ({ issue, i }))
    .sort((a, b) => SEVERITY_ORDER[a.issue.severity] - SEVERITY_ORDER[b.issue.severity] || (a.issue.row ?? 0) - (b.issue.row ?? 0) || a.i - b.i)
    .map((x) => x.issue);
}

export function totalsOf(lines: readonly StoredLine[]): PayrollTotals {
  const sum = (f: (l: StoredLine) => number) => Math.round(lines.reduce((s, l) => s + f(l) * 100, 0)) / 100;
  return {
    clerks: lines.length,
    skillAllowance: sum((l) => l.skillAllowance),
    seniorityAllowance: sum((l) => l.seniorityAllowance),
    educationAllowance: sum((l) => l.educationAllowance),
    allowanceTotal: sum((l) => l.allowanceTotal),
    baseSalary: sum((l) => l.baseSalary ?? 0),
    grossPay: sum((l) => l.grossPay ?? 0),
  };
}
