// Annual grades from twelve monthly ratings, and the monthly 20% quota (docs/contract.md §4.2,
// policy 二(二)8). Pure: rated clerks (and optionally their roster records) in, grades out.
import { addYears, monthIn, yearEnd, yearStart, type IsoDate } from '../calendar.js';
import type { ParamValue } from '../policy/schema.js';
import { GRADE_LABEL, GRADE_ORDER, hasClerkCertificate, type Clerk, type Grade, type PartialYear } from '../domain.js';
import { makeIssue, type Issue, type PlaceData } from '../issues/catalogue.js';
import { monthsOfYear, type CollectedClerk, type Rating } from '../schema/ratings.js';
import type { RosterEntry } from '../schema/roster.js';
import { rosterLookup } from './identity.js';
import { onPostInMonth } from './pay-items.js';
import type { PolicyView } from './policy-view.js';
import type { OnPost } from './filings.js';
import { centerKey } from './staffing.js';


export interface RatedClerk {
  staffId: string;
  employeeNo?: string;
  idNumber?: string;
  name: string;
  center?: string;
  row: number; // first source row
  /** The file of that row, when the run names files (several inputs). */
  file?: string;
  months: Rating[]; // 12 entries, January first
}

/** Why gradeOf gave its grade: which of the four rules of 二(二)8(2) applied, with its counts. */
export type GradeReason =
  | { rule: 'consecutive_poor'; streak: number }
  | { rule: 'poor_in_year'; poor: number }
  | { rule: 'good_no_poor'; good: number; min: number }
  | { rule: 'literal_no_poor'; good: number; min: number; maxPoor: number }
  | { rule: 'few_poor'; poor: number; maxPoor: number }
  | { rule: 'too_many_poor'; poor: number };

export interface GradeStep {
  grade: Grade;
  why: GradeReason;
}

/** The facts behind an annual grade, from which report/annual-basis.ts writes the 依据. */
export interface GradeFacts {
  /** The clause of the grade thresholds (annual.grades). */
  clause: string;
  /** Months suspended or missing while on post: graded both ways. */
  unknownMonths: number;
  /** Unknown months counted as 好, and as 差. */
  best: GradeStep;
  worst: GradeStep;
  /** 待定: the clause that says a suspension waits for the investigation (annual.quota, 二(二)8(1)). */
  pendingClause?: string;
  /** 优秀 capped for a partial year: the grade given instead, and why the year was partial. */
  capped?: { to: Grade; clause: string; because: PartialYear };
  /** 建议换岗 for no clerk certificate past the deadline (hiring.cert_within_years). */
  certOverdue?: { years: number; clause: string };
  /** 连续考核末位 (annual.last_place), with the years' places (rules/career.ts): 建议换岗, or for a person to decide when too many tied. */
  lastPlace?: { years: number; places: PlaceData[]; decision: 'rotate' | 'review'; clause: string };
}

/** Why a year counts as partial: the roster's start date, or (without a roster) months without ratings. */
export type { PartialYear };

export interface AnnualResult {
  row: number;
  /** The file of `row`, when the run names files (several inputs). */
  file?: string;
  staffId: string;
  employeeNo?: string;
  idNumber?: string;
  name: string;
  center?: string;
  months: Rating[];
  counts: Record<Rating, number>;
  longestPoorStreak: number;
  grade: Grade | 'pending';
  gradeRange?: [Grade, Grade];
  fullYear: boolean;
  capped: boolean;
  recommendations: string[];
  facts: GradeFacts;
}

export interface QuotaRow {
  center: string;
  month: string;
  /** The denominator the limit is taken of: max(on post by the roster, rated), or those rated without a roster. */
  staff: number;
  /** Clerks with a rating (暂停 included) that month. */
  rated: number;
  /** Clerks on post that month by the roster (二(二)8(1) 窗口工作人员总数), when one was given. */
  onPost?: number;
  good: number;
  limit: number;
  ok: boolean;
}

type Thresholds = ParamValue<'annual.grades'>;

export function longestRun(months: readonly Rating[], r: Rating): number {
  let best = 0;
  let run = 0;
  for (const m of months) {
    run = m === r ? run + 1 : 0;
    best = Math.max(best, run);
  }
  return best;
}

