// --columns: an office's own header names for the standard columns (证书级别=证书等级), given on
// the command line or kept in a file beside its spreadsheets (README「花名册怎么填」).
import { statSync } from 'node:fs';
import { UserError } from '../errors.js';
import { parseColumnMapping, type ColumnMapping } from '../io/header-match.js';
import { normalizeHeader } from '../io/normalize.js';

const MAX_MAPPING_FILE = 1 << 20;

/** The mapping of every --columns value, its targets checked against every table's columns. */
export async function columnMapping(values: readonly string[] | undefined): Promise<ColumnMapping | undefined> {
  if (!values || values.length === 0) return undefined;
  const [{ ROSTER }, { RATINGS_TABLE }, { CENTERS }] = await Promise.all([
    import('../schema/roster.js'),
    import('../schema/ratings.js'),
    import('../schema/centers.js'),
  ]);
  const known = new Set<string>();
  for (const spec of [ROSTER, RATINGS_TABLE, CENTERS]) for (const c of spec.columns) for (const n of [c.header, ...c.aliases]) known.add(normalizeHeader(n));
  const files = new Map<string, string>();
  for (const v of values) if (!/[=＝]/.test(v)) files.set(v, await readMappingFile(v));
  const { mapping, errors } = parseColumnMapping(values, known, (path) => files.get(path)!);
  if (errors.length > 0) {
    const standard = [...new Set([ROSTER, RATINGS_TABLE, CENTERS].flatMap((s) => s.columns.map((c) => c.header)))].join('、');
    throw new UserError(`${errors[0]}。应写成 --columns 表中的列名=标准列名（如 --columns 证书级别=证书等级；不用的列写 =忽略），标准列名有：${standard}。`);
  }
  return mapping;
}

/** A mapping file: a regular UTF-8 text file, read as every small input is (never a pipe, never past its size). */
async function readMappingFile(path: string): Promise<string> {
  let st;
  try {
    st = statSync(path);
  } catch {
    throw new UserError(`--columns 的值“${path}”既不是“列名=标准列名”，也不是存在的文件。请写成 --columns 证书级别=证书等级，或给出列名对应文件的路径。`);
  }
  if (!st.isFile()) throw new UserError(`--columns 的文件 ${path} 不是普通文件。请给出一个文本文件，每行写一项“表中的列名=标准列名”。`);
  if (st.size > MAX_MAPPING_FILE) throw new UserError(`--columns 的文件 ${path} 超过 1 MB，不像列名对应文件。请每行写一项“表中的列名=标准列名”。`);
  const { readSmallText } = await import('../policy/load.js'); // loaded only for a mapping file
  const text = readSmallText(path, { label: '列名对应文件', option: ' --columns 的值', template: '每行一项"表中的列名=标准列名"的文本文件' });
  if (text.includes('\ufffd')) {
    throw new UserError(`--columns 的文件 ${path} 不是 UTF-8 编码的文本。请用记事本"另存为"UTF-8 后再试。`);
  }
  return text.replace(/^\ufeff/, '');
}
