// The monthly ratings table (月度考核, docs/contract.md §3.2), wide (one column per month) or long
// (月份 + 等次), and the rating dictionary.
import { makeDate } from '../calendar.js';
import { UserError } from '../errors.js';
import { makeIssue, type Issue } from '../issues/catalogue.js';
import { cellDisplay, type Cell } from '../io/cell.js';
import type { ColumnSpec, DataRow, TableSpec } from '../io/table.js';
import { parseIdNumber } from './id-number.js';
import { memo } from '../memo.js';
import { normalizeToken } from '../io/normalize.js';
import { isTemplateExample, parseIdentity } from './values.js';

export type Rating = 'good' | 'fair' | 'poor' | 'suspended' | 'none';
export const RATING_LABEL: Record<Rating, string> = { good: '好', fair: '一般', poor: '差', suspended: '暂停', none: '' };

const RATINGS: Record<string, Rating> = {
  好: 'good', 优秀: 'good', 好评: 'good',
  一般: 'fair', 合格: 'fair', 称职: 'fair',
  差: 'poor', 较差: 'poor', 不合格: 'poor',
  暂停: 'suspended', 暂缓: 'suspended', 立案调查: 'suspended', 暂停考核: 'suspended',
};

const ratingOf = memo((text: string): Rating | null => RATINGS[normalizeToken(text)] ?? null);

/** A rating cell: the rating, 'none' for blank, or null when unrecognized (RATING_UNKNOWN). */
export function parseRating(cell: Cell): Rating | null {
  if (cell.t === 'empty') return 'none';
  return ratingOf(cellDisplay(cell));
}

/**
 * A month written as a header or a 月份 value: 1月, 一月, 2025年1月, 2025-01, 2025/1, 202501,
 * or a date. Returns 'YYYY-MM', or '*-MM' when the year is not written.
 */
export const parseMonthLabel = memo(monthLabel);

function monthLabel(text: string): string | null {
  const s = normalizeToken(text).replace(/份$/, '');
  let m = /^(\d{4})(?:年|-|\/|\.)(\d{1,2})月?$/.exec(s) ?? /^(\d{4})(\d{2})$/.exec(s);
  if (m) return month(Number(m[1]), Number(m[2]));
  m = /^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?$/.exec(s);
  if (m && makeDate(Number(m[1]), Number(m[2]), Number(m[3]))) return month(Number(m[1]), Number(m[2]));
  m = /^(\d{1,2})月$/.exec(s);
  if (m) return month(null, Number(m[1]));
  const cn = /^(十[一二]?|[一二三四五六七八九])月$/.exec(s);
  if (cn) return month(null, CN_MONTH[cn[1]!]!);
  return null;
}

const CN_MONTH: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

function month(year: number | null, m: number): string | null {
  if (m < 1 || m > 12) return null;
  return `${year === null ? '*' : String(year)}-${String(m).padStart(2, '0')}`;
}

/** A 月份 cell (text, number 202501, or a date). */
export function monthOfCell(cell: Cell): string | null {
  if (cell.t === 'date') return cell.v.slice(0, 7);
  if (cell.t === 'text' || cell.t === 'number') return parseMonthLabel(cellDisplay(cell));
  return null;
}

const col = (key: string, header: string, aliases: string[]): ColumnSpec => ({ key, header, aliases, required: false });

export const RATINGS_TABLE: TableSpec = {
  label: '月度考核表',
  columns: [
    col('employeeNo', '工号', ['编号', '人员编号', '员工编号']),
    col('name', '姓名', []),
    col('idNumber', '身份证号', ['身份证号码', '公民身份号码', '证件号码']),
    col('center', '所属中心', ['单位', '所在单位', '工作单位', '服务中心']),
    col('period', '月份', ['考核月份']),
    col('rating', '等次', ['考核等次', '考核结果', '月度考核等次']),
  ],
  matchDynamic: (h) => {
    const m = parseMonthLabel(h);
    return m ? `month:${m}` : null;
  },
  accept: (keys) => {
    const identity = ['employeeNo', 'name', 'idNumber'].some((k) => keys.has(k));
    const wide = [...keys].some((k) => k.startsWith('month:'));
    return identity && (wide || (keys.has('period') && keys.has('rating')));
  },
};


