// What every output says about how it was made (docs/contract.md §6.2 tool/policy/inputs; 政策参数 sheet).
import { hashAsRead } from '../file-check.js';
import { basename } from 'node:path';
import { fieldsOf, messageOf, severityOf, type Issue, type IssueCode, type Severity } from '../issues/catalogue.js';
import type { Table } from '../io/table.js';
import type { Policy, ResolvedParam } from '../policy/policy.js';
import { looksLikeId, maskId } from '../schema/id-number.js';
import { VERSION } from '../version.js';
import { mapIterable, type CellOut, type Fills, type SheetOut } from './table.js';
import { SEVERITY_LABEL } from '../issues/catalogue.js';
import { filledNames, paramName, paramValueText } from './policy-text.js';

export interface InputMeta {
  path: string;
  sha256: string;
  sheet?: string;
  headerRow: number;
  rows: number;
  encoding?: string;
}

export interface RunMeta {
  kind: 'payroll' | 'budget' | 'annual' | 'staffing' | 'roster';
  period: string;
  policy: Policy;
  inputs: InputMeta[];
  generatedAt: Date;
  used: Map<string, ResolvedParam<unknown>>;
  maskIds: boolean;
}

/** What 政策参数 and JSON say of an input table: every command the same (encoding included). */
export async function inputMeta(path: string, table: Pick<Table, 'headerRow' | 'sheet' | 'encoding'>, rows: number): Promise<InputMeta> {
  return {
    path,
    // Refused when the file changed since its read began: the hash is of the rows read (src/file-check.ts).
    sha256: await hashAsRead(path),
    headerRow: table.headerRow,
    rows,
    ...(table.sheet !== undefined ? { sheet: table.sheet } : {}),
    ...(table.encoding !== undefined ? { encoding: table.encoding } : {}),
  };
}

/** Local time in China, whatever the machine's TZ: 2025-07-01 09:30:00 (UTC+8). */
export function chinaTimestamp(d: Date): string {
  const t = new Date(d.getTime() + 8 * 3_600_000).toISOString();
  return `${t.slice(0, 10)} ${t.slice(11, 19)} (UTC+8)`;
}

export function jsonHeader(meta: RunMeta) {
  return {
    kind: meta.kind,
    period: meta.period,
    tool: { name: 'gov-clerk', version: VERSION },
    policy: { id: meta.policy.file.id, sha256: meta.policy.sha256 },
    inputs: meta.inputs.map((i) => ({
      path: i.path,
      sha256: i.sha256,
      ...(i.sheet !== undefined ? { sheet: i.sheet } : {}),
      headerRow: i.headerRow,
      rows: i.rows,
    })),
  };
}

/** An ID-shaped value masked when --mask-id is on. */
export function idShown(value: string | undefined, mask: boolean): string | undefined {
  if (value === undefined || !mask) return value;
  return looksLikeId(value) ? maskId(value) : value;
}

/** A finding as every output shows it (JSON `issues`, 数据问题): the message made now, IDs masked on request. */
export interface IssueOut {
  severity: Severity;
  code: IssueCode;
  message: string;
  file?: string;
  /** 姓名, beside the staffId, where the run knows it. */
  name?: string;
  row?: number;
  column?: string;
  value?: string;
  staffId?: string;
  center?: string;
  required?: string | number;
  actual?: string | number;
  clause?: string;
}

export function issueForOutput(issue: Issue, mask: boolean): IssueOut {
  const f = fieldsOf(issue);
  const out: IssueOut = { severity: severityOf(issue), code: issue.code, message: messageOf(issue) };
  if (issue.file !== undefined) out.file = issue.file;
  if (issue.name !== undefined) out.name = issue.name;
  if (issue.row !== undefined) out.row = issue.row;
  if (f.column !== undefined) out.column = f.column;
  if (f.value !== undefined) out.value = mask && f.column === '身份证号' ? maskId(f.value) : f.value;
  if (issue.staffId !== undefined) out.staffId = idShown(issue.staffId, mask)!;
  if (issue.center !== undefined) out.center = issue.center;
  if (f.required !== undefined) out.required = f.required;
  if (f.actual !== undefined) out.actual = f.actual;
  if (issue.clause !== undefined) out.clause = issue.clause;
  return out;
}

/**
 * 数据问题; `sources`: the run read two inputs, so each row names its 文件, and people their 姓名.
 */
export function issuesSheet(issues: Iterable<Issue>, mask: boolean, sources = false): SheetOut {
  return issuesSheetOf(mapIterable(issues, (issue) => ({ issue })), mask, false, sources);
}

