// An earlier year's annual grades (annual --history, issue 14): gov-clerk's own 年度考核 sheet,
// read back by 工号, 身份证号 or 姓名 + 所属中心, as the ratings are.
import type { TableSpec, DataRow } from '../io/table.js';
import { shownText } from '../io/cell.js';
import { UserError } from '../errors.js';
import { GRADE_LABEL, type Grade } from '../domain.js';

export const HISTORY: TableSpec = {
  label: '年度考核',
  columns: [
    { key: 'employeeNo', header: '工号', aliases: ['编号', '人员编号'], required: false },
    { key: 'name', header: '姓名', aliases: [], required: true },
    { key: 'center', header: '所属中心', aliases: ['单位', '中心'], required: false },
    { key: 'grade', header: '等次', aliases: ['年度考核等次', '年度等次'], required: true },
    { key: 'idNumber', header: '身份证号', aliases: ['身份证号码'], required: false },
  ],
  accept: (keys) => keys.has('grade') && keys.has('name'),
};

/** A grade as the 年度考核 sheet writes it (GRADE_LABEL), back to the grade. */
const GRADES = new Map(Object.entries(GRADE_LABEL).map(([grade, label]) => [label, grade as Grade | 'pending']));

export interface HistoryRow {
  row: number;
  employeeNo?: string;
  idNumber?: string;
  name: string;
  center?: string;
  grade: Grade | 'pending';
}

/** One row of an earlier 年度考核 sheet; 'skip' for a row with nobody in it (a note, the totals). */
export function parseHistoryRow(row: DataRow, file: string): HistoryRow | 'skip' {
  const text = (key: string) => shownText(row.get(key));
  const name = text('name');
  const gradeText = text('grade');
  if (!name && !gradeText) return 'skip';
  const grade = gradeText !== undefined ? GRADES.get(gradeText) : undefined;
  if (!name || grade === undefined) {
    throw new UserError(`历史年度考核表 ${file} 第 ${row.row} 行${name ? `（${name}）` : ''}的等次“${gradeText ?? ''}”无法识别，应为 优秀、称职、基本称职、不称职 或 待定。请检查 --history 给出的文件。`);
  }
  const employeeNo = text('employeeNo');
  const idNumber = text('idNumber');
  const center = text('center');
  if (idNumber?.includes('*') && !employeeNo) {
    throw new UserError(`历史年度考核表 ${file} 第 ${row.row} 行（${name}）没有工号，身份证号已脱敏，无法对应到人员。请用未加 --mask-id 生成的年度考核表。`);
  }
  return {
    row: row.row,
    name,
    grade,
    ...(employeeNo !== undefined ? { employeeNo } : {}),
    ...(idNumber !== undefined && !idNumber.includes('*') ? { idNumber: idNumber.toUpperCase() } : {}),
    ...(center !== undefined ? { center } : {}),
  };
}
