// A roster's compliance at a date (SPEC §4.4): every row's data issues, and the hiring and
// certificate conditions of every clerk on post that day. Pure.
import type { IsoDate } from '../calendar.js';
import type { Issue } from '../issues/catalogue.js';
import type { RosterEntry } from '../schema/roster.js';
import { sortIssues } from './payroll-month.js';
import type { PolicyView } from './policy-view.js';
import { checkCompliance, onPostOn, rowIssues } from './roster-checks.js';

export interface RosterCheck {
  asOf: IsoDate;
  rows: number;
  onPost: number;
  issues: Issue[];
}

export function checkRoster(entries: readonly RosterEntry[], asOf: IsoDate, policy: PolicyView): RosterCheck {
  const perRow = rowIssues(entries, policy);
  const issues: Issue[] = [];
  let onPost = 0;
  for (const e of entries) {
    issues.push(...perRow.get(e.row)!);
    if (e.clerk && onPostOn(e.clerk, asOf)) {
      onPost += 1;
      issues.push(...checkCompliance(e.clerk, asOf, policy));
    }
  }
  return { asOf, rows: entries.length, onPost, issues: sortIssues(issues) };
}

/** The §4.4 findings, as opposed to problems reading the input. */
export const ROSTER_RULE_CODES = new Set([
  'AGE_OVER_LIMIT',
  'EDUCATION_BELOW_MIN',
  'CERT_OVERDUE',
  'CERT_LATE',
  'ID_INVALID',
  'ID_BIRTH_MISMATCH',
  'DUPLICATE_STAFF',
  'DATE_ORDER',
]);

export const STAFFING_RULE_CODES = new Set([
  'WINDOWS_BELOW_MIN',
  'CLERK_RATIO_BELOW_MIN',
  'TOWN_STAFF_BELOW_MIN',
  'HEADCOUNT_MISMATCH',
  'CENTER_UNKNOWN',
]);
