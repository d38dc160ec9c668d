// What changed in a clerk's allowances from one month to the next, and why (issue 13, 变动).
// Each difference is split by item and cause, so a clerk's rows add up to the change in their
// total and every clerk's rows to the change in the month's total. Pure: the two months'
// EntryPay of one roster row in, rows out.
import type { IsoMonth } from '../calendar.js';
import { EDUCATION_LABEL, SKILL_GRADE_LABEL, SOCIAL_WORK_LABEL } from '../domain.js';
import type { IssueCode } from '../issues/catalogue.js';
import type { IssuedRow } from '../schema/issued.js';
import type { RosterEntry } from '../schema/roster.js';
import type { Duplicates } from './identity.js';
import type { PayItem, SkillPaid } from './pay-items.js';
import { NO_DUPLICATES, payEntryIn, payrollMonthAsRead, type EntryPay, type PayrollMonth, type Who } from './payroll-month.js';
import { rowIssues } from './clerk-conditions.js';
import type { PayrollLine } from './payroll.js';
import type { PolicyView } from './policy-view.js';

export type ChangeKind =
  | 'started'
  | 'left'
  | 'probation_ended'
  | 'probation_started'
  | 'certificate'
  | 'seniority_tier'
  | 'education'
  | 'policy_value'
  | 'stopped'
  | 'resumed'
  | 'unexplained';

export const CHANGE_LABEL: Record<ChangeKind, string> = {
  started: '新上岗',
  left: '离岗',
  probation_ended: '试用期结束',
  probation_started: '进入试用期',
  certificate: '取得或升级证书',
  seniority_tier: '年限跨档',
  education: '学历变化',
  policy_value: '政策标准调整',
  stopped: '改为不发放',
  resumed: '恢复发放',
  unexplained: '花名册无法解释',
};

export interface PayChange {
  who: Who;
  kind: ChangeKind;
  /** The items whose amounts changed for this cause (all paid items when the clerk starts or leaves). */
  items: PayItem[];
  before: number;
  after: number;
  delta: number;
  clause: string;
  /** What changed, for the reader: 二级 → 一级, 满1年 → 满5年, the data error… */
  detail: string;
  codes?: IssueCode[];
}

const ITEMS: readonly PayItem[] = ['skillAllowance', 'seniorityAllowance', 'educationAllowance'];
const cents = (n: number) => Math.round(n * 100);
const yuan = (c: number) => c / 100;

/** The rows explaining one clerk's change from `before` to `after` (none when nothing changed). */
export function clerkChanges(before: EntryPay, after: EntryPay): PayChange[] {
  const who = after.who;
  if (before.status === 'paid' && after.status === 'paid') return itemChanges(who, before.line, after.line);
  if (after.status === 'paid') {
    const line = after.line;
    if (before.status === 'invalid') return [whole(who, 'resumed', line, 'in', `上月数据有误未发放，本月恢复：${summary(line)}`)];
    return [whole(who, 'started', line, 'in', `${line.facts.clerk.startDate} 上岗，本月起计发：${summary(line)}`)];
  }
  if (before.status === 'paid') {
    const line = before.line;
    if (after.status === 'invalid') return [{ ...whole(who, 'stopped', line, 'out', after.because), codes: after.codes }];
    const left = line.facts.clerk.leaveDate;
    return [whole(who, 'left', line, 'out', left ? `${left} 离岗，本月起不再计发` : '本月不在岗')];
  }
  return [];
}

/** A clerk who starts, leaves, stops or resumes: the whole of `line` comes `in` or goes `out`. */
function whole(who: Who, kind: ChangeKind, line: PayrollLine, way: 'in' | 'out', detail: string): PayChange {
  const items = ITEMS.filter((i) => line[i] > 0);
  const total = cents(line.allowanceTotal);
  const [before, after] = way === 'in' ? [0, total] : [total, 0];
  return { who, kind, items, before: yuan(before), after: yuan(after), delta: yuan(after - before), clause: clausesOf(line, items), detail };
}

function itemChanges(who: Who, a: PayrollLine, b: PayrollLine): PayChange[] {
  const byKind = new Map<ChangeKind, PayChange>();
  for (const item of ITEMS) {
    if (cents(a[item]) === cents(b[item])) continue;
    const { kind, detail } = causeOf(item, a, b);
    let c = byKind.get(kind);
    if (!c) byKind.set(kind, (c = { who, kind, items: [], before: 0, after: 0, delta: 0, clause: '', detail: '' }));
    c.items.push(item);
    c.before = yuan(cents(c.before) + cents(a[item]));
    c.after = yuan(cents(c.after) + cents(b[item]));
    c.delta = yuan(cents(c.after) - cents(c.before));
    c.clause = clausesOf(b, c.items);
    c.detail = c.detail ? `${c.detail}；${detail}` : detail;
  }
  return [...byKind.values()];
}

