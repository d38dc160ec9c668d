// Which column of a table each header cell is (README「花名册怎么填」, interpretation 91): the
// header or an alias as written; an office's own mapping (--columns); a "weak" alias that is
// only used when the column has no header of its own; then, for what is left, a similarity
// guess that is read only when it is clear and is always reported. Two columns that could
// both be meant stop the run: a guessed pay column is never silently wrong.
import { normalizeHeader } from './normalize.js';

export interface HeaderSpecColumn {
  key: string;
  header: string;
  aliases: readonly string[];
  /** Headers that usually mean this column, read only when the file has no better one for it. */
  weakAliases?: readonly string[];
}

/** An office's mapping: normalized header as written → normalized target header, or null to ignore it. */
export type ColumnMapping = ReadonlyMap<string, string | null>;

export interface HeaderCell {
  index: number;
  text: string;
}

export interface ResolvedHeader {
  columns: Map<string, number>;
  /** Cells read by a weak alias or a similarity guess: said to the user. */
  guessed: Array<{ index: number; text: string; key: string; how: 'weak' | 'similar' }>;
  /** Cells not read, with the columns they most likely mean (absent ones first). */
  unused: Array<{ index: number; text: string; likely: string[]; present: boolean }>;
  /** Header cells that could each be one of several columns, or several cells for one column. */
  ambiguous: Array<{ text: string[]; keys: string[] }>;
  duplicates: Array<{ key: string; header: string; first: string }>;
}

// Words offices use for the same thing. Applied to normalized headers before comparing, so
// 入职时间 compares as 入职日期 and 证书级别 as 证书等级.
const SYNONYMS: ReadonlyArray<[RegExp, string]> = [
  [/公民身份号码|公民身份证号码?|居民身份证号码?|身份证号码/g, '身份证号'],
  [/号码/g, '号'],
  [/时间/g, '日期'],
  [/级别/g, '等级'],
  [/基础/g, '基本'],
  [/文化程度/g, '学历'],
  [/职业资格/g, '职业技能'],
];

// A header that names a known column plus one of these is about something else (证书编号 is not
// 证书等级's value, 离职原因 is not a date).
const OTHER_THING = /编号|编码|代码|备注|说明|原因|电话|手机|地址|照片|复印件|扫描件|附件|有效期|类型|名称|住址|籍贯|邮箱|联系/;

export function canonicalHeader(normalized: string): string {
  let s = normalized;
  for (const [re, to] of SYNONYMS) s = s.replace(re, to);
  return s;
}

/** How likely header `a` means header `b` (both canonical), from 0 to 1. */
export function headerSimilarity(a: string, b: string): number {
  if (a === b) return 1;
  if (!a || !b) return 0;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  // 证书编号 vs 证书等级: something else about the same subject.
  if (OTHER_THING.test(a) !== OTHER_THING.test(b)) return Math.min(0.3, lcsRatio(a, b));
  // Two characters say too little (编号 is 工号's alias, not 证书编号's meaning).
  if (short.length <= 2) return Math.min(0.5, lcsRatio(a, b));
  // An abbreviation keeps the order of the full form (身份证 ⊂ 身份证号, 取证日期 ⊂ 取得证书日期).
  if (short.length >= 3 && short.length / long.length >= 0.6 && isSubsequence(short, long)) return 0.85;
  return lcsRatio(a, b);
}

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i += 1;
  return i === short.length;
}

/** 2·LCS / (|a| + |b|): 连续工作起算日期 ~ 连续工作起始日期 is 0.875. */
function lcsRatio(a: string, b: string): number {
  const x = [...a];
  const y = [...b];
  let prev = new Array<number>(y.length + 1).fill(0);
  for (const cx of x) {
    const cur = [0];
    for (let j = 0; j < y.length; j++) cur.push(cx === y[j] ? prev[j]! + 1 : Math.max(prev[j + 1]!, cur[j]!));
    prev = cur;
  }
  return (2 * prev[y.length]!) / (x.length + y.length);
}

/** A guess is read when it reaches this and no other column comes near. */
export const CLEAR = 0.8;
/** Below CLEAR but at least this: named as the column the header most likely means. */
export const LIKELY = 0.65;

/**
 * Resolves a header row. `headerCells`: the non-empty text cells; `dynamic` keys pattern
 * headers (month columns); `guess`: false for gov-clerk's own workbooks, read by exact names only.
 */