export interface CollectedClerk {
  staffId: string;
  employeeNo?: string;
  name?: string;
  idNumber?: string;
  center?: string;
  row: number;
  /** month key → the rating and the row it came from, packed (see `packed`): a year of 12
   * months for 100,000 clerks is 1.2M entries, and small objects would be most of the memory. */
  months: Map<string, number>;
  /** Months rated differently on two rows (made when the first one is found). */
  conflicts?: Set<string>;
  /** The file of the first row, when several files were read. */
  file?: string;
  /** 报送情况 of rows that name no centre (see `unplacedFilings`): placed by the roster later. */
  unplaced?: number[];
}

/** More rating files than this in one run are refused (a district has dozens of centres). */
export const MAX_RATING_FILES = 1024;
const RATING_CODES: readonly Rating[] = ['good', 'fair', 'poor', 'suspended', 'none'];
const packed = (rating: Rating, row: number, file: number) => (row * MAX_RATING_FILES + file) * 8 + RATING_CODES.indexOf(rating);
const ratingIn = (p: number): Rating => RATING_CODES[p % 8]!;
const rowIn = (p: number): number => Math.floor(p / 8 / MAX_RATING_FILES);
const fileIn = (p: number): number => Math.floor(p / 8) % MAX_RATING_FILES;

export interface CollectedRatings {
  /** How the files lay their ratings out: 'mixed' when some are wide and some long. */
  format: 'wide' | 'long' | 'mixed';
  rows: number;
  clerks: Map<string, CollectedClerk>;
  /** Years written in month headers or 月份 values; yearless = some months had no year. */
  years: Set<number>;
  yearless: boolean;
  issues: Issue[];
  /** The files read, in order (a rating names its file by index). */
  files: string[];
  /** 报送情况: centre → month key → the files that rated someone of that centre that month. */
  filed: Map<string, Map<string, Set<number>>>;
}

/** Nothing read yet: the ratings of several files are collected into one of these. */
export function noRatings(): CollectedRatings {
  return { format: 'wide', rows: 0, clerks: new Map(), years: new Set(), yearless: false, issues: [], files: [], filed: new Map() };
}

/**
 * Reads one file's rating rows, wide or long, into one record per clerk (`into`: what earlier
 * files gave; the same person's months from several files are merged, a different rating for
 * the same month is RATING_CONFLICT naming both files). `file`: its name, for messages when
 * `many` files are read.
 */
