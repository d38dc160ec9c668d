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
  // One person twice would be counted twice (and ranked against themself): refused, as --previous does.
  const seen = new Map<string, number>();
  for await (const row of table.rows) {
    const r = parseHistoryRow(row, basename(path));
    if (r === 'skip') continue;
    for (const [label, value] of identitiesOf(r)) {
      const first = seen.get(`${label}:${value}`);
      if (first !== undefined) {
        throw new UserError(`历史年度考核表 ${basename(path)} 第 ${first} 行和第 ${r.row} 行是同一人（${label} ${value}），无法确定其往年等次。请检查 --history 给出的文件。`);
      }
      seen.set(`${label}:${value}`, r.row);
    }
    rows.push(r);
  }
  return { file: basename(path), year: Number(period), rows, meta: await inputMeta(path, table, rows.length) };
}

/** Each way a history row names its person: 工号, 身份证号, or else 姓名 in 所属中心. */
function identitiesOf(r: HistoryRow): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  if (r.employeeNo !== undefined) out.push(['工号', r.employeeNo]);
  if (r.idNumber !== undefined) out.push(['身份证号', r.idNumber]);
  if (out.length === 0) out.push(['姓名', `${r.name}（${r.center ?? '未填中心'}）`]);
  return out;
}
