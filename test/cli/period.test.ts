// Issue 24.3 and 21.10: --month and --year as a clerk types them, bounded from the policy's start
// to LAST_YEAR; everything outside is one sentence and exit 2, never a loop or "0 人".
import { describe, expect, it } from 'vitest';
import { LAST_YEAR, monthCount, monthsFrom, parseMonthRangeText, parseMonthText, parseYearText } from '../../src/calendar.js';
import { misplacedPeriod, monthOption, yearOption } from '../../src/cli/options.js';
import { periodOption } from '../../src/cli/period.js';
import { m } from '../helpers/dates.js';
import { cli, ROOT } from '../helpers/cli.js';

const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const RATINGS = `${ROOT}fixtures/ratings-2025.csv`;

describe('a month as typed', () => {
  it.each([
    ['2025-06', '2025-06'],
    ['2025-6', '2025-06'],
    ['2025/6', '2025-06'],
    ['2025.6', '2025-06'],
    ['2025.06', '2025-06'],
    ['2025年6月', '2025-06'],
    ['2025年06月份', '2025-06'],
    ['202506', '2025-06'],
    ['２０２５－０６', '2025-06'],
    ['２０２５年６月', '2025-06'],
    ['2025–06', '2025-06'],
    [' 2025 - 6 ', '2025-06'],
    ['2025-13', null],
    ['2025-00', null],
    ['0000-06', null],
    ['25-06', null],
    ['2025', null],
    ['六月', null],
  ])('%j is %j', (text, month) => expect(parseMonthText(text)).toBe(month));

  it.each([
    ['2025-01..2025-06', ['2025-01', '2025-06']],
    ['2025/1~2025/6', ['2025-01', '2025-06']],
    ['2025年1月至2025年6月', ['2025-01', '2025-06']],
    ['2025年1月至6月', ['2025-01', '2025-06']],
    ['２０２５－０１～２０２５－０６', ['2025-01', '2025-06']],
    ['202501到202506', ['2025-01', '2025-06']],
    ['2025-01—2025-06', ['2025-01', '2025-06']],
    ['2025-01..', null],
    ['..2025-06', null],
    ['2025-01..2025-06..2025-09', null],
  ])('range %j is %j', (text, range) => expect(parseMonthRangeText(text)).toEqual(range));

  it.each([['2025', 2025], ['2025年', 2025], ['2025年度', 2025], ['２０２５', 2025], ['25', null], ['20255', null], ['2025-06', null]])('year %j is %j', (text, year) =>
    expect(parseYearText(text)).toBe(year),
  );
});

describe('months at the edges of the calendar', () => {
  it('counts to 9999-12 and stops (the month after it is not "10000-01")', () => {
    expect(monthsFrom(m('9999-11'), m('9999-12'))).toEqual(['9999-11', '9999-12']);
    expect(monthCount(m('0001-01'), m('9999-12'))).toBe(9999 * 12);
    expect(monthsFrom(m('0001-01'), m('0001-02'))).toEqual(['0001-01', '0001-02']);
  });

  it('an option past LAST_YEAR is refused before anything is computed', () => {
    expect(LAST_YEAR).toBe(2099);
    expect(() => yearOption('9999')).toThrow(/晚于 2099 年/);
    expect(() => yearOption('2100')).toThrow(/晚于 2099 年/);
    expect(yearOption('2099')).toBe(2099);
    expect(() => monthOption('2025-01..9999-12')).toThrow(/晚于 2099-12/);
    expect(() => monthOption('2100-01')).toThrow(/晚于 2099-12/);
    expect(() => yearOption('0000')).toThrow(/不是年份/);
    expect(periodOption({ year: '2099' })).toEqual(['2099-01', '2099-12']);
    expect(periodOption({ month: '2099年12月' })).toBe('2099-12');
  });
});

describe('a period typed as an argument', () => {
  it.each<[string, string[], RegExp | undefined]>([
    ['payroll', ['x.xlsx', '2025-06'], /“2025-06”是月份，要写在选项后面：gov-clerk payroll x\.xlsx --month 2025-06。/],
    ['payroll', ['x.xlsx', '2025年6月'], /--month 2025-06/],
    ['payroll', ['x.xlsx', '2025'], /--year 2025/],
    ['payroll', ['x.xlsx', '2025-01..2025-06'], /--month 2025-01\.\.2025-06/],
    ['budget', ['x.xlsx', '2026'], /--year 2026/],
    ['check-roster', ['x.xlsx', '2025-06-30'], /--as-of 2025-06-30/],
    ['payroll', ['x.xlsx', '--month', '2025-06', 'y.xlsx'], undefined],
    ['payroll', ['x.xlsx', '-o', '2025.xlsx', 'y'], undefined],
  ])('%s %j', (command, args, hint) => {
    const said = misplacedPeriod(command, args);
    if (hint) expect(said).toMatch(hint);
    else expect(said).toBeUndefined();
  });
});

