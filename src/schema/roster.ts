// The roster table (花名册, docs/contract.md §3.1): its columns and how one row becomes a Clerk.
import type { IsoDate } from '../calendar.js';
import type { Clerk, Level, SkillGrade } from '../domain.js';
import { CATALOGUE, makeIssue, type Issue, type CellCode, type CellData, type IssueContext } from '../issues/catalogue.js';
import { cellDisplay, type Cell } from '../io/cell.js';
import type { ColumnSpec, DataRow, TableSpec } from '../io/table.js';
import {
  levelFromCenterName,
  parseDate,
  parseEducation,
  parseId,
  parseIdentity,
  parseLevel,
  parseMoney,
  parseOtherCerts,
  parseSkillGrade,
  parseYesNo,
  isTemplateExample,
  type Parsed,
} from './values.js';

type RosterKey =
  | 'employeeNo' | 'name' | 'idNumber' | 'birthDate' | 'center' | 'level' | 'education' | 'startDate'
  | 'continuousStart' | 'skillGrade' | 'certDate' | 'firstCertDate' | 'otherCerts' | 'probationEnd' | 'probationFlag'
  | 'baseSalary' | 'leaveDate';

interface RosterColumn extends ColumnSpec {
  key: RosterKey;
  /** An unreadable value here makes the row's pay uncomputable: the row is excluded. */
  blocksPay: boolean;
}

const col = (
  key: RosterKey,
  header: string,
  aliases: string[],
  required: boolean,
  blocksPay: boolean,
  more: Pick<RosterColumn, 'weakAliases' | 'whenMissing' | 'missingUnless' | 'missingOnlyWith'> = {},
): RosterColumn => ({ key, header, aliases, required, blocksPay, ...more });

// Aliases are headers offices really type (时间/日期, 号码/号, 级别/等级 are folded before
// matching: io/header-match.ts); weak aliases usually mean the column and are read, and said,
// only when the file has no column of that name.
export const ROSTER_COLUMNS: readonly RosterColumn[] = [
  col('employeeNo', '工号', ['编号', '人员编号', '员工编号', '职工编号', '职工号'], false, true),
  col('name', '姓名', [], true, true),
  col('idNumber', '身份证号', ['身份证', '身份证号码', '公民身份号码', '证件号码', '身份证件号码'], false, false),
  col('birthDate', '出生日期', ['出生年月', '出生年月日'], false, false),
  col('center', '所属中心', ['单位', '所在单位', '工作单位', '服务中心'], true, true),
  col('level', '中心层级', ['层级'], false, true),
  col('education', '学历', ['最高学历', '文化程度', '学历层次'], true, true),
  col('startDate', '上岗日期', ['入职日期', '到岗日期', '上岗时间', '入职时间'], true, true, { weakAliases: ['参加工作时间', '参加工作日期', '工作时间'] }),
  col('continuousStart', '连续工作起始日期', ['连续工作开始日期', '连续工作起算日期'], false, true),
  col('skillGrade', '证书等级', ['技能等级', '职业技能等级', '办事员证书等级', '证书级别', '职业资格等级', '技能等级证书', '职业技能等级证书'], false, true, {
    whenMissing: '所有人按没有办事员证书计算，不发技能补贴（社工证除外）和年限补贴',
  }),
  col('certDate', '取证日期', ['发证日期', '证书取得日期', '取得证书日期', '获证日期', '取证时间'], false, true, {
    whenMissing: '填了证书等级的人都因缺少取证日期而不发放',
    missingOnlyWith: 'skillGrade',
  }),
  col('firstCertDate', '首次取证日期', ['初次取证日期', '首次发证日期', '首次取得证书日期'], false, true),
  col('otherCerts', '其他证书', ['社工证'], false, false, { whenMissing: '社会工作者证书不参与技能补贴' }),
  col('probationEnd', '试用期截止日期', ['试用期至', '试用期满日期', '试用期到期日期'], false, true, {
    whenMissing: '也没有「是否试用期」列，无法判断谁在试用期，试用期内的人也会计发年限补贴和学历补贴',
    missingUnless: 'probationFlag',
  }),
  col('probationFlag', '是否试用期', ['试用期'], false, true),
  col('baseSalary', '基本工资', ['基础工资'], false, true, { whenMissing: '发放表不计算应发合计（基本工资 + 补贴）' }),
  col('leaveDate', '离岗日期', ['离职日期', '离岗时间'], false, true, { whenMissing: '无法判断谁已离岗，花名册上的人都按在岗计发' }),
];

