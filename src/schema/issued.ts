// Last month's allowance sheet as it was issued (payroll --previous, issue 13): gov-clerk's own
// 补贴发放表, or a town's copy of it with the same headers. Each row is one clerk's amounts,
// found again in this month's roster by 工号, or by 身份证号 where there is no 工号.
import type { ColumnSpec, DataRow, TableSpec } from '../io/table.js';
import { cellDisplay, shownText } from '../io/cell.js';
import { UserError } from '../errors.js';
import { parseMoney } from './values.js';

type IssuedKey = 'employeeNo' | 'name' | 'idNumber' | 'center' | 'skill' | 'seniority' | 'education' | 'total' | 'rosterRow';
const col = (key: IssuedKey, header: string, aliases: string[], required: boolean): ColumnSpec & { key: IssuedKey } => ({ key, header, aliases, required });

export const ISSUED: TableSpec = {
  label: '补贴发放表',
  columns: [
    col('employeeNo', '工号', ['编号', '人员编号', '员工编号'], false),
    col('name', '姓名', [], true),
    col('idNumber', '身份证号', ['身份证号码', '公民身份号码', '证件号码'], false),
    col('center', '所属中心', ['单位', '所在单位', '工作单位', '服务中心'], false),
    col('skill', '技能补贴', [], false),
    col('seniority', '年限补贴', [], false),
    col('education', '学历补贴', [], false),
    col('total', '补贴合计', ['合计', '补贴合计（元）'], true),
    col('rosterRow', '花名册行号', [], false),
  ],
  // An issued sheet has amounts and someone to pay them to.
  accept: (keys) => keys.has('total') && keys.has('name') && (keys.has('employeeNo') || keys.has('idNumber')),
};

export interface IssuedRow {
  /** The row in the issued sheet (for messages). */
  row: number;
  /** 工号 when the sheet has one for this row, else 身份证号. */
  key: { by: 'employeeNo' | 'idNumber'; value: string };
  name: string;
  center?: string;
  /** The roster row the sheet says it was paid from (gov-clerk's sheets have it). */
  rosterRow?: number;
  skill?: number;
  seniority?: number;
  education?: number;
  total: number;
}

/**
 * One data row: an IssuedRow, 'skip' for what is not a clerk (the 合计 row, the signature line,
 * blank rows), or a UserError naming the cell that cannot be read.
 */
export function parseIssuedRow(row: DataRow, file: string): IssuedRow | 'skip' {
  const text = (key: string) => shownText(row.get(key));
  const name = text('name');
  const employeeNo = text('employeeNo');
  const idNumber = text('idNumber');
  // 小计 too: the sheet printed since issue 22 has one per centre (and 合计 per funding body).
  if (name === '合计' || name === '总计' || name === '小计' || (!employeeNo && !idNumber && !name)) return 'skip';
  // A line with no amount and nobody, or one text across the row: the signature line under the
  // table (merged, so once the file has been saved again its text is in every column), a note.
  if (!parseMoney(row.get('total')).ok) {
    const texts = new Set([name, employeeNo, idNumber, text('total')].filter((t) => t !== undefined));
    if ((!employeeNo && !idNumber) || texts.size === 1) return 'skip';
  }
  const where = `上月发放表 ${file} 第 ${row.row} 行${name ? `（${name}）` : ''}`;
  if (!employeeNo && !idNumber) throw new UserError(`${where}既没有工号也没有身份证号，无法对应到本月花名册中的人员。请补上后再试，或不用 --previous。`);
  if (!employeeNo && idNumber!.includes('*')) {
    throw new UserError(`${where}没有工号，身份证号已脱敏（${idNumber}），无法对应到人员。请用未加 --mask-id 生成的上月发放表。`);
  }
  const money = (key: IssuedKey, required: boolean): number | undefined => {
    const c = row.get(key);
    const r = parseMoney(c);
    if (!r.ok || (required && r.value === undefined)) throw new UserError(`${where}的「${ISSUED.columns.find((x) => x.key === key)!.header}」“${cellDisplay(c)}”不是金额。请检查该行后再试。`);
    return r.value;
  };
  const rosterRow = row.get('rosterRow');
  const skill = money('skill', false);
  const seniority = money('seniority', false);
  const education = money('education', false);
  const center = text('center');
  return {
    row: row.row,
    key: employeeNo ? { by: 'employeeNo', value: employeeNo } : { by: 'idNumber', value: idNumber!.toUpperCase() },
    name: name ?? '',
    ...(center !== undefined ? { center } : {}),
    ...(rosterRow.t === 'number' ? { rosterRow: rosterRow.v } : {}),
    ...(skill !== undefined ? { skill } : {}),
    ...(seniority !== undefined ? { seniority } : {}),
    ...(education !== undefined ? { education } : {}),
    total: money('total', true)!,
  };
}
