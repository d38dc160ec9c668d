// Staffing minimums per centre (docs/contract.md §4.3, policy 二(一)2 and 二(二)1). Pure.
import type { IsoDate } from '../calendar.js';
import { LEVEL_LABEL, TOWN_TYPE_LABEL } from '../domain.js';
import { makeIssue, type Issue, type IssueCode, type MinimumData } from '../issues/catalogue.js';

type MinimumCode = 'WINDOWS_BELOW_MIN' | 'CLERK_RATIO_BELOW_MIN' | 'TOWN_STAFF_BELOW_MIN';
import type { ParamPath } from '../policy/schema.js';
import type { Center } from '../schema/centers.js';
import { normalizeToken } from '../io/normalize.js';
import type { RosterEntry } from '../schema/roster.js';
import { onPostOn, rowIssues } from './clerk-conditions.js';
import type { Duplicates } from './identity.js';
import type { PolicyView } from './policy-view.js';

export interface StaffingCheck {
  code: IssueCode;
  rule: string;
  ok: boolean;
  required: number;
  actual: number;
  clause: string;
}

export interface CenterResult {
  row: number;
  name: string;
  level: string;
  type: string;
  windows: number;
  clerks: number | null;
  clerksSource: 'declared' | 'roster' | 'none';
  checks: StaffingCheck[];
}

/** Head counts from a roster (on post at the as-of date), by centre name as written. */
export type RosterCounts = Map<string, { name: string; count: number }>;

export function centerKey(name: string): string {
  return normalizeToken(name);
}

export function checkStaffing(
  centers: readonly Center[],
  asOf: IsoDate,
  policy: PolicyView,
  roster?: RosterCounts,
): { centers: CenterResult[]; issues: Issue[] } {
  const issues: Issue[] = [];
  const results: CenterResult[] = [];
  const seen = new Set<string>();
  for (const c of centers) {
    const key = centerKey(c.name);
    seen.add(key);
    const checks: StaffingCheck[] = [];
    const add = (code: MinimumCode, param: ParamPath, rule: string, required: number, actual: number, extra: Partial<MinimumData> = {}) => {
      const p = policy.at(param, asOf);
      const ok = actual >= required;
      checks.push({ code, rule, ok, required, actual, clause: p.clause });
      if (!ok) issues.push(makeIssue(code, { row: c.row, center: c.name, clause: p.clause }, { center: c.name, required, actual, ...extra }));
    };

    if (c.level === 'district') {
      add('WINDOWS_BELOW_MIN', 'staffing.district_windows_min', '区级综合窗口不少于规定数', policy.at('staffing.district_windows_min', asOf).value, c.windows);
    } else if (c.level === 'town') {
      const min = policy.at('staffing.town_windows_min', asOf).value[c.type];
      add('WINDOWS_BELOW_MIN', 'staffing.town_windows_min', `${TOWN_TYPE_LABEL[c.type]}镇(街)全科窗口不少于规定数`, min, c.windows);
    }

    // 办事员人数: the roster's count when given (a different declared number is a warning).
    let clerks: number | null = c.clerks ?? null;
    let source: CenterResult['clerksSource'] = c.clerks !== undefined ? 'declared' : 'none';
    if (roster) {
      const counted = roster.get(key)?.count ?? 0;
      if (c.clerks !== undefined && c.clerks !== counted) {
        issues.push(makeIssue('HEADCOUNT_MISMATCH', { row: c.row, center: c.name }, { column: '办事员人数', value: String(c.clerks), center: c.name, declared: c.clerks, actual: counted }));
      }
      clerks = counted;
      source = 'roster';
    }
    if (clerks !== null) {
      const ratio = policy.at('staffing.clerks_per_window', asOf).value;
      add('CLERK_RATIO_BELOW_MIN', 'staffing.clerks_per_window', `办事员人数与窗口数配比不低于 ${ratio}:1`, Math.ceil(c.windows * ratio), clerks, {
        windows: String(c.windows),
        ratio: String(ratio),
      });
    }

    if (c.level === 'town') {
      const min = policy.at('staffing.town_staff_min', asOf).value;
      const items: Array<[string, number, number | undefined]> = [
        ['直属人员', min.direct, c.direct],
        ['人社人员', min.hr_social, c.hrSocial],
        ['民政人员', min.civil_affairs, c.civilAffairs],
      ];
      for (const [item, required, actual] of items) {
        if (actual !== undefined) add('TOWN_STAFF_BELOW_MIN', 'staffing.town_staff_min', `镇(街)便民服务中心${item}不少于规定数`, required, actual, { item });
      }
    }
    results.push({
      row: c.row,
      name: c.name,
      level: LEVEL_LABEL[c.level],
      type: c.level === 'town' ? TOWN_TYPE_LABEL[c.type] : '',
      windows: c.windows,
      clerks,
      clerksSource: source,
      checks,
    });
  }
  if (roster) {
    for (const [key, r] of roster) {
      if (!seen.has(key)) issues.push(makeIssue('CENTER_UNKNOWN', { center: r.name }, { center: r.name, actual: r.count }));
    }
  }
  return { centers: results, issues };
}

/**
 * The roster as check-staffing needs it, in one pass: each centre's clerks on post at `asOf`
 * (a duplicated person counted once), and every row's own findings.
 */
export function rosterOnPost(entries: Iterable<RosterEntry>, asOf: IsoDate, duplicates: Duplicates, policy: PolicyView): { counts: RosterCounts; issues: Issue[] } {
  const counts: RosterCounts = new Map();
  const issues: Issue[] = [];
  const counted = new Set<string>();
  for (const e of entries) {
    issues.push(...rowIssues(e, duplicates, policy));
    if (!e.clerk || !onPostOn(e.clerk, asOf)) continue;
    // Only duplicate rows can share a staffId: they are one person.
    if (duplicates.rows.has(e.row)) {
      if (counted.has(e.staffId)) continue;
      counted.add(e.staffId);
    }
    const key = centerKey(e.clerk.center);
    const c = counts.get(key) ?? { name: e.clerk.center, count: 0 };
    c.count += 1;
    counts.set(key, c);
  }
  return { counts, issues };
}
