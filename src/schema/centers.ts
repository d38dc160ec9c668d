// The centres table (中心表, docs/contract.md §3.3): its columns and how one row becomes a Center.
import type { Level, TownType } from '../domain.js';
import { CATALOGUE, makeIssue, type Issue, type CellCode, type CellData } from '../issues/catalogue.js';
import { cellDisplay, type Cell } from '../io/cell.js';
import type { ColumnSpec, DataRow, TableSpec } from '../io/table.js';
import { normalizeToken } from '../io/normalize.js';
import { isTemplateExample, parseIdentity, parseLevel, type Parsed } from './values.js';

type CenterKey = 'name' | 'level' | 'type' | 'windows' | 'clerks' | 'direct' | 'hrSocial' | 'civilAffairs';

const col = (key: CenterKey, header: string, aliases: string[], required: boolean): ColumnSpec => ({ key, header, aliases, required });

export const CENTER_COLUMNS: readonly ColumnSpec[] = [
  col('name', '中心名称', ['所属中心', '单位'], true),
  col('level', '层级', ['中心层级'], true),
  col('type', '类型', ['镇街类型'], false),
  col('windows', '综合窗口数', ['窗口数', '全科窗口数'], true),
  col('clerks', '办事员人数', ['窗口人员数'], false),
  col('direct', '直属人员数', ['中心直属人员'], false),
  col('hrSocial', '人社人员数', ['人社'], false),
  col('civilAffairs', '民政人员数', ['民政'], false),
];

export const CENTERS: TableSpec = { label: '中心表', columns: CENTER_COLUMNS };

const HEADER = Object.fromEntries(CENTER_COLUMNS.map((c) => [c.key, c.header])) as Record<CenterKey, string>;

export interface Center {
  row: number;
  name: string;
  level: Level;
  type: TownType;
  windows: number;
  clerks?: number; // as declared
  direct?: number;
  hrSocial?: number;
  civilAffairs?: number;
}

export interface CenterEntry {
  row: number;
  name?: string;
  center?: Center;
  issues: Issue[];
}

const TOWN_TYPES: Record<string, TownType> = {
  一般: 'general', 一般镇: 'general', 一般镇街: 'general', 普通: 'general',
  小城市: 'small_city',
  城区中心街道: 'central_subdistrict', 中心街道: 'central_subdistrict', 城区街道: 'central_subdistrict',
};

export function parseTownType(cell: Cell): Parsed<TownType | undefined> {
  if (cell.t === 'empty') return { ok: true, value: undefined };
  const t = TOWN_TYPES[normalizeToken(cellDisplay(cell))];
  return t ? { ok: true, value: t } : { ok: false, code: 'VALUE_INVALID', data: { value: cellDisplay(cell), expected: '一般、小城市 或 城区中心街道' } };
}

export function parseCount(cell: Cell): Parsed<number | undefined> {
  if (cell.t === 'empty') return { ok: true, value: undefined };
  if (cell.t === 'no-result') return { ok: false, code: 'VALUE_REQUIRED', data: { detail: '公式没有保存计算结果，请在 Excel/WPS 中打开并保存后再试' } };
  const n = cell.t === 'number' ? cell.v : cell.t === 'text' ? Number(cell.v.normalize('NFKC').replace(/[个人名\s]+$/u, '')) : NaN;
  return Number.isInteger(n) && n >= 0
    ? { ok: true, value: n }
    : { ok: false, code: 'VALUE_INVALID', data: { value: cellDisplay(cell), expected: '不小于 0 的整数' } };
}

/** `clerksFromRoster`: the head count will come from --roster, so 办事员人数 may be blank. */
export function parseCenterRow(row: DataRow, clerksFromRoster: boolean): CenterEntry {
  const issues: Issue[] = [];
  let ok = true;
  const name = row.get('name').t === 'empty' ? undefined : parseIdentity(row.get('name'), false);
  const centerName = name?.ok ? name.value : undefined;
  const raise = (key: CenterKey, code: CellCode, data: CellData) => {
    issues.push(makeIssue(code, { row: row.row, ...(centerName ? { center: centerName } : {}) }, { column: HEADER[key], value: cellDisplay(row.get(key)), ...data }));
    if (CATALOGUE[code].severity === 'error') ok = false;
  };
  function read<T>(key: CenterKey, parse: (c: Cell) => Parsed<T | undefined>, required: boolean, detail?: string): T | undefined {
    const r = parse(row.get(key));
    if (!r.ok) {
      raise(key, r.code, r.data);
      return undefined;
    }
    if (r.value === undefined && required) raise(key, 'VALUE_REQUIRED', detail ? { detail } : {});
    return r.value;
  }
  if (!centerName) raise('name', 'VALUE_REQUIRED', {});
  else if (isTemplateExample(centerName)) raise('name', 'EXAMPLE_ROW', { value: centerName });
  const level = read('level', parseLevel, true);
  const type = read('type', parseTownType, false);
  const windows = read('windows', parseCount, true);
  const clerks = read('clerks', parseCount, !clerksFromRoster, '未提供 --roster 时须填写');
  const town = level === 'town';
  const direct = read('direct', parseCount, town, '镇街便民服务中心须填写');
  const hrSocial = read('hrSocial', parseCount, town, '镇街便民服务中心须填写');
  const civilAffairs = read('civilAffairs', parseCount, town, '镇街便民服务中心须填写');
  const entry: CenterEntry = { row: row.row, issues, ...(centerName ? { name: centerName } : {}) };
  if (ok && centerName && level && windows !== undefined) {
    entry.center = {
      row: row.row,
      name: centerName,
      level,
      type: type ?? 'general',
      windows,
      ...(clerks !== undefined ? { clerks } : {}),
      ...(direct !== undefined ? { direct } : {}),
      ...(hrSocial !== undefined ? { hrSocial } : {}),
      ...(civilAffairs !== undefined ? { civilAffairs } : {}),
    };
  }
  return entry;
}