export async function collectRatings(
  batches: AsyncIterable<DataRow[]>,
  columns: ReadonlyMap<string, number>,
  headers: ReadonlyMap<string, string>,
  onRow: (count: number) => void = () => {},
  into: CollectedRatings = noRatings(),
  source: { file: string; many: boolean } = { file: '', many: false },
): Promise<CollectedRatings> {
  const long = columns.has('period') && columns.has('rating');
  const monthKeys = [...columns.keys()].filter((k) => k.startsWith('month:'));
  const out = into;
  if (out.files.length >= MAX_RATING_FILES) throw new UserError(`一次最多读取 ${MAX_RATING_FILES} 个月度考核文件，请分批处理。`);
  const format = long ? 'long' : 'wide';
  out.format = out.files.length === 0 || out.format === format ? format : 'mixed';
  const fileIndex = out.files.push(source.file) - 1;
  const file = source.many ? source.file : undefined;
  const at = (row: number, staffId?: string) => ({ row, ...(staffId !== undefined ? { staffId } : {}), ...(file !== undefined ? { file } : {}) });
  // Identity as the roster reads it (invisible characters out, 无 as blank), so both match.
  const text = (c: Cell, row: number, column: string, placeholders = false) => {
    const r = parseIdentity(c, placeholders);
    if (r.ok && r.warn) out.issues.push(makeIssue(r.warn.code, at(row), { column, ...r.warn.data }));
    return r.ok ? r.value : undefined;
  };
  for await (const batch of batches) for (const row of batch) {
    out.rows += 1;
    onRow(out.rows);
    const employeeNo = text(row.get('employeeNo'), row.row, '工号', true);
    const name = text(row.get('name'), row.row, '姓名');
    const center = text(row.get('center'), row.row, '所属中心');
    const idCell = row.get('idNumber');
    const id = idCell.t === 'text' ? parseIdNumber(idCell.v) : undefined;
    const staffId = employeeNo ?? (id?.ok ? id.id : undefined) ?? (name ? `${name}@${center ?? ''}` : undefined);
    if (!staffId) {
      out.issues.push(makeIssue('VALUE_REQUIRED', at(row.row), { column: '姓名', detail: '无法识别是哪一位人员（工号、身份证号、姓名都为空）' }));
      continue;
    }
    // The template's example row left in: never a clerk who is graded or counted in the quota.
    if (isTemplateExample(name)) {
      out.issues.push(makeIssue('EXAMPLE_ROW', at(row.row), { column: '姓名', value: name! }));
      continue;
    }
    let clerk = out.clerks.get(staffId);
    if (!clerk) {
      clerk = {
        staffId,
        row: row.row,
        months: new Map(),
        ...(employeeNo !== undefined ? { employeeNo } : {}),
        ...(name !== undefined ? { name } : {}),
        ...(id?.ok ? { idNumber: id.id } : {}),
        ...(center !== undefined ? { center } : {}),
        ...(file !== undefined ? { file } : {}),
      };
      out.clerks.set(staffId, clerk);
    }
    const here: Here = { out, clerk, row: row.row, file: fileIndex, many: source.many, center: center ?? clerk.center ?? '' };
    if (long) {
      const periodCell = row.get('period');
      if (periodCell.t === 'empty' && row.get('rating').t === 'empty') continue;
      record(here, monthOfCell(periodCell), row.get('rating'), headers.get('rating') ?? '等次');
    } else {
      for (const key of monthKeys) record(here, key.slice('month:'.length), row.get(key), headers.get(key) ?? key);
    }
  }
  return out;
}

/** Where a rating cell is: the clerk, the row and file, and the centre the row names. */
interface Here {
  out: CollectedRatings;
  clerk: CollectedClerk;
  row: number;
  file: number;
  many: boolean;
  center: string;
}

/** One month's rating of one clerk, from one cell. */
function record(h: Here, monthKey: string | null, cell: Cell, column: string): void {
  const { out, clerk, row } = h;
  const ctx = { row, staffId: clerk.staffId, ...(h.many ? { file: out.files[h.file]! } : {}) };
  if (!monthKey) {
    out.issues.push(makeIssue('VALUE_INVALID', ctx, { column, value: cellDisplay(cell), expected: '月份（如 2025年1月、2025-01、1月）' }));
    return;
  }
  const rating = parseRating(cell);
  if (rating === null) {
    out.issues.push(makeIssue('RATING_UNKNOWN', ctx, { column, value: cellDisplay(cell) }));
    return;
  }
  if (rating === 'none') return;
  if (monthKey.startsWith('*')) out.yearless = true;
  else out.years.add(Number(monthKey.slice(0, 4)));
  if (h.center === '') {
    const code = filingCode(monthKey, h.file);
    if (!(clerk.unplaced ??= []).includes(code)) clerk.unplaced.push(code);
  }
  let byMonth = out.filed.get(h.center);
  if (!byMonth) out.filed.set(h.center, (byMonth = new Map()));
  let files = byMonth.get(monthKey);
  if (!files) byMonth.set(monthKey, (files = new Set()));
  files.add(h.file);
  const prev = clerk.months.get(monthKey);
  if (prev === undefined) {
    clerk.months.set(monthKey, packed(rating, row, h.file));
    return;
  }
  if (ratingIn(prev) !== rating) {
    (clerk.conflicts ??= new Set()).add(monthKey);
    out.issues.push(conflictIssue(out, clerk, monthKey, prev, packed(rating, row, h.file), column, h.many));
  }
}