/** Why `item` differs between line a (the earlier month) and line b. */
function causeOf(item: PayItem, a: PayrollLine, b: PayrollLine): { kind: ChangeKind; detail: string } {
  const heldA = a.facts.withheld.has(item);
  const heldB = b.facts.withheld.has(item);
  if (heldA && !heldB) return { kind: 'probation_ended', detail: `试用期结束${a.facts.clerk.probationEnd ? `（${a.facts.clerk.probationEnd}）` : ''}，${ITEM_LABEL[item]}起发` };
  if (!heldA && heldB) return { kind: 'probation_started', detail: `试用期内不发${ITEM_LABEL[item]}` };
  if (item === 'skillAllowance') {
    if (!sameSkill(a.skill, b.skill)) return { kind: 'certificate', detail: `技能等级 ${skillLabel(a.skill)} → ${skillLabel(b.skill)}` };
  } else if (item === 'seniorityAllowance') {
    if ((a.seniorityYears === null) !== (b.seniorityYears === null)) return { kind: 'certificate', detail: `${b.seniorityYears === null ? '不再持有' : '取得'}办事员证书，年限补贴${b.seniorityYears === null ? '停发' : '起算'}` };
    const [ta, tb] = [a.facts.seniority.bracket?.min_years, b.facts.seniority.bracket?.min_years];
    if (ta !== tb) return { kind: 'seniority_tier', detail: `连续工作 ${a.seniorityYears} 年 → ${b.seniorityYears} 年（${tierLabel(ta)} → ${tierLabel(tb)}）` };
  } else if (a.education !== b.education) {
    return { kind: 'education', detail: `学历 ${EDUCATION_LABEL[a.education]} → ${EDUCATION_LABEL[b.education]}` };
  }
  const from = b.facts[FACT_OF[item]].param.from;
  return { kind: 'policy_value', detail: `${ITEM_LABEL[item]}标准自 ${from} 起调整：${a[item]} → ${b[item]} 元` };
}

const ITEM_LABEL: Record<PayItem, string> = { skillAllowance: '技能补贴', seniorityAllowance: '年限补贴', educationAllowance: '学历补贴' };
const FACT_OF = { skillAllowance: 'skill', seniorityAllowance: 'seniority', educationAllowance: 'education' } as const;

function clausesOf(line: PayrollLine, items: readonly PayItem[]): string {
  return [...new Set(items.map((i) => line.facts[FACT_OF[i]].param.clause))].join('、');
}

function sameSkill(a: SkillPaid, b: SkillPaid): boolean {
  return a.source === b.source && (a.source === 'none' || a.grade === (b as typeof a).grade);
}

function skillLabel(s: SkillPaid): string {
  if (s.source === 'none') return '无';
  if (s.source === 'clerk_before_upgrade') return `${SKILL_GRADE_LABEL[s.grade]}（升级前的证书）`;
  return s.source === 'social_work' ? `${SKILL_GRADE_LABEL[s.grade]}（${SOCIAL_WORK_LABEL[s.cert]}折算）` : SKILL_GRADE_LABEL[s.grade];
}

function tierLabel(minYears: number | undefined): string {
  return minYears === undefined ? '无档' : `满${minYears}年档`;
}

function summary(line: PayrollLine): string {
  const paid = ITEMS.filter((i) => line[i] > 0).map((i) => `${ITEM_LABEL[i]} ${line[i]} 元`);
  const held = [...line.facts.withheld].map((i) => ITEM_LABEL[i]);
  return [...paid, ...(held.length ? [`试用期内不发${held.join('、')}`] : [])].join('，') || '各项为 0';
}

/** The allowance a clerk was paid in a month, for the changes (0 when not paid). */
export function paidTotal(p: EntryPay): number {
  return p.status === 'paid' ? p.line.allowanceTotal : 0;
}


/**
 * A month paid as the roster is read, with what 变动 needs of the month before: its total and
 * the changes, found as each row is paid (one pay of the row for both months, no pass of its
 * own over a large roster). Only the rows that changed are kept, not the earlier month's
 * findings. If the roster turns out to have duplicates, both are found again with them. Equal
 * to payrollMonth and clerkChanges row by row (property-tested).
 */
