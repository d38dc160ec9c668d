// Annual grades from twelve monthly ratings, and the monthly 20% quota (SPEC §4.2,
// policy 二(二)8). Pure: rated clerks (and optionally their roster records) in, grades out.
import { addYears, type IsoDate } from '../calendar.js';
import { hasClerkCertificate, type Clerk } from '../domain.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';
import type { Rating } from '../schema/ratings.js';
import { onPostInMonth } from './payroll.js';
import type { PolicyView } from './policy-view.js';

export type Grade = 'excellent' | 'competent' | 'basically_competent' | 'incompetent';
export const GRADE_LABEL: Record<Grade | 'pending', string> = {
  excellent: '优秀',
  competent: '称职',
  basically_competent: '基本称职',
  incompetent: '不称职',
  pending: '待定',
};

export interface RatedClerk {
  staffId: string;
  employeeNo?: string;
  name: string;
  center?: string;
  row: number; // first source row
  months: Rating[]; // 12 entries, January first
}

export interface AnnualResult {
  row: number;
  staffId: string;
  employeeNo?: string;
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
  basis: string;
}

export interface QuotaRow {
  center: string;
  month: string;
  staff: number;
  good: number;
  limit: number;
  ok: boolean;
}

interface Thresholds {
  excellent_min_good: number;
  competent_min_good: number;
  basically_competent_max_poor: number;
  incompetent_min_poor: number;
  incompetent_consecutive_poor: number;
}

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
export function gradeOf(months: readonly Rating[], t: Thresholds): { grade: Grade; why: string } {
  const g = months.filter((m) => m === 'good').length;
  const p = months.filter((m) => m === 'poor').length;
  const streak = longestRun(months, 'poor');
  if (p >= t.incompetent_min_poor || streak >= t.incompetent_consecutive_poor) {
    return {
      grade: 'incompetent',
      why: streak >= t.incompetent_consecutive_poor ? `连续${streak}个月为差` : `一年内${p}次为差`,
    };
  }
  if (p === 0 && g >= t.excellent_min_good) return { grade: 'excellent', why: `好${g}次（不少于${t.excellent_min_good}次）且无差` };
  if (p === 0 && g >= t.competent_min_good) return { grade: 'competent', why: `好${g}次（不少于${t.competent_min_good}次）且无差` };
  if (p <= t.basically_competent_max_poor) {
    return {
      grade: 'basically_competent',
      why: p === 0 ? `无差但好只有${g}次（不足${t.competent_min_good}次），按字面"差累计不超过${t.basically_competent_max_poor}次"` : `差${p}次（不超过${t.basically_competent_max_poor}次）`,
    };
  }
  return { grade: 'incompetent', why: `差${p}次` }; // unreachable while min_poor = max_poor + 1
}

export interface AnnualOptions {
  year: number;
  /** Roster records by staffId, when --roster was given. */
  roster?: Map<string, Clerk>;
}