/** The four rules of 二(二)8(2) in order, the literal reading included. */
export function gradeOf(months: readonly Rating[], t: Thresholds): GradeStep {
  const g = months.filter((m) => m === 'good').length;
  const p = months.filter((m) => m === 'poor').length;
  const streak = longestRun(months, 'poor');
  if (streak >= t.incompetent_consecutive_poor) return { grade: 'incompetent', why: { rule: 'consecutive_poor', streak } };
  if (p >= t.incompetent_min_poor) return { grade: 'incompetent', why: { rule: 'poor_in_year', poor: p } };
  if (p === 0 && g >= t.excellent_min_good) return { grade: 'excellent', why: { rule: 'good_no_poor', good: g, min: t.excellent_min_good } };
  if (p === 0 && g >= t.competent_min_good) return { grade: 'competent', why: { rule: 'good_no_poor', good: g, min: t.competent_min_good } };
  if (p <= t.basically_competent_max_poor) {
    return {
      grade: 'basically_competent',
      why: p === 0 ? { rule: 'literal_no_poor', good: g, min: t.competent_min_good, maxPoor: t.basically_competent_max_poor } : { rule: 'few_poor', poor: p, maxPoor: t.basically_competent_max_poor },
    };
  }
  return { grade: 'incompetent', why: { rule: 'too_many_poor', poor: p } }; // unreachable while min_poor = max_poor + 1
}

export interface AnnualOptions {
  year: number;
  /** Roster records by staffId, when --roster was given. */
  roster?: Map<string, Clerk>;
}

/** Months that could have been either way: suspended, or (with a roster) missing while on post. */
export function unknownMonths(months: readonly Rating[], year: number, employment?: Pick<Clerk, 'startDate' | 'leaveDate'>): boolean[] {
  return months.map((m, i) => m === 'suspended' || (m === 'none' && employment !== undefined && onPostInMonth(employment, monthIn(year, i + 1))));
}

/** 当年工作未满一年 (二(二)8(2)): started after 1 January by the roster, else a month without a rating. */
export function partialYear(months: readonly Rating[], year: number, employment?: Pick<Clerk, 'startDate'>): PartialYear | undefined {
  const start = yearStart(year);
  if (employment) return employment.startDate > start ? { startDate: employment.startDate, yearStart: start } : undefined;
  const unrated = months.filter((m) => m === 'none').length;
  return unrated > 0 ? { unratedMonths: unrated } : undefined;
}

/** 二(二)8(2) 对未按要求取得政务服务办事员等级证书的…建议换岗; "按要求" = ⑧ 上岗后限期取证. */
export function certOverdueAtYearEnd(employment: Clerk, year: number, policy: PolicyView): { years: number; clause: string } | undefined {
  const end = yearEnd(year);
  const within = policy.at('hiring.cert_within_years', yearEnd(year));
  const overdue = !hasClerkCertificate(employment, end) && employment.startDate < addYears(end, -within.value);
  return overdue ? { years: within.value, clause: within.clause } : undefined;
}

const atMost = (g: Grade, cap: Grade): Grade => (GRADE_ORDER.indexOf(g) > GRADE_ORDER.indexOf(cap) ? cap : g);

