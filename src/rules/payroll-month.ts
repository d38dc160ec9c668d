// A whole month's payroll over the roster (docs/contract.md §4.1): who is paid, who is excluded and why,
// every issue, and the totals. Pure: parsed roster entries in, result out.
import { formatChineseDate, lastDayOfMonth, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { messageWithoutLocation, severityOf, type Issue, type IssueCode } from '../issues/catalogue.js';
import { Findings, sortedFindings, type FindingList } from '../issues/findings.js';
import type { Level } from '../domain.js';
import type { RosterEntry } from '../schema/roster.js';
import { payClerk, type PayFacts, type PayrollLine } from './payroll.js';
import type { PolicyView } from './policy-view.js';
import { findDuplicates, type Duplicates } from './identity.js';
import { checkCompliance, rowIssues } from './clerk-conditions.js';

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

/** A paid line as written out: the amounts, without the words. */
export type StoredLine = Omit<PayrollLine, 'facts' | 'issues'>;

/** Sums over a group of paid lines (a centre, a level, a funding channel, everyone). */
export interface GroupSums {
  n: number;
  skill: number;
  seniority: number;
  education: number;
  total: number;
  base: number;
  gross: number;
}

export interface PayrollMonth {
  month: IsoMonth;
  /**
   * The paid lines in roster order, computed again on each pass over the roster: a
   * million-clerk month is never held in memory, only what the summaries need.
   */
  lines: Iterable<StoredLine>;
  /** The same lines with the facts behind them (计算依据, --explain, JSON). */
  traced: Iterable<{ line: StoredLine; facts: PayFacts }>;
  excluded: Excluded[];
  /** Sorted (errors first, then by row); a bounded store: a finding on every row of a long range stays on disk. */
  issues: FindingList;
  totals: PayrollTotals;
  groups: { byCenter: Map<string, GroupSums & { level: Level }>; byLevel: Map<Level, GroupSums>; byFunding: Map<string, GroupSums>; all: Map<'全部', GroupSums> };
  /** Some paid line has a 基本工资 (the 基本工资/应发合计 columns are shown). */
  anyBaseSalary: boolean;
}

/** Whether the policy was in force in some day of `month`. */
export function monthCovered(month: IsoMonth, policy: PolicyView): boolean {
  return lastDayOfMonth(month) >= policy.effective;
}

/** A month before the policy took effect cannot be paid under it (exit 2). */
export function assertMonthCovered(month: IsoMonth, policy: PolicyView, policyName: string): void {
  if (!monthCovered(month, policy)) {
    throw new UserError(
      `${month} 早于政策 ${policyName} 的生效日期 ${formatChineseDate(policy.effective)}，该政策不能用于计算这个月的补贴。请检查 --month（最早为 ${policy.effective.slice(0, 7)}）。`,
    );
  }
}

/**
 * Pays every entry of the roster for `month`. `entries` is read more than once (a spool or an
 * array); `duplicates` comes from the reader, or is found here when not given.
 */
export function payrollMonth(entries: Iterable<RosterEntry>, month: IsoMonth, policy: PolicyView, duplicates?: Duplicates): PayrollMonth {
  const acc = new MonthAccumulator(month, policy, duplicates ?? findDuplicates(entries));
  for (const entry of entries) acc.add(entry);
  return acc.result(entries);
}

/**
 * The same month, paid while the roster is still being read: `add` each entry as it arrives,
 * then `finish` with all of them and the duplicates found. Rows are paid as if there were no
 * duplicates (none are known until the last row); if there turn out to be some, the month is
 * paid again with them, so the result always equals payrollMonth's.
 */
export function payrollMonthAsRead(month: IsoMonth, policy: PolicyView): MonthAsRead {
  const early = new MonthAccumulator(month, policy, NO_DUPLICATES);
  return {
    add: (entry) => early.add(entry),
    addPaid: (entry, own, pay) => early.take(entry, own, pay),
    finish: (entries, duplicates) => (duplicates.rows.size === 0 ? early.result(entries) : payrollMonth(entries, month, policy, duplicates)),
  };
}

/** A month being paid as the roster is read (see payrollMonthAsRead). */
export interface MonthAsRead {
  add(entry: RosterEntry): void;
  /** The same, for a row the caller already paid for this month (payEntryIn, no duplicates known yet). */
  addPaid(entry: RosterEntry, own: Issue[], pay: EntryPay): void;
  finish(entries: Iterable<RosterEntry>, duplicates: Duplicates): PayrollMonth;
}

/**
 * Several months over one read of the roster (a range, a budget): each equals payrollMonth's.
 * A row is paid for all the months at once (payEntryIn): its own findings are made once, and a
 * row not paid for its data is one exclusion shared by every month, not sixty copies (a roster
 * whose every row is wrong, over five years).
 */
export function payrollMonthsAsRead(months: readonly IsoMonth[], policy: PolicyView): { add(entry: RosterEntry): void; finish(entries: Iterable<RosterEntry>, duplicates: Duplicates): PayrollMonth[] } {
  const accumulate = (dups: Duplicates) => {
    const accs = months.map((m) => new MonthAccumulator(m, policy, dups));
    const add = (entry: RosterEntry) => {
      const own = rowIssues(entry, dups, policy);
      let before: EntryPay | undefined;
      payEntryIn(entry, months, policy, dups, own).forEach((pay, i) => {
        // Not paid as the month before, in the same words (left in 2021, for each month since): the same exclusion.
        const same = before && before.status === pay.status && pay.status !== 'paid' && (before as { because: string }).because === pay.because;
        accs[i]!.take(entry, own, (before = same ? before! : pay));
      });
    };
    return { accs, add };
  };
  const early = accumulate(NO_DUPLICATES);
  return {
    add: early.add,
    finish: (entries, duplicates) => {
      if (duplicates.rows.size === 0) return early.accs.map((acc) => acc.result(entries));
      const again = accumulate(duplicates);
      for (const entry of entries) again.add(entry);
      return again.accs.map((acc) => acc.result(entries));
    },
  };
}

/** One exclusion per row paid nothing for its data, whichever months share it (see payrollMonthsAsRead). */
const exclusionOf = new WeakMap<EntryPay, Excluded>();

/**
 * Every row read is paid or listed as not paid, once (README 安全). Checked on every run before
 * anything is written: if it ever fails, nothing is paid on a sheet that lost a row (exit 2).
 */
export function assertEveryRowAccounted(rowsRead: number, month: Pick<PayrollMonth, 'totals' | 'excluded'>): void {
  const accounted = month.totals.clerks + month.excluded.length;
  if (accounted !== rowsRead) {
    throw new Error(`读入 ${rowsRead} 行，但计发 ${month.totals.clerks} 行、未发放 ${month.excluded.length} 行，合计 ${accounted} 行，两者不等；为防止漏发或重发，没有写出任何结果`);
  }
}

/** Who a roster row is, as the excluded list and the changes name them. */
export interface Who {
  row: number;
  staffId: string;
  name?: string;
  center?: string;
}

/**
 * Findings of a whole row that hold its pay: a duplicate (never pay twice), 离岗 before 上岗 and
 * 上岗 before the working age (the dates that decide whether and how long the clerk was on post
 * are wrong). A certificate dated before the working age does not: the amount does not depend on
 * it (seniority counts from the later of 取证 and 连续工作起始, and 上岗 is checked on its own).
 */
export const HOLDS_PAY: ReadonlySet<IssueCode> = new Set<IssueCode>(['DUPLICATE_STAFF', 'DATE_ORDER', 'START_BEFORE_WORKING_AGE']);

/** One roster row in one month: paid, not on post, or not paid because its data are wrong. */
export type EntryPay =
  | { status: 'paid'; who: Who; line: PayrollLine }
  | { status: 'not_on_post'; who: Who; because: string }
  | { status: 'invalid'; who: Who; codes: IssueCode[]; because: string };

/**
 * Pays one roster row for `month`: the row's own findings (the same every month) and what it
 * is paid. The reader's pay-blocking errors, duplicates and impossible dates are never paid.
 */
export function payEntry(entry: RosterEntry, month: IsoMonth, policy: PolicyView, dups: Duplicates): { own: Issue[]; pay: EntryPay } {
  const own = rowIssues(entry, dups, policy);
  return { own, pay: payEntryIn(entry, [month], policy, dups, own)[0]! };
}

/** The same row in several months (a range, a budget): its own findings are made once. */
export function payEntryIn(entry: RosterEntry, months: readonly IsoMonth[], policy: PolicyView, dups: Duplicates, own = rowIssues(entry, dups, policy)): EntryPay[] {
  const blocking = [...entry.blocking, ...own.filter((i) => HOLDS_PAY.has(i.code)).map((i) => i.code)];
  const who: Who = { row: entry.row, staffId: entry.staffId, ...(entry.name ? { name: entry.name } : {}), ...(entry.center ? { center: entry.center } : {}) };
  if (blocking.length > 0 || !entry.clerk) {
    const because = `数据有误，本月不予计发：${own.filter((i) => severityOf(i) === 'error').map((i) => messageWithoutLocation(i)).join('；')}`;
    const invalid: EntryPay = { status: 'invalid', who, codes: [...new Set(blocking)], because };
    return months.map(() => invalid);
  }
  const clerk = entry.clerk;
  return months.map((month): EntryPay => {
    const outcome = payClerk(clerk, month, policy);
    return outcome.paid ? { status: 'paid', who, line: outcome.line } : { status: 'not_on_post', who, because: `本月不在岗：${outcome.because}` };
  });
}

/** No row is a duplicate: what a roster is assumed to be until it has been read to the end. */
export const NO_DUPLICATES: Duplicates = { rows: new Set(), findings: () => [] };

/** The month built one entry at a time; duplicates must be known up front (see payrollMonthAsRead). */
class MonthAccumulator {
  private readonly issues = new Findings();
  private readonly excluded: Excluded[] = [];
  private readonly totals = new Totals();
  private readonly groups: PayrollMonth['groups'] = {
    byCenter: new Map(),
    byLevel: new Map(),
    byFunding: new Map(),
    all: new Map(),
  };
  private anyBaseSalary = false;

  constructor(
    private readonly month: IsoMonth,
    private readonly policy: PolicyView,
    private readonly dups: Duplicates,
  ) {}

  add(entry: RosterEntry): void {
    const { own, pay } = payEntry(entry, this.month, this.policy, this.dups);
    this.take(entry, own, pay);
  }

  /** A row already paid for this month: its findings, and its line or its exclusion. */
  take(entry: RosterEntry, own: Issue[], pay: EntryPay): void {
    this.issues.pushAll(own);
    if (pay.status !== 'paid') {
      let excluded = exclusionOf.get(pay);
      if (!excluded) exclusionOf.set(pay, (excluded = { ...pay.who, reason: pay.status, codes: pay.status === 'invalid' ? pay.codes : [], because: pay.because }));
      this.excluded.push(excluded);
      return;
    }
    const line = pay.line;
    this.issues.pushAll(line.issues);
    this.issues.pushAll(checkCompliance(entry.clerk!, line.evaluationDate, this.policy));
    this.totals.add(line);
    addTo(this.groups.byCenter, line.center, line, { level: line.level });
    addTo(this.groups.byLevel, line.level, line);
    addTo(this.groups.byFunding, line.funding, line);
    addTo(this.groups.all, '全部', line);
    if (line.baseSalary !== null) this.anyBaseSalary = true;
  }

  /** The month, once every entry was added; `entries` (the same ones) are paid again for output. */
  result(entries: Iterable<RosterEntry>): PayrollMonth {
    const { month, policy } = this;
    // Later passes pay the same entries again (pure and cheap) instead of keeping every line.
    const notPaid = new Set(this.excluded.map((e) => e.row));
    function* paid(): Generator<PayrollLine> {
      for (const entry of entries) {
        if (notPaid.has(entry.row) || !entry.clerk) continue;
        const outcome = payClerk(entry.clerk, month, policy);
        if (outcome.paid) yield outcome.line;
      }
    }
    const lines: Iterable<StoredLine> = {
      *[Symbol.iterator]() {
        for (const { facts: _f, issues: _i, ...line } of paid()) yield line;
      },
    };
    const traced: Iterable<{ line: StoredLine; facts: PayFacts }> = {
      *[Symbol.iterator]() {
        for (const { facts, issues: _i, ...line } of paid()) yield { line, facts };
      },
    };
    const issues = sortedFindings(this.issues);
    this.issues.close();
    return {
      month,
      lines,
      traced,
      excluded: this.excluded,
      issues,
      totals: this.totals.value(),
      groups: this.groups,
      anyBaseSalary: this.anyBaseSalary,
    };
  }
}

function addTo<K, G extends GroupSums>(m: Map<K, G>, key: K, l: StoredLine, extra?: Omit<G, keyof GroupSums>): void {
  let a = m.get(key);
  if (!a) m.set(key, (a = { ...extra, n: 0, skill: 0, seniority: 0, education: 0, total: 0, base: 0, gross: 0 } as G));
  a.n += 1;
  a.skill += l.skillAllowance;
  a.seniority += l.seniorityAllowance;
  a.education += l.educationAllowance;
  a.total += l.allowanceTotal;
  a.base += l.baseSalary ?? 0;
  a.gross += l.grossPay ?? 0;
}

/** Totals summed in cents as lines arrive, rounded once at the end. */
class Totals {
  private n = 0;
  private readonly cents = { skill: 0, seniority: 0, education: 0, total: 0, base: 0, gross: 0 };
  add(l: StoredLine): void {
    this.n += 1;
    this.cents.skill += l.skillAllowance * 100;
    this.cents.seniority += l.seniorityAllowance * 100;
    this.cents.education += l.educationAllowance * 100;
    this.cents.total += l.allowanceTotal * 100;
    this.cents.base += (l.baseSalary ?? 0) * 100;
    this.cents.gross += (l.grossPay ?? 0) * 100;
  }
  value(): PayrollTotals {
    const y = (c: number) => Math.round(c) / 100;
    const c = this.cents;
    return {
      clerks: this.n,
      skillAllowance: y(c.skill),
      seniorityAllowance: y(c.seniority),
      educationAllowance: y(c.education),
      allowanceTotal: y(c.total),
      baseSalary: y(c.base),
      grossPay: y(c.gross),
    };
  }
}
