// Value dictionaries and parsers (docs/contract.md §3.4). Each parser takes one normalized cell and
// says what it means, or why it cannot be read; the caller names the row and column.
import { fromExcelSerial, makeDate, type IsoDate } from '../calendar.js';
import { EDUCATION_LABEL, MAX_MONTHLY_YUAN, SOCIAL_WORK_CERTS, type Education, type Level, type SkillGrade, type SocialWorkCert } from '../domain.js';
import type { CellCode, CellData } from '../issues/catalogue.js';
import { cellDisplay, type Cell } from '../io/cell.js';
import { parseIdNumber } from './id-number.js';
import { memo } from '../memo.js';
import { normalizeToken } from '../io/normalize.js';

export type Parsed<T> =
  | { ok: true; value: T; warn?: { code: CellCode; data: CellData } }
  | { ok: false; code: CellCode; data: CellData };

const ok = <T>(value: T): Parsed<T> => ({ ok: true, value });
const fail = <T>(code: CellCode, data: CellData): Parsed<T> => ({ ok: false, code, data });
const invalid = <T>(cell: Cell, expected: string): Parsed<T> => fail('VALUE_INVALID', { value: cellDisplay(cell), expected });

/** Text columns: numbers become their digits, dates their ISO form. */
export function parseText(cell: Cell): Parsed<string> {
  switch (cell.t) {
    case 'text':
      return ok(cell.v);
    case 'number':
      return ok(Number.isInteger(cell.v) ? cell.v.toFixed(0) : String(cell.v));
    case 'date':
      return ok(cell.v);
    case 'bool':
      return ok(cell.v ? '是' : '否');
    case 'error':
      return invalid(cell, '文字（单元格是错误值）');
    case 'no-result':
    case 'empty':
      return fail('VALUE_REQUIRED', {});
  }
}

// —— identity fields (工号, 姓名, 所属中心, 身份证号) ——
/**
 * Characters that do not show but make two values differ: zero-width spaces and joiners,
 * direction marks, a BOM inside a cell, soft hyphens. `E\u200b001` and `E001` are one person.
 */
const INVISIBLE = /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]/g;
/** Spaces that look like a space but are not one (NBSP, narrow NBSP, ideographic space). */
const ODD_SPACE = /[\u00A0\u202F\u3000]/g;

/** What offices type for "none" in a 工号 or 身份证号 cell: blank, not a shared identity. */
const PLACEHOLDERS = new Set(['无', '空', '暂无', '没有', '未知', '待定', '缺', '-', '--', '—', '——', '/', '\\', '0', '00', '000', 'n/a', 'na', 'null', 'none', '.', '…', '...']);

/**
 * Text that identifies someone: invisible characters removed and odd spaces made plain (an
 * info issue says so); with `placeholders`, a placeholder such as 无 or - is blank, with a
 * warning, so that twenty thousand rows of 无 are not one duplicated person.
 */
export function parseIdentity(cell: Cell, placeholders: boolean): Parsed<string | undefined> {
  const r = parseText(cell);
  if (!r.ok || cell.t !== 'text') return r;
  const cleaned = r.value.replace(INVISIBLE, '').replace(ODD_SPACE, ' ').trim();
  if (placeholders && PLACEHOLDERS.has(normalizeToken(cleaned))) {
    return { ok: true, value: undefined, warn: { code: 'PLACEHOLDER_VALUE', data: { value: r.value } } };
  }
  if (cleaned === r.value) return r;
  if (cleaned === '') return fail('VALUE_REQUIRED', {});
  return { ok: true, value: cleaned, warn: { code: 'INVISIBLE_CHARS', data: { value: cleaned } } };
}

/** The example row `gov-clerk template` writes is marked 示例 in its name: never real data. */
export const EXAMPLE_MARK = '（示例）';
export function isTemplateExample(text: string | undefined): boolean {
  return text !== undefined && normalizeToken(text).includes('(示例)');
}

// —— dates ——
const DATE_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:\s+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const DATE_COMPACT = /^(\d{4})(\d{2})(\d{2})$/;
const MONTH_TEXT = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$/;
const MONTH_COMPACT = /^(\d{4})(\d{2})$/;
/** Excel's largest date, 9999-12-31. */
const MAX_SERIAL = 2958465;

