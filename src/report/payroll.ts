// The payroll outputs (SPEC §6): workbook sheets and the JSON document, from a PayrollMonth.
import { formatChineseMonth } from '../calendar.js';
import { EDUCATION_LABEL, LEVEL_LABEL, SKILL_GRADE_LABEL, LEVELS } from '../domain.js';
import type { GroupSums, PayrollMonth } from '../rules/payroll-month.js';
import { payTrace, TRACE_ITEM_LABEL, type TraceStep } from './pay-basis.js';
import { maskId } from '../schema/id-number.js';
import { idShown, issueForOutput, issuesSheet, jsonHeader, policySheet, chinaTimestamp, type RunMeta } from './meta.js';
import { mapIterable, type CellOut, type SheetOut } from './table.js';



export function payrollJson(result: PayrollMonth, meta: RunMeta) {
  const mask = meta.maskIds;
  return {
    ...jsonHeader(meta),
    issues: mapIterable(result.issues, (i) => issueForOutput(i, mask)),
    clerks: mapIterable(result.traced, ({ line: l, facts }) => ({
      row: l.row,
      staffId: idShown(l.staffId, mask)!,
      ...(l.employeeNo !== undefined ? { employeeNo: l.employeeNo } : {}),
      name: l.name,
      ...(l.idNumber !== undefined ? { idNumber: mask ? maskId(l.idNumber) : l.idNumber } : {}),
      center: l.center,
      level: LEVEL_LABEL[l.level],
      evaluationDate: l.evaluationDate,
      skillGrade: l.skill.source === 'none' ? null : l.skill.grade,
      skillSource: l.skill.source,
      skillAllowance: l.skillAllowance,
      seniorityYears: l.seniorityYears,
      seniorityAllowance: l.seniorityAllowance,
      education: l.education,
      educationAllowance: l.educationAllowance,
      onProbation: l.onProbation,
      allowanceTotal: l.allowanceTotal,
      baseSalary: l.baseSalary,
      grossPay: l.grossPay,
      funding: l.funding,
      trace: payTrace(facts).map((t) => ({ item: t.item, ...(t.amount !== undefined ? { amount: t.amount } : {}), clause: t.clause, inputs: t.inputs, because: t.because })),
    })),
    excluded: result.excluded.map((e) => ({ ...e, staffId: idShown(e.staffId, mask)! })),
    totals: result.totals,
  };
}

export function payrollSheets(result: PayrollMonth, meta: RunMeta): SheetOut[] {
  return [mainSheet(result, meta), traceSheet(result), summarySheet(result), excludedSheet(result, meta), issuesSheet(result.issues, meta.maskIds), policySheet(meta)];
}

export function mainSheet(result: PayrollMonth, meta: RunMeta): SheetOut {
  const anyBase = result.anyBaseSalary;
  const rows = mapIterable(result.lines, (l, i): CellOut[] => [
    i + 1,
    l.employeeNo ?? null,
    l.name,
    l.idNumber ? (meta.maskIds ? maskId(l.idNumber) : l.idNumber) : null,
    l.center,
    LEVEL_LABEL[l.level],
    l.funding,
    l.skill.source === 'none' ? '无' : `${SKILL_GRADE_LABEL[l.skill.grade]}${l.skill.source === 'social_work' ? '（社工证折算）' : ''}`,
    l.skillAllowance,
    l.seniorityYears,
    l.seniorityAllowance,
    EDUCATION_LABEL[l.education],
    l.educationAllowance,
    l.onProbation ? '是' : '否',
    l.allowanceTotal,
    l.baseSalary,
    l.grossPay,
    l.row,
  ]);
  const sumColumns = [8, 10, 12, 14, ...(anyBase ? [15, 16] : [])];
  return {
    name: '补贴发放表',
    title: `政务服务办事员补贴发放表（${formatChineseMonth(result.month)}）`,
    subtitle: `范围：${result.groups.byCenter.size} 个中心，${result.totals.clerks} 人；依据：${meta.policy.file.document}；生成：${chinaTimestamp(meta.generatedAt)}`,
    columns: [
      { header: '序号', width: 6, kind: 'int' },
      { header: '工号', width: 10, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '身份证号', width: 21, kind: 'id' },
      { header: '所属中心', width: 24, repeats: true },
      { header: '中心层级', width: 9, repeats: true },
      { header: '资金渠道', width: 12, repeats: true },
      { header: '技能等级', width: 16, repeats: true },
      { header: '技能补贴', width: 11, kind: 'money' },
      { header: '连续工作年限', width: 8, kind: 'int' },
      { header: '年限补贴', width: 11, kind: 'money' },
      { header: '学历', width: 10, repeats: true },
      { header: '学历补贴', width: 11, kind: 'money' },
      { header: '试用期', width: 7, repeats: true },
      { header: '补贴合计', width: 12, kind: 'money' },
      { header: '基本工资', width: 12, kind: 'money' },
      { header: '应发合计', width: 12, kind: 'money' },
      { header: '花名册行号', width: 8, kind: 'int' },
    ],
    rows,
    totals: { label: '合计', labelColumn: 2, sumColumns },
    footer: ['制表人：________________      审核人：________________      日期：________________'],
    print: { landscape: true },
  };
}