export const ROSTER: TableSpec = { label: '花名册', columns: ROSTER_COLUMNS };

const HEADER = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.header])) as Record<RosterKey, string>;
const BLOCKS = Object.fromEntries(ROSTER_COLUMNS.map((c) => [c.key, c.blocksPay])) as Record<RosterKey, boolean>;

/** One roster row as read: the identity always, the Clerk when every pay field could be read. */
export interface RosterEntry {
  row: number;
  staffId: string;
  employeeNo?: string;
  name?: string;
  center?: string;
  idNumber?: string; // valid IDs only
  clerk?: Clerk;
  issues: Issue[];
  /** Error codes that stop this row from being paid (empty = payable if on post). */
  blocking: CellCode[];
}

export interface RosterContext {
  date1904?: boolean;
  clauseOf?: IssueContext['clauseOf'];
  /** Centres already warned about an unknown level: one warning per centre, not per row. */
  levelWarned?: Set<string>;
}

/** 身份证号: a placeholder (无, -) is blank with a warning; anything else must be a valid number. */
function parseIdNumberCell(cell: Cell): Parsed<{ id: string; birthDate: IsoDate } | undefined> {
  // A number is read as a number: its lost digits are the finding, not a wrong check digit.
  if (cell.t === 'number') return parseId(cell);
  const r = parseIdentity(cell, true);
  if (r.ok && r.value === undefined) return r as Parsed<undefined>;
  return parseId(r.ok && r.value !== undefined ? { t: 'text', v: r.value } : cell);
}