/** A month key and a file as one number (a year of 12 months per clerk stays a short array). */
const filingCode = (monthKey: string, file: number) => (Number(monthKey.slice(0, 4).replace('*', '0')) * 100 + Number(monthKey.slice(-2))) * MAX_RATING_FILES + file;

/**
 * The months (`2025-03`, or `*-03` before settleYearless) and files in which a clerk was rated
 * on rows that name no centre: the roster says which centre filed them (README interpretation 49).
 */
export function unplacedFilings(c: CollectedClerk): Array<{ month: string; file: number }> {
  return (c.unplaced ?? []).map((code) => {
    const ym = Math.floor(code / MAX_RATING_FILES);
    const year = Math.floor(ym / 100);
    return { month: `${year === 0 ? '*' : String(year)}-${String(ym % 100).padStart(2, '0')}`, file: code % MAX_RATING_FILES };
  });
}

/** RATING_CONFLICT of two ratings (packed) of one month, naming both rows (and files). */
function conflictIssue(out: CollectedRatings, clerk: CollectedClerk, monthKey: string, first: number, second: number, column: string, many: boolean): Issue {
  const where = (p: number) => (many ? `${out.files[fileIn(p)]} 第 ${rowIn(p)} 行` : `第 ${rowIn(p)} 行`);
  const ctx = { row: rowIn(second), staffId: clerk.staffId, ...(many ? { file: out.files[fileIn(second)]! } : {}) };
  return makeIssue('RATING_CONFLICT', ctx, { column, month: monthKey.replace('*', '当年'), value: `${where(first)}“${RATING_LABEL[ratingIn(first)]}”、${where(second)}“${RATING_LABEL[ratingIn(second)]}”` });
}

/**
 * Once the year is known (--year, or the only or latest year written), a month written without
 * its year (`*-06`, a header 6月) is that year's month: merged into the dated one, so that
 * 6月 in one file and 2025年6月 in another rated differently is RATING_CONFLICT like any two
 * rows (and the month counts for nobody's grade or quota), and a yearless month never counts
 * for an earlier year's grades. Returns the conflicts found (naming files when `many`).
 */
export function settleYearless(ratings: CollectedRatings, year: number, many = ratings.files.length > 1): Issue[] {
  const issues: Issue[] = [];
  if (!ratings.yearless) return issues;
  for (const clerk of ratings.clerks.values()) {
    for (const [key, p] of clerk.months) {
      if (!key.startsWith('*')) continue;
      const dated = `${year}${key.slice(1)}`;
      clerk.months.delete(key);
      const wasConflict = clerk.conflicts?.delete(key) ?? false;
      const prev = clerk.months.get(dated);
      if (prev === undefined) clerk.months.set(dated, p);
      else if (ratingIn(prev) !== ratingIn(p) && !clerk.conflicts?.has(dated)) {
        issues.push(conflictIssue(ratings, clerk, dated, prev, p, '等次', many));
        (clerk.conflicts ??= new Set()).add(dated);
      }
      if (wasConflict) (clerk.conflicts ??= new Set()).add(dated);
    }
    if (clerk.unplaced) clerk.unplaced = [...new Set(unplacedFilings(clerk).map((f) => filingCode(f.month.replace('*', String(year)), f.file)))];
  }
  for (const byMonth of ratings.filed.values()) {
    for (const [key, files] of byMonth) {
      if (!key.startsWith('*')) continue;
      const dated = `${year}${key.slice(1)}`;
      byMonth.delete(key);
      byMonth.set(dated, new Set([...(byMonth.get(dated) ?? []), ...files]));
    }
  }
  ratings.yearless = false;
  ratings.years.add(year);
  return issues;
}

/**
 * One person in several files, called by 工号 in one and only by 身份证号 or 姓名 in another:
 * the rows without 工号 are that person's when exactly one clerk with a 工号 has this 身份证号,
 * or (without one) this 姓名 and 所属中心 (for rows that name no centre, this 姓名 at all) — the
 * order the roster is matched in (README interpretation 30). Their months are merged, a
 * different rating for a month being RATING_CONFLICT, so nobody is graded or counted twice.
 */