export function payrollWithChangesAsRead(
  month: IsoMonth,
  previous: IsoMonth,
  policy: PolicyView,
): { add(entry: RosterEntry): void; finish(entries: Iterable<RosterEntry>, duplicates: Duplicates): { month: PayrollMonth; previousTotal: number; changes: PayChange[] } } {
  const current = payrollMonthAsRead(month, policy);
  let cents = 0;
  let changes: PayChange[] = [];
  const compare = (a: EntryPay, b: EntryPay) => {
    cents += Math.round(paidTotal(a) * 100);
    changes.push(...clerkChanges(a, b));
  };
  return {
    add: (entry) => {
      const own = rowIssues(entry, NO_DUPLICATES, policy);
      const [a, b] = payEntryIn(entry, [previous, month], policy, NO_DUPLICATES, own) as [EntryPay, EntryPay];
      current.addPaid(entry, own, b);
      compare(a, b);
    },
    finish: (entries, duplicates) => {
      if (duplicates.rows.size > 0) {
        cents = 0;
        changes = [];
        for (const entry of entries) {
          const [a, b] = payEntryIn(entry, [previous, month], policy, duplicates) as [EntryPay, EntryPay];
          compare(a, b);
        }
      }
      return { month: current.finish(entries, duplicates), previousTotal: cents / 100, changes };
    },
  };
}

/**
 * Month `month` against what was actually issued for `previous` (--previous): first, for each
 * clerk, the difference between what was issued and what the roster as it stands now pays for
 * `previous` (a roster corrected after payment: 花名册无法解释), then the roster's own changes
 * from `previous` to `month`; last, people issued last month who are not in the roster at all.
 * The rows add up to total(month) − Σ issued.
 */
export function changesAgainstIssued(
  entries: Iterable<RosterEntry>,
  previous: IsoMonth,
  month: IsoMonth,
  policy: PolicyView,
  dups: Duplicates,
  issued: readonly IssuedRow[],
): Iterable<PayChange> {
  const byKey = new Map(issued.map((r) => [`${r.key.by}:${r.key.value}`, r]));
  return {
    *[Symbol.iterator]() {
      const matched = new Set<IssuedRow>();
      for (const entry of entries) {
        const [a, b] = payEntryIn(entry, [previous, month], policy, dups) as [EntryPay, EntryPay];
        const own = (entry.employeeNo !== undefined ? byKey.get(`employeeNo:${entry.employeeNo}`) : undefined) ?? (entry.idNumber !== undefined ? byKey.get(`idNumber:${entry.idNumber.toUpperCase()}`) : undefined);
        // Two roster rows with one 工号 are both unpaid (duplicates): the issued row is theirs once.
        const mine = own && !matched.has(own) ? own : undefined;
        if (mine) matched.add(mine);
        const roster = paidTotal(a);
        const wasIssued = mine?.total ?? 0;
        if (mine && a.status === 'invalid' && cents(wasIssued) !== 0) {
          // Issued last month, not payable now: the roster's data error (found now) stops it, whatever it said then.
          yield { who: a.who, kind: 'stopped', items: [], before: wasIssued, after: 0, delta: yuan(-cents(wasIssued)), clause: '', detail: `上月实发 ${wasIssued} 元（发放表第 ${mine.row} 行）；${a.because}`, codes: a.codes };
        } else if (cents(roster) !== cents(wasIssued)) {
          const why = mine
            ? `上月实发 ${wasIssued} 元（发放表第 ${mine.row} 行），按现在的花名册上月应为 ${roster} 元：花名册可能在发放后修改过`
            : `上月发放表中没有此人，按现在的花名册上月应发 ${roster} 元`;
          yield { who: a.who, kind: 'unexplained', items: [], before: wasIssued, after: roster, delta: yuan(cents(roster) - cents(wasIssued)), clause: '', detail: a.status === 'invalid' ? `${why}（现数据有误：${a.because}）` : why };
        }
        yield* clerkChanges(a, b);
      }
      for (const r of issued) {
        if (matched.has(r)) continue;
        const who: Who = { row: r.rosterRow ?? 0, staffId: r.key.value, name: r.name, ...(r.center !== undefined ? { center: r.center } : {}) };
        yield { who, kind: 'unexplained', items: [], before: r.total, after: 0, delta: yuan(0 - cents(r.total)), clause: '', detail: `上月发放表第 ${r.row} 行有此人（实发 ${r.total} 元），现在的花名册中没有（${r.key.by === 'employeeNo' ? '工号' : '身份证号'}对不上）` };
      }
    },
  };
}
