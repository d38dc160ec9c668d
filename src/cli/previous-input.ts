// payroll --previous: last month's allowance sheet as issued, read by 工号 / 身份证号 (issue 13).
import { basename } from 'node:path';
import { formatChineseMonth, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { cellDisplay } from '../io/cell.js';
import { openTable, type TableSpec } from '../io/table.js';
import { inputMeta, type InputMeta } from '../report/meta.js';
import { ISSUED, parseIssuedRow, type IssuedRow } from '../schema/issued.js';

export interface PreviousInput {
  rows: IssuedRow[];
  meta: InputMeta;
}

/** The key/value sheet gov-clerk writes beside every output: it says which month was paid. */
const PARAMS: TableSpec = {
  label: '政策参数',
  columns: [
    { key: 'item', header: '项目', aliases: [], required: true },
    { key: 'value', header: '内容', aliases: [], required: true },
  ],
};

/**
 * Reads the issued sheet. It must be month `previous` when it says which month it is (gov-clerk's
 * workbooks do, in 政策参数); each person once; every amount readable (else one sentence, exit 2).
 */
export async function readPrevious(path: string, previous: IsoMonth): Promise<PreviousInput> {
  const said = await paidMonthOf(path);
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

/** The period a gov-clerk workbook was computed for (计算期间 in its 政策参数 sheet), if it says. */
export async function paidMonthOf(path: string): Promise<string | undefined> {
  let table;
  try {
    table = await openTable(path, PARAMS, { sheet: '政策参数' });
  } catch (e) {
    if (e instanceof UserError) return undefined; // not one of ours: its month is not written down
    throw e;
  }
  let month: string | undefined;
  for await (const row of table.rows) if (cellDisplay(row.get('item')) === '计算期间') month ??= cellDisplay(row.get('value')).trim();
  return month;
}