export function gradeClerk(c: RatedClerk, policy: PolicyView, opts: AnnualOptions): { result: AnnualResult; issues: Issue[] } {
  const { year } = opts;
  const on = yearEnd(year);
  const grades = policy.at('annual.grades', on);
  const clause = grades.clause;
  const at = { row: c.row, staffId: c.staffId, clause, ...(c.file !== undefined ? { file: c.file } : {}) };
  const issues: Issue[] = [];
  const employment = opts.roster?.get(c.staffId);

  const unknown = unknownMonths(c.months, year, employment);
  unknown.forEach((u, i) => {
    if (u && c.months[i] === 'none') issues.push(makeIssue('MONTH_MISSING', at, { value: `${year}年${i + 1}月` }));
  });
  const best = gradeOf(c.months.map((m, i) => (unknown[i] ? 'good' : m)), grades.value);
  const worst = gradeOf(c.months.map((m, i) => (unknown[i] ? 'poor' : m)), grades.value);

  const partial = partialYear(c.months, year, employment);
  const capParam = policy.at('annual.partial_year_max_grade', on);
  const cap = (g: Grade): Grade => (partial ? atMost(g, capParam.value) : g);
  const hi = cap(best.grade);
  const lo = cap(worst.grade);
  const capped = hi !== best.grade || lo !== worst.grade;
  const counts = { good: 0, fair: 0, poor: 0, suspended: 0, none: 0 } as Record<Rating, number>;
  for (const m of c.months) counts[m] += 1;

  const grade: AnnualResult['grade'] = hi === lo ? hi : 'pending';
  const facts: GradeFacts = { clause, unknownMonths: unknown.filter(Boolean).length, best, worst };
  if (grade === 'pending') facts.pendingClause = policy.at('annual.quota', on).clause; // 二(二)8(1): 根据调查处理结果确定
  if (capped && partial) {
    facts.capped = { to: capParam.value, clause: capParam.clause, because: partial };
    issues.push(
      makeIssue('NOT_FULL_YEAR_CAPPED', { ...at, clause: capParam.clause }, { partial, cap: capParam.value }),
    );
  }

  const recommendations: string[] = [];
  if (grade === 'incompetent') recommendations.push('换岗');
  else if (employment) {
    const overdue = certOverdueAtYearEnd(employment, year, policy);
    if (overdue) {
      recommendations.push('换岗');
      facts.certOverdue = overdue;
    }
  }

  return {
    result: {
      row: c.row,
      ...(c.file !== undefined ? { file: c.file } : {}),
      staffId: c.staffId,
      name: c.name,
      months: c.months,
      counts,
      longestPoorStreak: longestRun(c.months, 'poor'),
      grade,
      fullYear: partial === undefined,
      capped,
      recommendations,
      facts,
      ...(grade === 'pending' ? { gradeRange: [hi, lo] as [Grade, Grade] } : {}),
      ...(c.employeeNo !== undefined ? { employeeNo: c.employeeNo } : {}),
      ...(c.idNumber !== undefined ? { idNumber: c.idNumber } : {}),
      ...(c.center !== undefined ? { center: c.center } : {}),
    },
    issues,
  };
}

/** The grades above `cap`, as the policy says them: 优秀 (above 称职), or 称职及以上. */


/**
 * 二(二)8(1): per centre and month, 好 may not exceed the policy's share of 窗口工作人员总数: with a
 * roster (`onPost`), the larger of its clerks on post that month and those rated; else those rated.
 */
export function monthlyQuota(clerks: readonly RatedClerk[], year: number, policy: PolicyView, onPost?: OnPost): { quota: QuotaRow[]; issues: Issue[] } {
  const q = policy.at('annual.quota', yearEnd(year));
  // One pass over the clerks (a province has hundreds of centres and 100,000 clerks).
  const counts = new Map<string, { staff: number[]; good: number[] }>();
  for (const c of clerks) {
    if (c.center === undefined) continue;
    let n = counts.get(c.center);
    if (!n) counts.set(c.center, (n = { staff: new Array<number>(12).fill(0), good: new Array<number>(12).fill(0) }));
    for (let m = 0; m < 12; m++) {
      if (c.months[m] !== 'none') n.staff[m]! += 1;
      if (c.months[m] === 'good') n.good[m]! += 1;
    }
  }
  const centers = [...counts.keys()].sort((a, b) => a.localeCompare(b, 'zh-CN'));
  const quota: QuotaRow[] = [];
  const issues: Issue[] = [];
  for (const center of centers) {
    const n = counts.get(center)!;
    const roster = onPost?.get(centerKey(center));
    for (let m = 0; m < 12; m++) {
      const rated = n.staff[m]!;
      if (rated === 0) continue;
      const good = n.good[m]!;
      const posted = roster?.months[m];
      // At least everyone rated that month (they staffed a window; a roster row that could not be
      // read, or a centre the roster spells otherwise, is no reason to count fewer), and at least
      // everyone the roster has on post (a clerk without a rating still counts).
      const staff = posted !== undefined ? Math.max(posted, rated) : rated;
      const limit = quotaLimit(staff, q.value.share, q.value.rounding);
      const month = `${year}-${String(m + 1).padStart(2, '0')}`;
      const ok = good <= limit;
      quota.push({ center, month, staff, rated, ...(posted !== undefined ? { onPost: posted } : {}), good, limit, ok });
      if (!ok) issues.push(makeIssue('QUOTA_EXCEEDED', { center, clause: q.clause }, { center, month, staff, good, limit }));
    }
  }
  return { quota, issues };
}

