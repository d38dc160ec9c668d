import { basename } from 'node:path';
import { UserError } from '../errors.js';

/** Any failure while reading a file, as one sentence: the library's own words go to DEBUG only. */
export function asReadError(e: unknown, path: string, row?: number): unknown {
  if (e instanceof UserError) return e;
  if (process.env.DEBUG) console.error(e);
  const where = row ? `第 ${row} 行附近` : '';
  return new UserError(`无法读取文件 ${basename(path)}${where}：文件已损坏或格式不正确。请在 Excel 或 WPS 中打开并重新保存（另存为 .xlsx 或 CSV）后再试。`);
}