export function resolveHeader(
  headerCells: readonly HeaderCell[],
  columns: readonly HeaderSpecColumn[],
  opts: { mapping?: ColumnMapping; dynamic?: (normalized: string) => string | null; guess?: boolean } = {},
): ResolvedHeader {
  const exact = new Map<string, string>();
  for (const c of columns) for (const n of [c.header, ...c.aliases]) exact.set(canonicalHeader(normalizeHeader(n)), c.key);
  const out: ResolvedHeader = { columns: new Map(), guessed: [], unused: [], ambiguous: [], duplicates: [] };
  const textOf = new Map<string, string>();
  const take = (key: string, cell: HeaderCell): boolean => {
    if (out.columns.has(key)) {
      out.duplicates.push({ key, header: cell.text, first: textOf.get(key)! });
      return false;
    }
    out.columns.set(key, cell.index);
    textOf.set(key, cell.text);
    return true;
  };

  // 1. The office's mapping, names as written, pattern headers.
  const rest: Array<HeaderCell & { norm: string }> = [];
  for (const cell of headerCells) {
    const norm = normalizeHeader(cell.text);
    if (!norm) continue;
    if (opts.mapping?.has(norm)) {
      const target = opts.mapping.get(norm);
      if (target === null) continue; // ignored on purpose
      const key = exact.get(canonicalHeader(target!));
      if (key !== undefined) {
        take(key, cell);
        continue;
      }
      // A mapping to a column of another table: this one reads the header as usual.
    }
    const key = exact.get(canonicalHeader(norm)) ?? opts.dynamic?.(norm) ?? null;
    if (key !== null) take(key, cell);
    else rest.push({ ...cell, norm });
  }
  if (opts.guess === false) {
    for (const cell of rest) out.unused.push({ index: cell.index, text: cell.text, likely: [], present: false });
    return out;
  }

  // 2. Weak aliases, for columns still without a header.
  const weak = new Map<string, string>();
  for (const c of columns) for (const n of c.weakAliases ?? []) weak.set(canonicalHeader(normalizeHeader(n)), c.key);
  const left: typeof rest = [];
  for (const cell of rest) {
    const key = weak.get(canonicalHeader(cell.norm));
    if (key !== undefined && !out.columns.has(key)) {
      take(key, cell);
      out.guessed.push({ index: cell.index, text: cell.text, key, how: 'weak' });
    } else left.push(cell);
  }

  // 3. Similarity, against every name of every column.
  const names = columns.map((c) => ({ key: c.key, names: [c.header, ...c.aliases, ...(c.weakAliases ?? [])].map((n) => canonicalHeader(normalizeHeader(n))) }));
  const scored = left.map((cell) => {
    const canon = canonicalHeader(cell.norm);
    const byKey = names
      .map((c) => ({ key: c.key, score: Math.max(...c.names.map((n) => headerSimilarity(canon, n))) }))
      .sort((a, b) => b.score - a.score);
    return { cell, byKey };
  });
  // A clear guess: the best column reaches CLEAR, is not yet read, and no other absent column comes near.
  const claims = new Map<string, Array<(typeof scored)[number]>>();
  for (const s of scored) {
    const open = s.byKey.filter((k) => !out.columns.has(k.key));
    const best = open[0];
    if (best && best.score >= CLEAR) {
      const rival = open.find((k) => k.key !== best.key && k.score >= LIKELY);
      if (rival) {
        out.ambiguous.push({ text: [s.cell.text], keys: [best.key, rival.key] });
        continue;
      }
      claims.set(best.key, [...(claims.get(best.key) ?? []), s]);
      continue;
    }
    const likely = s.byKey.filter((k) => k.score >= LIKELY).slice(0, 2);
    out.unused.push({
      index: s.cell.index,
      text: s.cell.text,
      likely: likely.map((k) => k.key),
      present: likely.length > 0 && likely.every((k) => out.columns.has(k.key)),
    });
  }
  for (const [key, cells] of claims) {
    if (cells.length > 1) {
      out.ambiguous.push({ text: cells.map((c) => c.cell.text), keys: [key] });
      continue;
    }
    const { cell } = cells[0]!;
    take(key, cell);
    out.guessed.push({ index: cell.index, text: cell.text, key, how: 'similar' });
  }
  out.unused.sort((a, b) => a.index - b.index);
  return out;
}

/**
 * Parses `--columns` values: `证书级别=证书等级,身份证=身份证号`, or the name of a text file of
 * such lines (# begins a comment). A target of 忽略 marks a column as deliberately unused.
 * `known`: every header and alias of every table, normalized; `readFile` reads a mapping file.
 */
export function parseColumnMapping(
  values: readonly string[],
  known: ReadonlySet<string>,
  readFile: (path: string) => string,
): { mapping: Map<string, string | null>; errors: string[] } {
  const mapping = new Map<string, string | null>();
  const errors: string[] = [];
  for (const value of values) {
    const isPair = /[=＝]/.test(value);
    const text = isPair ? value : readFile(value);
    const where = isPair ? '--columns' : `--columns 文件 ${value}`;
    for (const raw of text.split(isPair ? /[,，;；\n]/ : /\r?\n/)) {
      const line = raw.replace(/#.*$/, '').trim();
      if (!line) continue;
      const m = /^(.+?)\s*[=＝]\s*(.+)$/.exec(line);
      if (!m) {
        errors.push(`${where} 中的“${line}”不是“表中的列名=标准列名”的形式`);
        continue;
      }
      const from = normalizeHeader(m[1]!);
      const to = normalizeHeader(m[2]!);
      if (to === '忽略' || to === '不用' || to === '-') {
        mapping.set(from, null);
      } else if (!known.has(to)) {
        errors.push(`${where} 中的“${m[2]!.trim()}”不是已知的列名`);
      } else mapping.set(from, to);
    }
  }
  return { mapping, errors };
}