/** The largest number of 好 allowed among `staff` (floor = the literal 不超过). */
export function quotaLimit(staff: number, share: number, rounding: 'floor' | 'round' | 'ceil'): number {
  const bp = Math.round(share * 10_000); // integer arithmetic: 20% of 15 is 3, not 3.0000000000000004
  return { floor: Math.floor, ceil: Math.ceil, round: Math.round }[rounding]((staff * bp) / 10_000);
}

export interface AnnualYear {
  year: number;
  results: AnnualResult[];
  quota: QuotaRow[];
  issues: Issue[];
}

/** Every clerk graded, the quota checked, and a warning when nobody has twelve months. */
export function annualYear(clerks: readonly RatedClerk[], policy: PolicyView, opts: AnnualOptions & { onPost?: OnPost }): AnnualYear {
  const issues: Issue[] = [];
  const results = clerks.map((c) => {
    const r = gradeClerk(c, policy, opts);
    for (const i of r.issues) issues.push(i);
    return r.result;
  });
  const q = monthlyQuota(clerks, opts.year, policy, opts.onPost);
  for (const i of q.issues) issues.push(i); // a finding per centre-month: not as arguments (the stack)
  if (clerks.length > 0 && !clerks.some((c) => c.months.every((m) => m !== 'none'))) {
    const covered = Array.from({ length: 12 }, (_, i) => i).filter((i) => clerks.some((c) => c.months[i] !== 'none'));
    issues.push(
      makeIssue('YEAR_INCOMPLETE', { clause: policy.at('annual.grades', yearEnd(opts.year)).clause }, {
        detail: covered.length ? covered.map((i) => `${i + 1}月`).join('、') : '无任何月份',
      }),
    );
  }
  return { year: opts.year, results, quota: q.quota, issues };
}

/**
 * The clerks rated in `year`, joined to their roster rows when a roster is given (by 工号, 身份证号,
 * 姓名 + 所属中心, then a 姓名 only one row has). A clerk rated only in other years and absent
 * from the roster is left out; one the roster lacks is NOT_IN_ROSTER; one whose centre neither
 * file names is CENTER_REQUIRED (not counted in any centre's quota).
 */
export function ratedInYear(
  collected: Iterable<CollectedClerk>,
  year: number,
  roster?: readonly RosterEntry[],
): { rated: RatedClerk[]; employment: Map<string, Clerk>; issues: Issue[] } {
  const find = roster ? rosterLookup(roster) : undefined;
  const rated: RatedClerk[] = [];
  const employment = new Map<string, Clerk>();
  const issues: Issue[] = [];
  for (const c of collected) {
    const months = monthsOfYear(c, year);
    const found = find?.(c);
    const clerk = found?.clerk;
    if (months.every((m) => m === 'none') && !clerk) continue; // this clerk's data is for other years
    const at = { row: c.row, staffId: c.staffId, ...(c.file !== undefined ? { file: c.file } : {}) };
    if (find && !found) issues.push(makeIssue('NOT_IN_ROSTER', at, { value: c.name ?? c.staffId }));
    if (clerk) employment.set(c.staffId, clerk);
    const center = c.center ?? clerk?.center;
    if (!center) issues.push(makeIssue('CENTER_REQUIRED', at, { column: '所属中心', value: c.name ?? c.staffId }));
    rated.push({
      staffId: c.staffId,
      name: c.name ?? clerk?.name ?? c.staffId,
      row: c.row,
      months,
      ...(c.file !== undefined ? { file: c.file } : {}),
      ...(c.employeeNo !== undefined ? { employeeNo: c.employeeNo } : {}),
      ...((c.idNumber ?? clerk?.idNumber) !== undefined ? { idNumber: (c.idNumber ?? clerk?.idNumber)! } : {}),
      ...(center !== undefined ? { center } : {}),
    });
  }
  return { rated, employment, issues };
}