export function parseDate(cell: Cell, date1904 = false): Parsed<IsoDate> {
  switch (cell.t) {
    case 'date':
      return ok(cell.v);
    case 'number':
      return dateFromNumber(cell.v, date1904, cellDisplay(cell));
    case 'text':
      return dateFromText(cell.v, date1904);
    case 'empty':
    case 'no-result':
      return fail('VALUE_REQUIRED', {});
    default:
      return fail('DATE_INVALID', { value: cellDisplay(cell) });
  }
}

function dateFromNumber(n: number, date1904: boolean, shown: string): Parsed<IsoDate> {
  // 20250601 typed as a number is a date written without separators, not a serial.
  if (Number.isInteger(n) && n >= 10000101 && n <= 99991231) {
    const d = makeDate(Math.floor(n / 10000), Math.floor(n / 100) % 100, n % 100);
    return d ? ok(d) : fail('DATE_INVALID', { value: shown });
  }
  if (n >= 1 && n <= MAX_SERIAL) {
    const d = fromExcelSerial(n, date1904);
    if (d) return ok(d);
  }
  return fail('DATE_INVALID', { value: shown, detail: '数字不是 Excel 日期序号' });
}

function dateFromText(raw: string, date1904: boolean): Parsed<IsoDate> {
  const s = raw.normalize('NFKC').trim();
  let m = DATE_TEXT.exec(s) ?? DATE_COMPACT.exec(s);
  if (m) {
    const d = makeDate(Number(m[1]), Number(m[2]), Number(m[3]));
    return d ? ok(d) : fail('DATE_INVALID', { value: raw, detail: '该日期不存在' });
  }
  m = MONTH_TEXT.exec(s) ?? MONTH_COMPACT.exec(s);
  if (m) {
    const d = makeDate(Number(m[1]), Number(m[2]), 1);
    if (!d) return fail('DATE_INVALID', { value: raw, detail: '该月份不存在' });
    return { ok: true, value: d, warn: { code: 'DATE_IMPRECISE', data: { value: raw } } };
  }
  if (/^\d{1,7}(\.\d+)?$/.test(s)) return dateFromNumber(Number(s), date1904, raw); // a serial saved as text
  return fail('DATE_INVALID', { value: raw });
}

// —— ID numbers ——
export function parseId(cell: Cell): Parsed<{ id: string; birthDate: IsoDate }> {
  if (cell.t === 'number') {
    const digits = asExcelShowsIt(cell.v);
    // An old 15-digit number survives as a number whole; an 18-digit one never does.
    if (digits.length === 15 && Number.isInteger(cell.v)) return parseId({ t: 'text', v: digits });
    return fail('ID_INVALID', {
      value: digits,
      detail:
        digits.length > 15
          ? `以数字格式保存，Excel 只保留 15 位有效数字，文件中是 ${digits.slice(0, 15)} 后面补 0，末 ${digits.length - 15} 位已丢失，无法还原；请把该列设为"文本"格式后重新录入`
          : `以数字格式保存，只有 ${digits.length} 位数字（应为 18 位）；请把该列设为"文本"格式后核对录入`,
    });
  }
  if (cell.t !== 'text') return fail('ID_INVALID', { value: cellDisplay(cell), detail: '不是文字' });
  const r = parseIdNumber(cell.v);
  return r.ok ? ok({ id: r.id, birthDate: r.birthDate }) : fail('ID_INVALID', { value: cell.v, detail: r.reason });
}

/**
 * A number as Excel keeps and shows it: 15 significant digits, then zeros
 * (321302199003121234 is stored as 3.21302199003121E+17 and shown as 321302199003121000).
 */
function asExcelShowsIt(v: number): string {
  const [mantissa, exp] = Math.abs(v).toPrecision(15).split('e');
  const e = Number(exp ?? 0);
  const [int, frac = ''] = mantissa!.split('.');
  if (!exp) return String(Math.trunc(Math.abs(v)));
  const all = int! + frac;
  return e + 1 >= all.length ? all.padEnd(e + 1, '0') : all.slice(0, e + 1);
}