export function mergeNamesakes(ratings: CollectedRatings, many = ratings.files.length > 1): Issue[] {
  const issues: Issue[] = [];
  if (!someClerk(ratings, (c) => c.employeeNo === undefined)) return issues; // everyone by 工号: nothing to join
  const add = <K>(m: Map<K, CollectedClerk | null>, k: K, c: CollectedClerk) => m.set(k, m.has(k) ? null : c); // null: ambiguous
  const absorb = (target: CollectedClerk, c: CollectedClerk) => {
    for (const [key, p] of c.months) {
      const prev = target.months.get(key);
      const conflict = c.conflicts?.has(key) === true;
      if (prev === undefined) target.months.set(key, p);
      else if (ratingIn(prev) !== ratingIn(p) && !conflict && !target.conflicts?.has(key)) {
        issues.push(conflictIssue(ratings, target, key, prev, p, '等次', many));
        (target.conflicts ??= new Set()).add(key);
      }
      if (conflict) (target.conflicts ??= new Set()).add(key);
    }
    if (c.unplaced) target.unplaced = [...new Set([...(target.unplaced ?? []), ...c.unplaced])];
    ratings.clerks.delete(c.staffId);
  };
  // First 身份证号 without 工号 to the clerk with a 工号 and that 身份证号…
  const byId = new Map<string, CollectedClerk | null>();
  for (const c of ratings.clerks.values()) if (c.employeeNo !== undefined && c.idNumber !== undefined) add(byId, c.idNumber, c);
  for (const c of [...ratings.clerks.values()]) {
    const target = c.employeeNo === undefined && c.idNumber !== undefined ? byId.get(c.idNumber) : undefined;
    if (target) absorb(target, c);
  }
  // …then 姓名 (and 所属中心) alone to the clerk known by 工号 or 身份证号 with that 姓名.
  const byNameCentre = new Map<string, CollectedClerk | null>();
  const byName = new Map<string, CollectedClerk | null>();
  for (const c of ratings.clerks.values()) {
    if ((c.employeeNo === undefined && c.idNumber === undefined) || c.name === undefined) continue;
    add(byNameCentre, `${c.name}@${c.center ?? ''}`, c);
    add(byName, c.name, c);
  }
  for (const c of [...ratings.clerks.values()]) {
    if (c.employeeNo !== undefined || c.idNumber !== undefined || c.name === undefined) continue;
    const target = c.center !== undefined ? byNameCentre.get(`${c.name}@${c.center}`) : byName.get(c.name);
    if (target) absorb(target, c);
  }
  return issues;
}

function someClerk(ratings: CollectedRatings, test: (c: CollectedClerk) => boolean): boolean {
  for (const c of ratings.clerks.values()) if (test(c)) return true;
  return false;
}

/** Twelve months of year Y for each clerk ('*-MM' months count for any year). */
export function monthsOfYear(c: CollectedClerk, year: number): Rating[] {
  const keys = monthKeys(year);
  const out: Rating[] = new Array(12);
  for (let i = 0; i < 12; i++) {
    const key = c.months.has(keys.dated[i]!) ? keys.dated[i]! : keys.yearless[i]!; // yearless: before settleYearless
    const p = c.conflicts?.has(key) ? undefined : c.months.get(key);
    out[i] = p === undefined ? 'none' : ratingIn(p);
  }
  return out;
}

/** The month keys of a year, made once (a year of ratings for 100,000 clerks asks 2.4M times). */
let keysOf: { year: number; dated: string[]; yearless: string[] } | undefined;
function monthKeys(year: number): { dated: string[]; yearless: string[] } {
  if (keysOf?.year !== year) {
    const mm = Array.from({ length: 12 }, (_, i) => String(i + 1).padStart(2, '0'));
    keysOf = { year, dated: mm.map((m) => `${year}-${m}`), yearless: mm.map((m) => `*-${m}`) };
  }
  return keysOf;
}