export function parseRosterRow(row: DataRow, ctx: RosterContext = {}): RosterEntry {
  const issues: Issue[] = [];
  const blocking: CellCode[] = [];
  const at: IssueContext = { row: row.row, ...(ctx.clauseOf ? { clauseOf: ctx.clauseOf } : {}) };
  // Issues are made once the row's identity is known, so each message names the clerk.
  const pending: Array<{ key: RosterKey; code: CellCode; data: CellData }> = [];
  const raise = (key: RosterKey, code: CellCode, data: CellData, cell: Cell) => {
    pending.push({ key, code, data: { column: HEADER[key], value: cellDisplay(cell), ...data } });
    if (CATALOGUE[code].severity === 'error' && BLOCKS[key]) blocking.push(code);
  };
  /** Reads one column; blank is `undefined` unless the column must be filled. */
  function read<T>(key: RosterKey, parse: (c: Cell) => Parsed<T>, mustFill = false, detail?: string): T | undefined {
    const cell = row.get(key);
    if (cell.t === 'empty' && !mustFill) return undefined;
    const r = parse(cell);
    if (r.ok) {
      if (r.warn) raise(key, r.warn.code, r.warn.data, cell);
      return r.value;
    }
    if (r.code === 'VALUE_REQUIRED' && cell.t === 'no-result') {
      raise(key, r.code, { detail: '公式没有保存计算结果，请在 Excel/WPS 中打开并保存后再试' }, cell);
    } else {
      raise(key, r.code, { ...r.data, ...(detail && r.code === 'VALUE_REQUIRED' ? { detail } : {}) }, cell);
    }
    return undefined;
  }
  const date = (c: Cell) => parseDate(c, ctx.date1904);

  const employeeNo = read('employeeNo', (c) => parseIdentity(c, true));
  const name = read('name', (c) => parseIdentity(c, false), true);
  if (isTemplateExample(name)) raise('name', 'EXAMPLE_ROW', { value: name! }, row.get('name'));
  const center = read('center', (c) => parseIdentity(c, false), true);
  const id = read('idNumber', parseIdNumberCell);
  const birthColumn = read('birthDate', date);
  const levelColumn = read('level', parseLevel);
  const education = read('education', parseEducation, true);
  const startDate = read('startDate', date, true);
  const continuousStart = read('continuousStart', date);
  const skillGrade: SkillGrade | undefined = read('skillGrade', parseSkillGrade);
  const certDate = read('certDate', date, skillGrade !== undefined, '已填写证书等级，须填写取证日期');
  const firstCertDate = read('firstCertDate', date);
  if (firstCertDate !== undefined && skillGrade === undefined && row.get('skillGrade').t === 'empty') {
    raise('skillGrade', 'VALUE_REQUIRED', { detail: '已填写首次取证日期，须填写现在的证书等级' }, row.get('skillGrade'));
  }
  if (firstCertDate !== undefined && certDate !== undefined && firstCertDate > certDate) {
    raise('firstCertDate', 'VALUE_INVALID', { expected: `不晚于取证日期 ${certDate} 的日期（首次取证在前，升级在后）` }, row.get('firstCertDate'));
  }
  const probationEnd = read('probationEnd', date);
  const probationFlag = read('probationFlag', parseYesNo);
  const baseSalary = read('baseSalary', parseMoney);
  const leaveDate = read('leaveDate', date);

  const otherCell = row.get('otherCerts');
  const other = parseOtherCerts(otherCell);
  for (const u of other.unknown) raise('otherCerts', 'CERT_UNKNOWN', { value: u }, otherCell);

  const staffId = employeeNo ?? id?.id ?? `${name ?? `第${row.row}行`}@${center ?? ''}`;
  for (const p of pending) issues.push(makeIssue(p.code, { ...at, staffId }, p.data));

  let level: Level | undefined = levelColumn;
  let levelSource: Clerk['levelSource'] = 'column';
  if (level === undefined && center !== undefined && row.get('level').t === 'empty') {
    const derived = levelFromCenterName(center);
    if (derived) {
      level = derived;
      levelSource = 'name';
    } else {
      level = 'town';
      levelSource = 'default';
      if (!ctx.levelWarned?.has(center)) {
        ctx.levelWarned?.add(center);
        issues.push(makeIssue('CENTER_LEVEL_UNKNOWN', { ...at, staffId }, { column: HEADER.center, value: center }));
      }
    }
  }

  const entry: RosterEntry = {
    row: row.row,
    staffId,
    issues,
    blocking,
    ...(employeeNo !== undefined ? { employeeNo } : {}),
    ...(name !== undefined ? { name } : {}),
    ...(center !== undefined ? { center } : {}),
    ...(id ? { idNumber: id.id } : {}),
  };
  if (blocking.length > 0 || name === undefined || center === undefined || level === undefined) return entry;
  if (education === undefined || startDate === undefined) return entry;

  const birthDate: IsoDate | undefined = birthColumn ?? id?.birthDate;
  entry.clerk = {
    row: row.row,
    staffId,
    name,
    center,
    level,
    levelSource,
    education,
    startDate,
    otherCerts: other.certs,
    ...(employeeNo !== undefined ? { employeeNo } : {}),
    ...(id ? { idNumber: id.id } : {}),
    ...(birthDate ? { birthDate, birthDateSource: birthColumn ? ('column' as const) : ('id' as const) } : {}),
    ...(continuousStart ? { continuousStart } : {}),
    ...(skillGrade !== undefined && certDate
      ? { cert: { grade: skillGrade, date: certDate, ...(firstCertDate !== undefined && firstCertDate < certDate ? { firstDate: firstCertDate } : {}) } }
      : {}),
    ...(probationEnd ? { probationEnd } : {}),
    ...(probationFlag !== undefined ? { probationFlag } : {}),
    ...(baseSalary !== undefined ? { baseSalary } : {}),
    ...(leaveDate ? { leaveDate } : {}),
  };
  return entry;
}

