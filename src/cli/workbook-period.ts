// Which period a workbook gov-clerk wrote was computed for: 计算期间 in its 政策参数 sheet
// (2025-05 for a payroll, 2025 for an annual report). Used to check --previous and --history.
import { cellDisplay } from '../io/cell.js';
import { openTable, type TableSpec } from '../io/table.js';
import { UserError } from '../errors.js';
import { openSource, sheetNamesOf } from '../io/sources.js';
import { readHead } from '../file-check.js';

/** The key/value sheet gov-clerk writes in every workbook. */
const PARAMS: TableSpec = {
  label: '政策参数',
  columns: [
    { key: 'item', header: '项目', aliases: [], required: true },
    { key: 'value', header: '内容', aliases: [], required: true },
  ],
};

/** What a gov-clerk workbook says of itself in 政策参数: the period and the tool that wrote it. */
interface Made {
  period?: string;
  tool?: string;
}

/**
 * 政策参数 of a workbook, if it has that sheet; undefined when it has none (not one of ours). A
 * file that cannot be read at all says why (empty, .xls, a password: issue 24.7), instead of
 * passing for "not a gov-clerk workbook".
 */
async function madeBy(path: string): Promise<Made | undefined> {
  if (!(await sheetNamesOf(path)).includes(PARAMS.label)) return undefined;
  let table;
  try {
    table = await openTable(path, PARAMS, { sheet: PARAMS.label });
  } catch (e) {
    if (e instanceof UserError) return undefined; // a sheet of that name but not our table
    throw e;
  }
  const made: Made = {};
  for await (const row of table.rows) {
    const item = cellDisplay(row.get('item'));
    if (item === '计算期间') made.period ??= cellDisplay(row.get('value')).trim();
    if (item === '工具版本') made.tool ??= cellDisplay(row.get('value')).trim();
  }
  return made;
}

/** The period a gov-clerk workbook was computed for (计算期间 in its 政策参数 sheet), if it says. */
export async function periodOf(path: string): Promise<string | undefined> {
  return (await madeBy(path))?.period;
}

/** The sheets of gov-clerk's annual workbook that no monthly rating file has. */
const ANNUAL_SHEETS = ['年度考核', '月度比例', '等次分布'];

/** The columns only gov-clerk's annual CSV has (年度考核 as CSV: no 政策参数 to read). */
const ANNUAL_CSV_HEADER = ['最长连续差', '等次范围', '需人工复核'];

/**
 * Whether the file is an output gov-clerk wrote (issue 24.7): a workbook whose 政策参数 names
 * gov-clerk as its tool, or the annual report saved as CSV, whatever the file is called now.
 */
export async function isOwnOutput(path: string): Promise<boolean> {
  const source = await openSource(path);
  if (source.format === 'csv') {
    const { default: iconv } = await import('iconv-lite');
    const header = iconv.decode(await readHead(path, 8192), source.encoding!).split(/\r?\n/)[0]!;
    return ANNUAL_CSV_HEADER.every((h) => header.includes(h));
  }
  const sheets = await sheetNamesOf(path);
  // The annual report's own sheets, all three, even when 政策参数 was deleted before it was renamed.
  if (ANNUAL_SHEETS.every((n) => sheets.includes(n))) return true;
  return sheets.includes(PARAMS.label) && ((await madeBy(path))?.tool?.startsWith('gov-clerk') ?? false);
}
