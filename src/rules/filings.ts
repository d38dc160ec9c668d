// Who filed which month (issue 14, 报送情况): each 便民服务中心 files its monthly ratings with the
// district centre (二(二)8(1) 报区政务服务中心备案). Per centre and month of the year: the files
// that rated its clerks, and, with a roster, the months it had clerks on post and filed nothing.
// Pure: what was read, and the roster's clerks, in; the table and the findings out.
import { monthIn, yearEnd, type IsoMonth } from '../calendar.js';
import type { Clerk } from '../domain.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';
import { unplacedFilings, type CollectedClerk } from '../schema/ratings.js';
import { onPostInMonth } from './pay-items.js';
import type { PolicyView } from './policy-view.js';
import { centerKey } from './staffing.js';

/** Clerks on post per centre and month (January first), keyed by the centre's normalized name. */
export type OnPost = Map<string, { name: string; months: number[] }>;

/** Each centre's clerks on post in each month of `year`, a person once. */
export function onPostByMonth(clerks: Iterable<Clerk>, year: number): OnPost {
  const out: OnPost = new Map();
  const seen = new Set<string>();
  for (const c of clerks) {
    if (seen.has(c.staffId)) continue; // a duplicated person counts once
    seen.add(c.staffId);
    const key = centerKey(c.center);
    let e = out.get(key);
    if (!e) out.set(key, (e = { name: c.center, months: new Array<number>(12).fill(0) }));
    for (let m = 0; m < 12; m++) if (onPostInMonth(c, monthIn(year, m + 1))) e.months[m]! += 1;
  }
  return out;
}

export type FilingStatus = { status: 'filed'; files: string[] } | { status: 'missing'; onPost: number } | { status: 'none' };

export interface CentreFilings {
  center: string;
  months: FilingStatus[]; // twelve, January first
}

/**
 * 报送情况 for `year`. `filed`: centre → month key (`2025-03`, or `*-03` for a month written
 * without its year) → indexes into `files`. A centre-month with clerks on post (roster) and
 * no ratings in any file is RATINGS_NOT_FILED; without a roster nothing is known to be missing.
 */
export function filingsOf(
  filed: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<number>>>,
  files: readonly string[],
  year: number,
  policy: PolicyView,
  onPost?: OnPost,
): { centres: CentreFilings[]; issues: Issue[] } {
  const clause = policy.at('annual.quota', yearEnd(year)).clause; // 二(二)8(1): 报区政务服务中心备案
  const names = new Map<string, string>();
  for (const c of filed.keys()) if (c !== '') names.set(centerKey(c), names.get(centerKey(c)) ?? c);
  for (const [k, v] of onPost ?? []) if (v.months.some((n) => n > 0)) names.set(k, names.get(k) ?? v.name);
  const byKey = new Map<string, Map<string, Set<number>>>();
  for (const [c, months] of filed) {
    const k = centerKey(c);
    let into = byKey.get(k);
    if (!into) byKey.set(k, (into = new Map()));
    for (const [m, f] of months) into.set(m, new Set([...(into.get(m) ?? []), ...f]));
  }
  const issues: Issue[] = [];
  const centres = [...names].map(([key, center]): CentreFilings => ({
    center,
    months: Array.from({ length: 12 }, (_, i): FilingStatus => {
      const mm = String(i + 1).padStart(2, '0');
      const got = new Set([...(byKey.get(key)?.get(`${year}-${mm}`) ?? []), ...(byKey.get(key)?.get(`*-${mm}`) ?? [])]);
      if (got.size > 0) return { status: 'filed', files: [...got].sort((a, b) => a - b).map((f) => files[f]!) };
      const n = onPost?.get(key)?.months[i] ?? 0;
      if (n === 0) return { status: 'none' };
      const month: IsoMonth = monthIn(year, i + 1);
      issues.push(makeIssue('RATINGS_NOT_FILED', { center, clause }, { center, month, staff: n }));
      return { status: 'missing', onPost: n };
    }),
  }));
  return { centres, issues };
}

/**
 * What was filed, with the rows that name no centre placed in the centre each clerk was matched
 * to (the roster's, as for grades and quota; README interpretation 49). `centreOf`: staffId →
 * the centre the clerk was graded in.
 */
export function filedWithRoster(
  filed: ReadonlyMap<string, ReadonlyMap<string, ReadonlySet<number>>>,
  clerks: Iterable<CollectedClerk>,
  centreOf: ReadonlyMap<string, string | undefined>,
): Map<string, Map<string, Set<number>>> {
  const out = new Map([...filed].map(([c, months]) => [c, new Map([...months].map(([m, f]) => [m, new Set(f)]))]));
  for (const c of clerks) {
    const center = c.unplaced ? centreOf.get(c.staffId) : undefined;
    if (center === undefined) continue;
    let byMonth = out.get(center);
    if (!byMonth) out.set(center, (byMonth = new Map()));
    for (const { month, file } of unplacedFilings(c)) {
      let files = byMonth.get(month);
      if (!files) byMonth.set(month, (files = new Set()));
      files.add(file);
    }
  }
  return out;
}