/** 数据问题 over a range of months: which months each finding applies to (a 月份 column). */
export function issuesSheetOver(found: Iterable<{ issue: Issue; months: string }>, mask: boolean): SheetOut {
  return issuesSheetOf(found, mask, true, false);
}

function issuesSheetOf(found: Iterable<{ issue: Issue; months?: string }>, mask: boolean, withMonths: boolean, sources: boolean): SheetOut {
  return {
    name: '数据问题',
    columns: [
      { header: '严重程度', width: 9, repeats: true },
      { header: '代码', width: 22, repeats: true },
      ...(withMonths ? [{ header: '月份', width: 22, repeats: true }] : []),
      ...(sources ? [{ header: '文件', width: 20, repeats: true }] : []),
      { header: '行号', width: 7, kind: 'int' },
      { header: '列', width: 14, repeats: true },
      { header: '值', width: 20, kind: 'text' },
      { header: '人员', width: 20, kind: 'text' },
      ...(sources ? [{ header: '姓名', width: 10 }] : []),
      { header: '条款', width: 14, repeats: true },
      { header: '说明', width: 80 },
    ],
    rows: mapIterable(found, ({ issue, months }) => {
      const i = issueForOutput(issue, mask);
      return [
        SEVERITY_LABEL[i.severity],
        i.code,
        ...(withMonths ? [months ?? null] : []),
        ...(sources ? [i.file ?? null] : []),
        i.row ?? null,
        i.column ?? null,
        i.value ?? null,
        i.staffId ?? null,
        ...(sources ? [i.name ?? null] : []),
        i.clause ?? null,
        i.message,
      ];
    }),
    rowFill: severityFill,
  };
}

/** Rows whose first cell is a severity: errors red, warnings yellow. */
export const severityFill: Fills = { column: 0, fills: { [SEVERITY_LABEL.error]: 'FFFFE0E0', [SEVERITY_LABEL.warning]: 'FFFFF4D6' } };

export function policySheet(meta: RunMeta): SheetOut {
  const p = meta.policy;
  const rows: CellOut[][] = [
    ['政策编号', p.file.id, null, null, null],
    ['政策名称', p.file.title, null, null, null],
    ['文号', p.file.document, null, null, null],
    ['政策生效日期', p.file.effective, null, null, null],
    ['政策文件', p.builtin ? '内置' : basename(p.source), null, null, null],
    ['政策文件 SHA-256', p.sha256, null, null, null],
    ...(p.filled.length > 0
      ? [['按内置政策补充的参数', filledNames(p).join('、'), null, null, '政策文件是旧版本导出的，没有这些参数'] as CellOut[]]
      : []),
    ['计算期间', meta.period, null, null, null],
    ['工具版本', `gov-clerk ${VERSION}`, null, null, null],
    ...meta.inputs.flatMap((i): CellOut[][] => [
      ['输入文件', basename(i.path), null, null, null],
      ['输入文件 SHA-256', i.sha256, null, null, null],
      ['工作表 / 表头行 / 数据行数', `${i.sheet ?? '(CSV)'} / 第 ${i.headerRow} 行 / ${i.rows} 行${i.encoding ? ` / 编码 ${i.encoding}` : ''}`, null, null, null],
    ]),
    ['生成时间', chinaTimestamp(meta.generatedAt), null, null, null],
    ['身份证号脱敏', meta.maskIds ? '是' : '否', null, null, null],
    [null, null, null, null, null],
    ['本次使用的参数', '取值', '生效日期', '条款', '说明与原文'],
    ...[...meta.used.values()]
      .sort((a, b) => byText(a.path, b.path) || byText(a.from, b.from))
      // Chinese names and values: a printed sheet carries no parameter keys or JSON (the JSON output keeps them).
      .map((u): CellOut[] => [paramName(u.path, u.description), paramValueText(u.value), u.from, u.clause, `${u.description}${u.note ? `（${u.note}）` : ''}${u.quote ? `。原文：${u.quote}` : ''}`]),
  ];
  return {
    name: '政策参数',
    plain: true,
    columns: [
      { header: '项目', width: 30 },
      { header: '内容', width: 60, kind: 'text' },
      { header: '生效日期', width: 12 },
      { header: '条款', width: 14, repeats: true },
      { header: '说明', width: 80 },
    ],
    rows,
  };
}

/** Code-point order: paths and dates are ASCII, and localeCompare loads ICU's collation for them. */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

