// --month and --year under the policy, every command the same (issue 24.3, issue 21.10, issue 25.4): read as a clerk
// types them, bounded from the policy's first month to LAST_YEAR, and a range clipped to the policy
// in one place. Outside the bounds is one sentence and exit 2, never a loop or a report of nobody.
import { formatChineseDate, LAST_YEAR, monthIn, monthsFrom, type IsoMonth } from '../calendar.js';
import { monthOption, yearOption } from './options.js';
import { UserError } from '../errors.js';
import { assertMonthCovered, monthCovered } from '../rules/payroll-month.js';
import type { PolicyView } from '../rules/policy-view.js';

/** --year or --month of the commands that take both (payroll): the months asked for, or undefined for none. */
export function periodOption(opts: { month?: string; year?: string }): IsoMonth | [IsoMonth, IsoMonth] | undefined {
  if (opts.year !== undefined) {
    if (opts.month !== undefined) throw new UserError('--year 和 --month 只能给一个：一整年用 --year 2025，一段月份用 --month 2025-01..2025-06。');
    const year = yearOption(opts.year);
    return [monthIn(year, 1), monthIn(year, 12)];
  }
  return opts.month === undefined ? undefined : monthOption(opts.month);
}

/** A year none of whose days is under the policy (annual, budget): exit 2, naming the first year that is. */
export function assertYearCovered(year: number, policy: PolicyView, policyName: string): void {
  if (year > LAST_YEAR) throw new UserError(`${year} 年晚于 ${LAST_YEAR} 年：本工具只计算到 ${LAST_YEAR} 年，请检查 --year。`);
  if (!monthCovered(monthIn(year, 12), policy)) {
    throw new UserError(
      `${year} 年早于政策 ${policyName} 的生效日期 ${formatChineseDate(policy.effective)}，该政策不适用于这一年。请检查 --year（最早为 ${policy.effective.slice(0, 4)}）。`,
    );
  }
}

/**
 * The months of first..last under the policy: those before it took effect are left out and the
 * terminal says so (`say`); none left is exit 2, as for a single month.
 */
export function monthsUnderPolicy(first: IsoMonth, last: IsoMonth, policy: PolicyView, policyName: string, say: (line: string) => void): IsoMonth[] {
  assertMonthCovered(last, policy, policyName);
  const start = monthCovered(first, policy) ? first : (policy.effective.slice(0, 7) as IsoMonth);
  if (start !== first) say(`政策 ${policyName} 自 ${policy.effective} 起生效：从 ${start} 起计算。`);
  return monthsFrom(start, last);
}