export function gradeClerk(c: RatedClerk, policy: PolicyView, opts: AnnualOptions): { result: AnnualResult; issues: Issue[] } {
  const { year } = opts;
  const end: IsoDate = `${year}-12-31`;
  const on = end > policy.effective ? end : policy.effective;
  const grades = policy.at('annual.grades', on);
  const t = grades.value;
  const clause = grades.clause;
  const ctx = { row: c.row, staffId: c.staffId, clause: clause };
  const issues: Issue[] = [];
  const employment = opts.roster?.get(c.staffId);

  // Months that could have been either way: suspended, or (with a roster) missing while on post.
  const unknown = c.months.map((m, i) => {
    if (m === 'suspended') return true;
    if (m === 'none' && employment && onPostInMonth(employment, `${year}-${String(i + 1).padStart(2, '0')}`)) {
      issues.push(makeIssue('MONTH_MISSING', ctx, { value: `${year}年${i + 1}月` }));
      return true;
    }
    return false;
  });
  const asGood = c.months.map((m, i) => (unknown[i] ? 'good' : m));
  const asPoor = c.months.map((m, i) => (unknown[i] ? 'poor' : m));
  const best = gradeOf(asGood, t);
  const worst = gradeOf(asPoor, t);

  const fullYear = employment ? employment.startDate <= `${year}-01-01` : c.months.every((m) => m !== 'none');
  const notFullWhy = employment ? `上岗日期 ${employment.startDate} 晚于 ${year}-01-01` : `${c.months.filter((m) => m === 'none').length} 个月没有考核记录`;
  let capped = false;
  const cap = (g: Grade): Grade => {
    if (g === 'excellent' && !fullYear) {
      capped = true;
      return 'competent';
    }
    return g;
  };
  const hi = cap(best.grade);
  const lo = cap(worst.grade);
  const counts = { good: 0, fair: 0, poor: 0, suspended: 0, none: 0 } as Record<Rating, number>;
  for (const m of c.months) counts[m] += 1;

  const label = (g: Grade) => GRADE_LABEL[g];
  let grade: AnnualResult['grade'];
  let basis: string;
  const tally = `好${counts.good}次、一般${counts.fair}次、差${counts.poor}次${counts.suspended ? `、暂停${counts.suspended}次` : ''}`;
  const k = unknown.filter(Boolean).length;
  if (hi === lo) {
    grade = hi;
    basis =
      k > 0 && best.grade === worst.grade
        ? `${tally}；${k}个月暂停或缺考核，按好计、按差计都评为${label(best.grade)}（按好计：${best.why}；按差计：${worst.why}），${clause}`
        : k > 0
          ? `${tally}；${k}个月暂停或缺考核，按好计为${label(best.grade)}（${best.why}），按差计为${label(worst.grade)}（${worst.why}），${clause}`
          : `${tally}：${best.why} → ${label(best.grade)}，${clause}`;
  } else {
    grade = 'pending';
    const suspension = policy.at('annual.quota', on).clause; // 二(二)8(1): 暂停月度考核，根据调查处理结果确定
    basis = `${tally}；${k}个月暂停或缺考核，按好计为${label(best.grade)}（${best.why}），按差计为${label(worst.grade)}（${worst.why}）→ 待定，根据调查处理结果确定（${suspension}），${clause}`;
  }
  if (capped) {
    basis += `；当年工作未满一年（${notFullWhy}），原则上不得评为优秀 → 称职，需人工复核`;
    issues.push(makeIssue('NOT_FULL_YEAR_CAPPED', ctx, { detail: notFullWhy }));
  }

  const recommendations: string[] = [];
  if (grade === 'incompetent') recommendations.push('换岗');
  else if (employment) {
    // 二(二)8(2) 对未按要求取得政务服务办事员等级证书的…建议换岗; "按要求" = ⑧ 上岗一年内取证.
    const within = policy.at('hiring.cert_within_years', on);
    if (!hasClerkCertificate(employment, end) && employment.startDate < addYears(end, -within.value)) {
      recommendations.push('换岗');
      basis += `；上岗超过 ${within.value} 年仍未取得办事员证书，建议换岗（${clause}、${within.clause}）`;
    }
  }

  return {
    result: {
      row: c.row,
      staffId: c.staffId,
      name: c.name,
      months: c.months,
      counts,
      longestPoorStreak: longestRun(c.months, 'poor'),
      grade,
      fullYear,
      capped,
      recommendations,
      basis,
      ...(grade === 'pending' ? { gradeRange: [hi, lo] as [Grade, Grade] } : {}),
      ...(c.employeeNo !== undefined ? { employeeNo: c.employeeNo } : {}),
      ...(c.center !== undefined ? { center: c.center } : {}),
    },
    issues,
  };
}

/** 二(二)8(1): per centre and month, 好 may not exceed the policy's share of rated staff. */
export function monthlyQuota(clerks: readonly RatedClerk[], year: number, policy: PolicyView): { quota: QuotaRow[]; issues: Issue[] } {
  const on = `${year}-12-31` > policy.effective ? `${year}-12-31` : policy.effective;
  const q = policy.at('annual.quota', on);
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
    for (let m = 0; m < 12; m++) {
      const staff = n.staff[m]!;
      if (staff === 0) continue;
      const good = n.good[m]!;
      const limit = quotaLimit(staff, q.value.share, q.value.rounding);
      const month = `${year}-${String(m + 1).padStart(2, '0')}`;
      const ok = good <= limit;
      quota.push({ center, month, staff, good, limit, ok });
      if (!ok) issues.push(makeIssue('QUOTA_EXCEEDED', { center, clause: q.clause }, { center, month, staff, good, limit, required: `不超过 ${limit} 人`, actual: `${good} 人` }));
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
export function annualYear(clerks: readonly RatedClerk[], policy: PolicyView, opts: AnnualOptions): AnnualYear {
  const issues: Issue[] = [];
  const results = clerks.map((c) => {
    const r = gradeClerk(c, policy, opts);
    issues.push(...r.issues);
    return r.result;
  });
  const q = monthlyQuota(clerks, opts.year, policy);
  issues.push(...q.issues);
  if (clerks.length > 0 && !clerks.some((c) => c.months.every((m) => m !== 'none'))) {
    const covered = Array.from({ length: 12 }, (_, i) => i).filter((i) => clerks.some((c) => c.months[i] !== 'none'));
    const on = `${opts.year}-12-31`;
    issues.push(
      makeIssue('YEAR_INCOMPLETE', { clause: policy.at('annual.grades', on > policy.effective ? on : policy.effective).clause }, {
        detail: covered.length ? covered.map((i) => `${i + 1}月`).join('、') : '无任何月份',
      }),
    );
  }
  return { year: opts.year, results, quota: q.quota, issues };
}