// —— skill grade ——
const GRADE_TOKENS: Array<[string, SkillGrade]> = (
  [
    ['高级技师', 1], ['一级', 1], ['1级', 1],
    ['技师', 2], ['二级', 2], ['2级', 2],
    ['高级工', 3], ['高级', 3], ['三级', 3], ['3级', 3],
    ['中级工', 4], ['中级', 4], ['四级', 4], ['4级', 4],
    ['初级工', 5], ['初级', 5], ['五级', 5], ['5级', 5],
  ] as Array<[string, SkillGrade]>
).sort((a, b) => b[0].length - a[0].length);

const NO_CERT = new Set(['无', '没有', '未取证', '未取得', '暂无', '-', '--', '—', '/', '0', 'none', '无证书']);

/** undefined = no certificate. Whole tokens, longest first: 高级技师 is never read as 高级. */
export function parseSkillGrade(cell: Cell): Parsed<SkillGrade | undefined> {
  if (cell.t === 'empty') return ok(undefined);
  if (cell.t === 'number' && [1, 2, 3, 4, 5].includes(cell.v)) return ok(cell.v as SkillGrade);
  if (cell.t !== 'text') return invalid(cell, GRADE_EXPECTED);
  return gradeOfText(cell.v);
}

const gradeOfText = memo((text: string): Parsed<SkillGrade | undefined> => {
  const cell: Cell = { t: 'text', v: text };
  let s = normalizeToken(text);
  if (NO_CERT.has(s)) return ok(undefined);
  const found = new Set<SkillGrade>();
  for (const [token, grade] of GRADE_TOKENS) {
    if (s.includes(token)) {
      found.add(grade);
      s = s.split(token).join('|');
    }
  }
  if (found.size !== 1 || /\d/.test(s)) return invalid(cell, GRADE_EXPECTED);
  return ok([...found][0]!);
});
const GRADE_EXPECTED = '技能等级（五级/初级工、四级/中级工、三级/高级工、二级/技师、一级/高级技师，未取证留空）';

// —— other certificates ——
const CERT_ALIASES: Record<string, SocialWorkCert> = {
  助理社会工作师: 'assistant_social_worker',
  初级社工: 'assistant_social_worker',
  初级社会工作师: 'assistant_social_worker',
  助理社工师: 'assistant_social_worker',
  社会工作师: 'social_worker',
  中级社工: 'social_worker',
  中级社会工作师: 'social_worker',
  社工师: 'social_worker',
  高级社会工作师: 'senior_social_worker',
  高级社工: 'senior_social_worker',
  高级社工师: 'senior_social_worker',
};

export function parseOtherCerts(cell: Cell): { certs: SocialWorkCert[]; unknown: string[] } {
  if (cell.t !== 'text') return { certs: [], unknown: cell.t === 'empty' ? [] : [cellDisplay(cell)] };
  const certs = new Set<SocialWorkCert>();
  const unknown: string[] = [];
  for (const part of cell.v.split(/[、，,；;/\s\n]+/)) {
    if (!part) continue;
    const key = normalizeToken(part).replace(/(职业水平)?(证书?|资格证?)$/, '');
    const cert = CERT_ALIASES[key];
    if (cert) certs.add(cert);
    else if (!NO_CERT.has(key)) unknown.push(part);
  }
  return { certs: SOCIAL_WORK_CERTS.filter((c) => certs.has(c)), unknown };
}

// —— education ——
const EDUCATION: Record<string, Education> = {
  博士: 'doctorate', 博士研究生: 'doctorate', 博士后: 'doctorate',
  硕士: 'master', 硕士研究生: 'master', 研究生: 'master',
  本科: 'bachelor', 大学本科: 'bachelor', 大学: 'bachelor', 学士: 'bachelor',
  大专: 'college', 专科: 'college', 大学专科: 'college', 高职: 'college', 高职高专: 'college',
  中专: 'below_college', 中技: 'below_college', 技校: 'below_college', 高中: 'below_college',
  职高: 'below_college', 初中: 'below_college', 小学: 'below_college', 中职: 'below_college',
};
const EDUCATION_EXPECTED = '学历（博士研究生、硕士研究生、本科、大专、中专、高中等）';

