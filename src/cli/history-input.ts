// annual --history: earlier years' grades from gov-clerk's own annual workbooks (issue 14).
import { basename } from 'node:path';
import { UserError } from '../errors.js';
import { openTable } from '../io/table.js';
import { inputMeta, type InputMeta } from '../report/meta.js';
import { HISTORY, parseHistoryRow, type HistoryRow } from '../schema/history.js';
import { periodOf } from './workbook-period.js';

export interface HistoryInput {
  file: string;
  year: number;
  rows: HistoryRow[];
  meta: InputMeta;
}

/** One earlier annual workbook: its year (计算期间 in 政策参数) and its 年度考核 rows. */
export async function readHistory(path: string): Promise<HistoryInput> {
  const period = await periodOf(path);
  if (period === undefined || !/^\d{4}$/.test(period)) {
    throw new UserError(`--history 给出的 ${basename(path)} 不是 gov-clerk annual 生成的年度考核工作簿（其「政策参数」表中没有年度）。请给出往年 annual 的输出文件。`);
  }
  const table = await openTable(path, HISTORY, { sheet: '年度考核' });
  const rows: HistoryRow[] = [];
  for await (const row of table.rows) {
    const r = parseHistoryRow(row, basename(path));
    if (r !== 'skip') rows.push(r);
  }
  return { file: basename(path), year: Number(period), rows, meta: await inputMeta(path, table, rows.length) };
}
