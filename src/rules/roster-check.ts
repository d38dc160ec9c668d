// A roster's compliance at a date (docs/contract.md §4.4): every row's data issues, and the hiring and
// certificate conditions of every clerk on post that day. Pure.
import type { IsoDate } from '../calendar.js';
import { sortIssues, type Issue } from '../issues/catalogue.js';
import type { RosterEntry } from '../schema/roster.js';
import { findDuplicates, type Duplicates } from './identity.js';
import type { PolicyView } from './policy-view.js';
import { checkCompliance, onPostOn, rowIssues } from './clerk-conditions.js';

export interface RosterCheck {
  asOf: IsoDate;
  rows: number;
  onPost: number;
  issues: Issue[];
}

export function checkRoster(entries: Iterable<RosterEntry>, asOf: IsoDate, policy: PolicyView, duplicates?: Duplicates): RosterCheck {
  const dups = duplicates ?? findDuplicates(entries);
  const issues: Issue[] = [];
  let onPost = 0;
  let rows = 0;
  for (const e of entries) {
    rows += 1;
    issues.push(...rowIssues(e, dups, policy));
    if (e.clerk && onPostOn(e.clerk, asOf)) {
      onPost += 1;
      issues.push(...checkCompliance(e.clerk, asOf, policy));
    }
  }
  return { asOf, rows, onPost, issues: sortIssues(issues) };
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
  'START_BEFORE_WORKING_AGE',
  'CERT_BEFORE_WORKING_AGE',
]);

export const STAFFING_RULE_CODES = new Set([
  'WINDOWS_BELOW_MIN',
  'CLERK_RATIO_BELOW_MIN',
  'TOWN_STAFF_BELOW_MIN',
  'HEADCOUNT_MISMATCH',
  'CENTER_UNKNOWN',
]);