/**
 * 计算依据: one row per clerk with each item's amount, clause and reason side by side, so a
 * million-clerk roster still fits one sheet (Excel's 1,048,576 rows) and prints like a form.
 */
function traceSheet(result: PayrollMonth): SheetOut {
  const items = ['skillAllowance', 'seniorityAllowance', 'educationAllowance'] as const;
  return {
    name: '计算依据',
    columns: [
      { header: '花名册行号', width: 8, kind: 'int' },
      { header: '工号', width: 10, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '计算日', width: 30, repeats: true },
      { header: '试用期', width: 30, repeats: true },
      ...items.flatMap((i) => [
        { header: TRACE_ITEM_LABEL[i], width: 9, kind: 'money' as const },
        { header: `${TRACE_ITEM_LABEL[i]}条款`, width: 11, repeats: true },
        { header: `${TRACE_ITEM_LABEL[i]}说明`, width: 45, repeats: true },
      ]),
      { header: '补贴合计', width: 10, kind: 'money' },
      { header: '资金渠道', width: 30, repeats: true },
      { header: '输入', width: 70 },
    ],
    rows: (function* () {
      for (const { line: l, facts } of result.traced) {
        const trace = payTrace(facts);
        const step = (item: TraceStep['item']) => trace.find((t) => t.item === item);
        const said = (item: TraceStep['item']) => {
          const t = step(item);
          return t ? `${t.because}（${t.clause}）` : null;
        };
        yield [
          l.row,
          l.employeeNo ?? null,
          l.name,
          said('evaluationDate'),
          said('probation'),
          ...items.flatMap((i): CellOut[] => {
            const t = step(i)!;
            return [t.amount ?? 0, t.clause, t.because];
          }),
          l.allowanceTotal,
          said('funding'),
          [...new Set(trace.map((t) => t.inputs).filter(Boolean))].join('；'),
        ];
      }
    })(),
  };
}

function summarySheet(result: PayrollMonth): SheetOut {
  const anyBase = result.anyBaseSalary;
  type Acc = GroupSums;
  const r2 = (n: number) => Math.round(n * 100) / 100;
  const line = (kind: string, name: string, a: Acc): CellOut[] => [
    kind, name, a.n, r2(a.skill), r2(a.seniority), r2(a.education), r2(a.total), ...(anyBase ? [r2(a.base), r2(a.gross)] : []),
  ];
  const rows: CellOut[][] = [];
  const { byCenter, byLevel, byFunding } = result.groups;
  for (const [k, a] of [...byCenter].sort((x, y) => x[0].localeCompare(y[0], 'zh-CN'))) rows.push(line('按中心', k, a));
  const centerRows: [number, number] = [0, Math.max(0, byCenter.size - 1)];
  for (const lv of LEVELS) {
    const a = byLevel.get(lv);
    if (a) rows.push(line('按层级', LEVEL_LABEL[lv], a));
  }
  for (const [k, a] of byFunding) rows.push(line('按资金渠道', k, a));
  const all = result.groups.all.get('全部');
  if (all) rows.push(line('合计', '全部', all));
  return {
    name: '汇总',
    title: `补贴汇总（${formatChineseMonth(result.month)}）`,
    columns: [
      { header: '分组方式', width: 12 },
      { header: '名称', width: 26 },
      { header: '人数', width: 8, kind: 'int' },
      { header: '技能补贴', width: 12, kind: 'money' },
      { header: '年限补贴', width: 12, kind: 'money' },
      { header: '学历补贴', width: 12, kind: 'money' },
      { header: '补贴合计', width: 12, kind: 'money' },
      ...(anyBase ? [{ header: '基本工资', width: 12, kind: 'money' as const }, { header: '应发合计', width: 12, kind: 'money' as const }] : []),
    ],
    rows,
    autoFilter: false,
    // A leader sees at a glance which centres get the most: bars over the by-centre rows.
    dataBars: byCenter.size ? [{ column: 2, rows: centerRows }, { column: 6, rows: centerRows }] : [],
  };
}

function excludedSheet(result: PayrollMonth, meta: RunMeta): SheetOut {
  return {
    name: '未发放人员',
    columns: [
      { header: '花名册行号', width: 8, kind: 'int' },
      { header: '人员', width: 20, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '所属中心', width: 24, repeats: true },
      { header: '原因', width: 12, repeats: true },
      { header: '问题代码', width: 24, repeats: true },
      { header: '说明', width: 80 },
    ],
    rows: result.excluded.map((e) => [
      e.row,
      idShown(e.staffId, meta.maskIds) ?? null,
      e.name ?? null,
      e.center ?? null,
      e.reason === 'invalid' ? '数据有误' : '本月不在岗',
      e.codes.join(', ') || null,
      e.because,
    ]),
    rowFill: { column: 4, fills: { 数据有误: 'FFFFE0E0' } },
  };
}

