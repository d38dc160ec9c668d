// Calendar days with no time zone. A date is an ISO string 'YYYY-MM-DD': it sorts and
// compares correctly as a string, prints as itself, and never passes through a JS Date in
// local time, so nothing here depends on the machine's TZ.
import { memo } from './memo.js';

/**
 * 'YYYY-MM-DD' of a day that exists, and 'YYYY-MM'. Branded: a plain string (a cell's text, an
 * option) becomes one only through a function here that checks it, so a rule never receives
 * "2025-02-30" or "2025/6/1" by mistake.
 */
export type IsoDate = string & { readonly __isoDate: true };
export type IsoMonth = string & { readonly __isoMonth: true };

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(y: number, m: number): number {
  return m === 2 && isLeapYear(y) ? 29 : DAYS[m - 1]!;
}

/** The ISO date for y-m-d, or null when that day does not exist (2025-02-30). */
export function makeDate(y: number, m: number, d: number): IsoDate | null {
  if (!Number.isInteger(y) || !Number.isInteger(m) || !Number.isInteger(d)) return null;
  if (y < 1 || y > 9999 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` as IsoDate;
}

/** 'YYYY-MM-DD' text as a date, or null when it is not one (or names a day that does not exist). */
export function parseIsoDate(text: string): IsoDate | null {
  const m = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(text.trim());
  return m ? makeDate(Number(m[1]), Number(m[2]), Number(m[3])) : null;
}

/** A date written in the code or a checked file (tests, case files): a wrong one is a bug, so it throws. */
export function isoDate(text: string): IsoDate {
  const d = parseIsoDate(text);
  if (d === null || d !== text) throw new Error(`not an ISO date: ${text}`);
  return d;
}

export function yearStart(year: number): IsoDate {
  return makeDate(year, 1, 1)!;
}

export function yearEnd(year: number): IsoDate {
  return makeDate(year, 12, 31)!;
}

/** Month `m` (1-12) of `year` (1-9999: a month outside them is a bug, never "10000-01"). */
export function monthIn(year: number, m: number): IsoMonth {
  if (!Number.isInteger(year) || year < 1 || year > 9999 || !Number.isInteger(m) || m < 1 || m > 12) throw new Error(`no such month: ${year}-${m}`);
  return `${String(year).padStart(4, '0')}-${String(m).padStart(2, '0')}` as IsoMonth;
}

/** A date's numbers (shared objects, read-only: each clerk's dates are asked for on every pass). */
export const parts: (date: IsoDate) => Readonly<{ y: number; m: number; d: number }> = memo((date) =>
  Object.freeze({ y: Number(date.slice(0, 4)), m: Number(date.slice(5, 7)), d: Number(date.slice(8, 10)) }),
);

export function firstDayOfMonth(month: IsoMonth): IsoDate {
  return `${month}-01` as IsoDate;
}

export const lastDayOfMonth: (month: IsoMonth) => IsoDate = memo((month) => {
  const y = Number(month.slice(0, 4));
  const m = Number(month.slice(5, 7));
  return makeDate(y, m, daysInMonth(y, m))!;
});

/** The month `n` months after (before, when negative) `month`. */
export function addMonths(month: IsoMonth, n: number): IsoMonth {
  const i = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 + n;
  return monthIn(Math.floor(i / 12), (i % 12) + 1);
}

/** Months since the start of year 0: `monthIndex(b) - monthIndex(a)` months lie between them. */
export function monthIndex(month: IsoMonth): number {
  return Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
}

/** How many months from `first` to `last`, both included (0 when last is before first). */
export function monthCount(first: IsoMonth, last: IsoMonth): number {
  return Math.max(0, monthIndex(last) - monthIndex(first) + 1);
}

/** Every month from `first` to `last`, both included (none when last is before first). Counted, not compared as text. */
export function monthsFrom(first: IsoMonth, last: IsoMonth): IsoMonth[] {
  return Array.from({ length: monthCount(first, last) }, (_, i) => addMonths(first, i));
}

/**
 * The last year any command computes (README 解释与取舍 65): far beyond any budget or rating, and
 * years past it are typing slips (9999, 20255). The first is the policy's own start.
 */
export const LAST_YEAR = 2099;

/**
 * A month as a clerk types it, the ways a roster cell may hold one: 2025-06, 2025-6, 2025/6,
 * 2025.6, 2025年6月(份), 202506, in full-width digits or with another dash (－ — – ‐ −). Null when
 * it is not one. The year is any four digits: whether it is in range is the caller's question.
 */
export function parseMonthText(text: string): IsoMonth | null {
  const s = foldTyped(text).replace(/[–—]/g, '-').replace(/份$/, '');
  const m = /^(\d{4})(?:[-/.]|年)(\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (!m || Number(m[1]) < 1) return null;
  const month = Number(m[2]);
  return month >= 1 && month <= 12 ? monthIn(Number(m[1]), month) : null;
}

/** A year as typed: 2025, 2025年, 2025年度, full-width digits. Null when it is not four digits. */
export function parseYearText(text: string): number | null {
  const m = /^(\d{4})(?:年度?)?$/.exec(foldTyped(text));
  return m ? Number(m[1]) : null;
}

/**
 * A range of months as typed: two months joined by .., ~, ～, 至, 到 or a long dash (2025-01..2025-06,
 * 2025年1月至2025年6月); the second may leave out its year (2025年1月至6月). Null when it is not one.
 */
export function parseMonthRangeText(text: string): [IsoMonth, IsoMonth] | null {
  const parts = foldTyped(text).split(/\.\.+|…+|[~～〜至到]|—+|–/);
  if (parts.length !== 2) return null;
  const first = parseMonthText(parts[0]!);
  if (!first) return null;
  const bare = /^(\d{1,2})月?份?$/.exec(parts[1]!);
  const last = bare ? parseMonthText(`${first.slice(0, 4)}-${bare[1]}`) : parseMonthText(parts[1]!);
  return last ? [first, last] : null;
}

/** Full-width to half-width, the dashes a keyboard or an IME makes to '-', and no spaces. */
function foldTyped(text: string): string {
  return text
    .normalize('NFKC')
    .replace(/[\s\u3000]+/g, '')
    .replace(/[‐‑‒−﹣]/g, '-');
}

export function parseMonth(text: string): IsoMonth | null {
  const m = /^(\d{4})-(\d{1,2})$/.exec(text.trim());
  if (!m) return null;
  const month = Number(m[2]);
  if (month < 1 || month > 12) return null;
  return `${m[1]}-${String(month).padStart(2, '0')}` as IsoMonth;
}

/**
 * The same day `years` later. A 29 February anniversary in a common year falls on
 * 28 February (民法典第二百零二条: 没有对应日的，月末日为期间的最后一日).
 */
export function addYears(date: IsoDate, years: number): IsoDate {
  const { y, m, d } = parts(date);
  const ny = y + years;
  return makeDate(ny, m, Math.min(d, daysInMonth(ny, m)))!;
}

/**
 * Full years from start to end: the number of anniversaries of `start` on or before `end`
 * (民法典第一千二百五十九条: 满 includes the number itself). 0 when end is before start.
 */
export function fullYears(start: IsoDate, end: IsoDate): number {
  if (end < start) return 0;
  let years = parts(end).y - parts(start).y;
  if (addYears(start, years) > end) years -= 1;
  return Math.max(0, years);
}

/** 周岁 age on a date: the number of birthdays reached on or before that date. */
export function ageOn(birth: IsoDate, date: IsoDate): number {
  return fullYears(birth, date);
}

/** Excel serial day → ISO date. 1900 system honours Excel's phantom 1900-02-29 (serial 60). */
export function fromExcelSerial(serial: number, date1904 = false): IsoDate | null {
  if (!Number.isFinite(serial) || serial < 1) return null;
  const day = Math.floor(serial + 1e-9);
  // Days since 1970-01-01: 1900 system serial 25569 and 1904 system serial 24107 are that day.
  let epochDays = date1904 ? day - 24107 : day - 25569;
  if (!date1904 && day === 60) return null; // 1900-02-29 does not exist
  if (!date1904 && day < 60) epochDays += 1; // before Excel's phantom leap day
  const ms = epochDays * 86_400_000;
  const d = new Date(ms);
  if (Number.isNaN(d.getTime())) return null;
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** A JS Date from exceljs is a UTC midnight (plus any time of day): read it in UTC. */
export function fromUtcDate(d: Date): IsoDate | null {
  if (Number.isNaN(d.getTime())) return null;
  return makeDate(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate());
}

/** Today in China (UTC+8), whatever the machine's TZ: the bureau's calendar day. */
export function todayInChina(now: Date = new Date()): IsoDate {
  return fromUtcDate(new Date(now.getTime() + 8 * 3_600_000))!;
}

export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7) as IsoMonth;
}

export const formatChineseDate: (date: IsoDate) => string = memo((date) => {
  const { y, m, d } = parts(date);
  return `${y}年${m}月${d}日`;
});

export function formatChineseMonth(month: IsoMonth): string {
  return `${Number(month.slice(0, 4))}年${Number(month.slice(5, 7))}月`;
}

export function maxDate(a: IsoDate, b: IsoDate): IsoDate {
  return a > b ? a : b;
}
