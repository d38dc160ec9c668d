// One clerk against the hiring conditions of 二(二)2(1) at a date, and dates in an impossible
// order (docs/contract.md §4.4). Pure: one clerk in, issues out; roster-check.ts checks a whole roster.
import { addYears, ageOn, isoDate, type IsoDate } from '../calendar.js';
import { certifiedSince, certifiedSinceColumn, EDUCATION_LABEL, EDUCATION_LEVELS, hasClerkCertificate, type Clerk } from '../domain.js';
import { makeIssue, type Issue, type WorkingAgeData } from '../issues/catalogue.js';
import type { RosterEntry } from '../schema/roster.js';
import { duplicateIssues, type Duplicates } from './identity.js';
import type { PolicyView } from './policy-view.js';

/** Birth date encoded in a valid 18-character ID. */
export function birthFromId(id: string): IsoDate {
  return isoDate(`${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}`);
}

/**
 * Dates that cannot be, or are hard to believe: 离岗 before 上岗 (DATE_ORDER, no clause: it is
 * a contradiction, not a rule); 上岗 before the minimum working age (START_BEFORE_WORKING_AGE,
 * 《劳动法》第十五条 forbids hiring under 16); 取证 before it (CERT_BEFORE_WORKING_AGE, no clause:
 * no rule sets an age for a skill certificate, and students sit them; the date is shown for
 * checking). Independent of any as-of date. Which of them hold pay: payroll-month.ts.
 */
export function checkDateOrder(clerk: Clerk, policy: PolicyView): Issue[] {
  const issues: Issue[] = [];
  const at = { row: clerk.row, staffId: clerk.staffId };
  if (clerk.leaveDate && clerk.leaveDate < clerk.startDate) {
    issues.push(makeIssue('DATE_ORDER', at, { column: '离岗日期', value: clerk.leaveDate, expected: clerk.startDate }));
  }
  if (clerk.birthDate) {
    const p = policy.at('hiring.min_working_age', clerk.startDate);
    const earliest = addYears(clerk.birthDate, p.value);
    const data = (column: WorkingAgeData['column'], value: IsoDate) => ({ column, value, birthDate: clerk.birthDate!, minAge: p.value, earliest });
    if (clerk.startDate < earliest) issues.push(makeIssue('START_BEFORE_WORKING_AGE', { ...at, clause: p.clause }, data('上岗日期', clerk.startDate)));
    if (clerk.cert && certifiedSince(clerk.cert) < earliest) issues.push(makeIssue('CERT_BEFORE_WORKING_AGE', at, data(certifiedSinceColumn(clerk.cert), certifiedSince(clerk.cert))));
  }
  return issues;
}

/** Hiring conditions and certificate deadline, judged at `asOf`. */
export function checkCompliance(clerk: Clerk, asOf: IsoDate, policy: PolicyView): Issue[] {
  const issues: Issue[] = [];
  const base = { row: clerk.row, staffId: clerk.staffId };

  const maxAge = policy.at('hiring.max_age', asOf);
  if (clerk.birthDate) {
    const age = ageOn(clerk.birthDate, clerk.startDate);
    if (age > maxAge.value) {
      issues.push(
        makeIssue('AGE_OVER_LIMIT', { ...base, clause: maxAge.clause }, {
          column: clerk.birthDateSource === 'id' ? '身份证号' : '出生日期',
          value: clerk.birthDateSource === 'id' ? undefined : clerk.birthDate,
          actual: age,
          required: maxAge.value,
        }),
      );
    }
  }
  if (clerk.idNumber && clerk.birthDateSource === 'column' && clerk.birthDate !== birthFromId(clerk.idNumber)) {
    issues.push(
      makeIssue('ID_BIRTH_MISMATCH', base, { column: '出生日期', value: clerk.birthDate!, expected: birthFromId(clerk.idNumber) }),
    );
  }

  const minEdu = policy.at('hiring.min_education', asOf);
  if (clerk.education && EDUCATION_LEVELS.indexOf(clerk.education) < EDUCATION_LEVELS.indexOf(minEdu.value)) {
    issues.push(
      makeIssue('EDUCATION_BELOW_MIN', { ...base, clause: minEdu.clause }, {
        column: '学历',
        actual: EDUCATION_LABEL[clerk.education],
        required: EDUCATION_LABEL[minEdu.value],
      }),
    );
  }

  const within = policy.at('hiring.cert_within_years', asOf);
  const deadline = addYears(clerk.startDate, within.value);
  const wctx = { ...base, clause: within.clause };
  const hasCert = hasClerkCertificate(clerk, asOf);
  if (!hasCert && asOf > deadline) {
    issues.push(makeIssue('CERT_OVERDUE', wctx, { column: '证书等级', value: clerk.startDate, years: within.value, deadline }));
  }
  // The deadline is for the first certificate: an upgrade after it is not late (首次取证日期).
  if (clerk.cert && certifiedSince(clerk.cert) > deadline) {
    issues.push(makeIssue('CERT_LATE', wctx, { column: certifiedSinceColumn(clerk.cert), value: certifiedSince(clerk.cert), expected: clerk.startDate, years: within.value, deadline }));
  }
  return issues;
}

/**
 * A row's issues that need no date: what the reader found, duplicates across the roster, and
 * dates in an impossible order. Shared by payroll, check-roster and check-staffing.
 */
export function rowIssues(entry: RosterEntry, dups: Duplicates, policy: PolicyView): Issue[] {
  return [...entry.issues, ...duplicateIssues(entry, dups), ...(entry.clerk ? checkDateOrder(entry.clerk, policy) : [])];
}

/** On post on a date: started on or before it, and not left before it. */
export function onPostOn(clerk: Pick<Clerk, 'startDate' | 'leaveDate'>, date: IsoDate): boolean {
  return clerk.startDate <= date && (!clerk.leaveDate || clerk.leaveDate >= date);
}
