// The options every report command takes (docs/contract.md §2), and nothing else: the commands' definitions
// import this at start, so it stays light.
import type { Command } from 'commander';
import { LAST_YEAR, monthCount, parseIsoDate, parseMonthRangeText, parseMonthText, parseYearText, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';

export interface CommonOptions {
  out?: string;
  json?: boolean;
  policy?: string;
  sheet?: string;
  headerRow?: number;
  maskId?: boolean;
  quiet?: boolean;
  /** --columns: the office's header names (证书级别=证书等级), or files of them. */
  columns?: string[];
}

export function addCommonOptions(cmd: Command): Command {
  return cmd
    .option('-o, --out <FILE>', '输出文件；扩展名决定格式：.xlsx（默认）、.csv、.json')
    .option('--json', '在标准输出打印 JSON 结果；不写文件（除非同时给出 -o）')
    .option('--policy <FILE>', '使用指定的政策文件（YAML/JSON），默认内置宿区政办发〔2024〕26号')
    .option('--sheet <NAME>', '读取指定名称的工作表（默认：第一个能识别表头的工作表）')
    .option('--header-row <N>', '指定表头所在行号（从 1 开始），不自动识别', parsePositiveInt('--header-row'))
    .option('--columns <表中列名=标准列名>', '表头与标准列名的对应，如 证书级别=证书等级（多项用逗号分开，不用的列写 =忽略）；也可以是每行一项的文本文件；可重复', collect, [])
    .option('--mask-id', '所有输出中的身份证号脱敏为 321302********1234')
    .option('-q, --quiet', '不在终端显示进度和摘要');
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

function parsePositiveInt(flag: string) {
  return (v: string): number => {
    const n = Number(v);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`${flag} 应为正整数（从 1 开始的行号），实际为“${v}”。`);
    return n;
  };
}

/** Options that take a value: the word after one is its value, not an argument. */
const VALUE_OPTIONS = new Set(['-o', '--out', '--policy', '--sheet', '--header-row', '--month', '--year', '--previous', '--explain', '--roster', '--history', '--as-of']);

/** Which option a period typed as an argument belongs after, per command and kind of period. */
const PERIOD_OPTION: Record<string, Partial<Record<'year' | 'month' | 'date', (v: string) => string>>> = {
  payroll: { year: (v) => `--year ${v}`, month: (v) => `--month ${v}`, date: (v) => `--month ${v.slice(0, 7)}` },
  budget: { year: (v) => `--year ${v}`, month: (v) => `--year ${v.slice(0, 4)}` },
  annual: { year: (v) => `--year ${v}`, month: (v) => `--year ${v.slice(0, 4)}` },
  'check-staffing': { date: (v) => `--as-of ${v}` },
  'check-roster': { date: (v) => `--as-of ${v}` },
};

/**
 * `payroll 花名册.xlsx 2025-06`: a month, year or date typed as an argument of `command`, as one
 * sentence saying which option it belongs after (issue 21.10); undefined when no argument is one.
 * `args` are the command's words after its name.
 */
export function misplacedPeriod(command: string, args: readonly string[]): string | undefined {
  const options = PERIOD_OPTION[command];
  if (!options) return undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a.startsWith('-') || (i > 0 && VALUE_OPTIONS.has(args[i - 1]!))) continue;
    const month = parseMonthText(a) ?? parseMonthRangeText(a)?.join('..');
    const year = parseYearText(a);
    const date = parseIsoDate(a);
    const kind = year !== null ? 'year' : month ? 'month' : date ? 'date' : undefined;
    const option = kind && options[kind]?.(kind === 'year' ? String(year) : kind === 'month' ? month! : date!);
    if (!option) continue;
    const label = { year: '年份', month: '月份', date: '日期' }[kind!];
    const shown = args.filter((x, j) => j !== i).join(' ');
    return `“${a}”是${label}，要写在选项后面：gov-clerk ${command} ${shown ? `${shown} ` : ''}${option}。`;
  }
  return undefined;
}

// --month and --year as typed (issue 21.10), one place for every command (issue 25.4); bounded at
// LAST_YEAR here, at the policy's start in period.ts (issue 24.3).
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