/** One sentence, exit 2, no stack. */
function refused(r: { code: number; stderr: string }, message: RegExp): void {
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/\n\s+at |undefined|内部错误/);
  expect(r.stderr.trim().split('\n')).toHaveLength(1);
  expect(r.code).toBe(2);
}

describe('the CLI at the edges (spawned with a time limit as a safety net only)', () => {
  it.each<[string[], RegExp]>([
    [['payroll', ROSTER, '--year', '9999'], /--year 9999 晚于 2099 年/],
    [['payroll', ROSTER, '--month', '2025-01..9999-12'], /晚于 2099-12/],
    [['payroll', ROSTER, '--month', '0001-01..9999-12'], /晚于 2099-12/],
    [['payroll', ROSTER, '--month', '9999-12'], /晚于 2099-12/],
    [['payroll', ROSTER, '--year', '2023'], /2023 年早于政策 .*请检查 --year（最早为 2024）/],
    [['budget', ROSTER, '--year', '9999'], /晚于 2099 年/],
    [['budget', ROSTER, '--year', '2023'], /2023 年早于政策/],
    [['annual', RATINGS, '--year', '9999'], /晚于 2099 年/],
    [['annual', RATINGS, '--year', '0000'], /不是年份/],
    [['annual', RATINGS, '--year', '2031'], /中没有 2031 年的月度等次（表中是 2025 年的），无法评定 2031 年度/],
    [['annual', RATINGS, '--year', '2023'], /2023 年早于政策/],
    [['annual', RATINGS, '2025'], /“2025”是年份，要写在选项后面：gov-clerk annual .*ratings-2025\.csv --year 2025。/],
    [['check-roster', ROSTER, '--as-of', '9999-12-31'], /--as-of 9999-12-31 晚于 2099 年/],
    [['check-staffing', `${ROOT}fixtures/centers.xlsx`, '--roster', ROSTER, '--as-of', '0001-01-01'], /--as-of 0001-01-01 早于政策 .* 的生效日期 2024-12-27/],
    [['check-roster', ROSTER, '--as-of', '2024-12-26'], /最早为 2024-12-27/],
    [['payroll', ROSTER, '2025-06'], /“2025-06”是月份，要写在选项后面：gov-clerk payroll .*roster\.xlsx.* --month 2025-06。/],
  ])('%j', (args, message) => refused(cli([...args, '-q']), message));

  it('a month before the policy in a range is left out and said; one far before it is no "undefined"', () => {
    const r = cli(['payroll', ROSTER, '--month', '0001-01..2025-01', '--json']);
    expect(r.stderr + r.stdout).toMatch(/自 2024-12-27 起生效：从 2024-12 起计算/);
    expect(r.stderr + r.stdout).not.toMatch(/从 undefined/);
    const j = JSON.parse(r.stdout.slice(r.stdout.indexOf('{'))) as { months: Array<{ month: string }> };
    expect(j.months.map((x) => x.month)).toEqual(['2024-12', '2025-01']);
  });

  it.each([['2025年6月'], ['２０２５－０６'], ['202506'], ['2025/6'], ['2025.6']])('--month %s is June 2025, as 2025-06 is', (typed) => {
    const a = cli(['payroll', ROSTER, '--month', typed, '--json', '-q']);
    const b = cli(['payroll', ROSTER, '--month', '2025-06', '--json', '-q']);
    const strip = (s: string) => s.replace(/"generatedAt":"[^"]*"/, '');
    expect(JSON.parse(a.stdout).period).toBe('2025-06');
    expect(strip(a.stdout)).toBe(strip(b.stdout));
  });

  it('--month 2025年1月至3月 is the range 2025-01..2025-03; --year ２０２５年 is 2025', () => {
    const r = cli(['payroll', ROSTER, '--month', '2025年1月至3月', '--json', '-q']);
    expect((JSON.parse(r.stdout) as { months: Array<{ month: string }> }).months.map((x) => x.month)).toEqual(['2025-01', '2025-02', '2025-03']);
    const a = cli(['annual', RATINGS, '--year', '２０２５年', '--json', '-q']);
    expect(JSON.parse(a.stdout).period).toBe('2025');
  });
});
