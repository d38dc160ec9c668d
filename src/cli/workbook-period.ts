// Which period a workbook gov-clerk wrote was computed for: 计算期间 in its 政策参数 sheet
// (2025-05 for a payroll, 2025 for an annual report). Used to check --previous and --history.
import { cellDisplay } from '../io/cell.js';
import { openTable, type TableSpec } from '../io/table.js';
import { UserError } from '../errors.js';

/** The key/value sheet gov-clerk writes in every workbook. */
const PARAMS: TableSpec = {
  label: '政策参数',
  columns: [
    { key: 'item', header: '项目', aliases: [], required: true },
    { key: 'value', header: '内容', aliases: [], required: true },
  ],
};

/** The period a gov-clerk workbook was computed for (计算期间 in its 政策参数 sheet), if it says. */
export async function periodOf(path: string): Promise<string | undefined> {
  let table;
  try {
    table = await openTable(path, PARAMS, { sheet: '政策参数' });
  } catch (e) {
    if (e instanceof UserError) return undefined; // not one of ours: its period is not written down
    throw e;
  }
  let period: string | undefined;
  for await (const row of table.rows) if (cellDisplay(row.get('item')) === '计算期间') period ??= cellDisplay(row.get('value')).trim();
  return period;
}