export function parseEducation(cell: Cell): Parsed<Education> {
  if (cell.t === 'empty' || cell.t === 'no-result') return fail('VALUE_REQUIRED', {});
  if (cell.t !== 'text') return invalid(cell, EDUCATION_EXPECTED);
  return educationOfText(cell.v);
}

const educationOfText = memo((text: string): Parsed<Education> => {
  const cell: Cell = { t: 'text', v: text };
  let s = normalizeToken(text).replace(/^(全日制|国民教育)/, '');
  let doubt: string | undefined;
  s = s.replace(/学历$/, '');
  const suffix = /(毕业|结业|肄业)$/.exec(s);
  if (suffix) {
    s = s.slice(0, -2).replace(/学历$/, '');
    if (suffix[1] !== '毕业') doubt = `"${suffix[1]}"不一定取得学历`;
  }
  if (s === '在职研究生') {
    s = '研究生';
    doubt = '"在职研究生"可能只有学位没有学历';
  }
  const value = EDUCATION[s];
  if (!value) return invalid(cell, EDUCATION_EXPECTED);
  if (doubt) return { ok: true, value, warn: { code: 'EDUCATION_AMBIGUOUS', data: { value: text, expected: EDUCATION_LABEL[value], detail: doubt } } };
  return ok(value);
});

// —— yes / no ——
const YES = new Set(['是', 'y', 'yes', 'true', '1', '√', '✓', '✔', '对']);
const NO = new Set(['否', 'n', 'no', 'false', '0', '×', '✗', '✘', 'x', '不是']);

export function parseYesNo(cell: Cell): Parsed<boolean | undefined> {
  if (cell.t === 'empty') return ok(undefined);
  if (cell.t === 'bool') return ok(cell.v);
  const key = normalizeToken(cellDisplay(cell));
  if (YES.has(key)) return ok(true);
  if (NO.has(key)) return ok(false);
  return invalid(cell, '是 或 否');
}

// —— money ——
export function parseMoney(cell: Cell): Parsed<number | undefined> {
  if (cell.t === 'empty') return ok(undefined);
  if (cell.t === 'no-result') return fail('VALUE_REQUIRED', {});
  let n: number;
  if (cell.t === 'number') n = cell.v;
  else if (cell.t === 'text') {
    const s = cell.v.normalize('NFKC').replace(/[,\s¥￥]|元$/g, '');
    n = /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : NaN;
  } else n = NaN;
  if (!Number.isFinite(n) || n < 0 || n > MAX_MONTHLY_YUAN) return invalid(cell, `0 到 ${MAX_MONTHLY_YUAN.toLocaleString('en-US')} 之间的月金额（元），如 3000 或 3,000.00`);
  return ok(Math.round(n * 100) / 100);
}

// —— centre level ——
const LEVELS: Record<string, Level> = {
  区级: 'district', 区: 'district', 县区级: 'district', 县级: 'district', 区县级: 'district',
  镇街: 'town', 镇: 'town', 街道: 'town', '镇(街)': 'town', 镇级: 'town', 街道级: 'town', 镇街级: 'town', 乡镇: 'town',
  村社区: 'village', 村: 'village', 社区: 'village', '村(社区)': 'village', 村级: 'village', 村居: 'village',
};

const levelOfText = memo((text: string): Level | undefined => LEVELS[normalizeToken(text)]);

export function parseLevel(cell: Cell): Parsed<Level | undefined> {
  if (cell.t === 'empty') return ok(undefined);
  const level = levelOfText(cellDisplay(cell));
  return level ? ok(level) : invalid(cell, '区级、镇街 或 村社区');
}

/** docs/contract.md §3.1 注 3: the level a centre's name implies, or null. */
export const levelFromCenterName = memo(levelFromName);

function levelFromName(name: string): Level | null {
  const s = normalizeToken(name);
  if (s.includes('区政务服务中心') || s.includes('市民服务中心')) return 'district';
  if ((s.includes('镇') || s.includes('街道')) && s.includes('便民服务中心')) return 'town';
  if ((s.includes('村') || s.includes('社区')) && s.includes('服务站')) return 'village';
  return null;
}
