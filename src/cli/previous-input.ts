// payroll --previous: last month's allowance sheet as issued, read by 工号 / 身份证号 (issue 13).
import { basename } from 'node:path';
import { formatChineseMonth, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { openTable } from '../io/table.js';
import { periodOf } from './workbook-period.js';
import { inputMeta, type InputMeta } from '../report/meta.js';
import { ISSUED, parseIssuedRow, type IssuedRow } from '../schema/issued.js';

export interface PreviousInput {
  rows: IssuedRow[];
  meta: InputMeta;
}

/**
 * Reads the issued sheet. It must be month `previous` when it says which month it is (gov-clerk's
 * workbooks do, in 政策参数); each person once; every amount readable (else one sentence, exit 2).
 */
export async function readPrevious(path: string, previous: IsoMonth): Promise<PreviousInput> {
  const said = await periodOf(path);
  if (said !== undefined && said !== previous) {
    throw new UserError(`--previous 给出的 ${basename(path)} 是 ${said} 的发放表，本次应与上月 ${previous}（${formatChineseMonth(previous)}）比较。请给出 ${previous} 的补贴发放表。`);
  }
  const table = await openTable(path, ISSUED);
  const rows: IssuedRow[] = [];
  const seen = new Map<string, number>();
  for await (const row of table.rows) {
    const r = parseIssuedRow(row, basename(path));
    if (r === 'skip') continue;
    const key = `${r.key.by}:${r.key.value}`;
    const first = seen.get(key);
    if (first !== undefined) {
      throw new UserError(`上月发放表 ${basename(path)} 第 ${first} 行和第 ${r.row} 行是同一人（${r.key.by === 'employeeNo' ? '工号' : '身份证号'} ${r.key.value}），无法确定上月实发金额。请检查该表。`);
    }
    seen.set(key, r.row);
    rows.push(r);
  }
  if (rows.length === 0) throw new UserError(`上月发放表 ${basename(path)} 中没有任何人员的发放行。请检查 --previous 给出的文件。`);
  return { rows, meta: await inputMeta(path, table, rows.length) };
}
