// --month and --year, every command the same (issue 24.3, issue 21.10, issue 25.4): read as a clerk
// types them, bounded from the policy's first month to LAST_YEAR, and a range clipped to the policy
// in one place. Outside the bounds is one sentence and exit 2, never a loop or a report of nobody.
import { formatChineseDate, LAST_YEAR, monthCount, monthIn, monthsFrom, parseMonthRangeText, parseMonthText, parseYearText, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { assertMonthCovered, monthCovered } from '../rules/payroll-month.js';
import type { PolicyView } from '../rules/policy-view.js';

const MONTH_FORMS = '应写成 YYYY-MM，例如 2025-06（也可写 2025年6月、2025/6、202506）';

/** --year as typed (2025, 2025年, ２０２５), at most LAST_YEAR. */
export function yearOption(value: string, flag = '--year'): number {
  const year = parseYearText(value);
  if (year === null) throw new UserError(`${flag} 的值“${value}”不是年份，应写成四位数字，例如 2025。`);
  if (year > LAST_YEAR) throw new UserError(`${flag} ${value} 晚于 ${LAST_YEAR} 年：本工具只计算到 ${LAST_YEAR} 年 12 月，请检查年份是否写错。`);
  if (year < 1) throw new UserError(`${flag} 的值“${value}”不是年份，应写成四位数字，例如 2025。`);
  return year;
}

/** --month as typed: one month, or a range of them (first..last, at most LAST_YEAR-12). */
export function monthOption(value: string): IsoMonth | [IsoMonth, IsoMonth] {
  const range = parseMonthRangeText(value);
  if (range) {
    const [first, last] = range;
    if (monthCount(first, last) === 0) throw new UserError(`--month ${value} 的结束月份早于开始月份，应写成 起..止，例如 2025-01..2025-12。`);
    assertNotTooLate(last, value);
    return range;
  }
  const month = parseMonthText(value);
  if (month === null) {
    if (/\.\.|[~～〜至到]/.test(value)) throw new UserError(`--month 的值“${value}”不是一段月份，应写成 起..止，例如 2025-01..2025-12。`);
    throw new UserError(`--month 的值“${value}”不是月份，${MONTH_FORMS}；一段月份写成 2025-01..2025-12。`);
  }
  assertNotTooLate(month, value);
  return month;
}

function assertNotTooLate(month: IsoMonth, value: string): void {
  if (Number(month.slice(0, 4)) > LAST_YEAR) {
    throw new UserError(`--month ${value} 晚于 ${LAST_YEAR}-12：本工具只计算到 ${LAST_YEAR} 年 12 月，请检查年份是否写错。`);
  }
}

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
