// The payroll outputs (docs/contract.md §6): workbook sheets and the JSON document, from a PayrollMonth.
import { formatChineseMonth, type IsoMonth } from '../calendar.js';
import { EDUCATION_LABEL, LEVEL_LABEL, SKILL_GRADE_LABEL, LEVELS } from '../domain.js';
import type { GroupSums, PayrollMonth } from '../rules/payroll-month.js';
import { CHANGE_LABEL, type PayChange } from '../rules/pay-changes.js';
import { payTrace, TRACE_ITEM_LABEL, type TraceStep } from './pay-basis.js';
import { maskId } from '../schema/id-number.js';
import { idShown, issueForOutput, issuesSheet, jsonHeader, policySheet, chinaTimestamp, type RunMeta } from './meta.js';
import { mapIterable, type CellOut, type ColumnOut, type SheetOut } from './table.js';



/**
 * 变动: month M against M−1 (or against what was issued, --previous). `rows` is read once per
 * output; `sum` is what the rows' deltas add up to, known after they are read.
 */
export interface MonthChanges {
  previous: IsoMonth;
  /** What the rows compare with: the roster's own M−1, or the workbook actually issued. */
  against: 'roster' | 'issued';
  /** The previous month's total (as computed, or as issued), and this month's. */
  before: number;
  after: number;
  rows: Iterable<PayChange>;
}

/** The rows of `changes`, then a check that their deltas add up to after − before (else a defect: exit 2). */
export function* checkedChanges(changes: MonthChanges): Generator<PayChange> {
  let sum = 0;
  for (const c of changes.rows) {
    sum += Math.round(c.delta * 100);
    yield c;
  }
  const expected = Math.round(deltaOf(changes) * 100);
  if (sum !== expected) throw new Error(`变动各行之和 ${sum / 100} 与两月合计之差 ${expected / 100} 不等；为防止错误的说明，没有写出任何结果`);
}

/** This month's total less the previous one, in whole cents. */
export function deltaOf(changes: MonthChanges): number {
  return (Math.round(changes.after * 100) - Math.round(changes.before * 100)) / 100;
}

export function payrollJson(result: PayrollMonth, meta: RunMeta, changes?: MonthChanges) {
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
    ...(changes
      ? {
          changes: {
            previous: changes.previous,
            against: changes.against,
            previousTotal: changes.before,
            total: changes.after,
            delta: deltaOf(changes),
          },
          changeRows: mapIterable(checkedChanges(changes), (c) => ({
            row: c.who.row,
            staffId: idShown(c.who.staffId, mask)!,
            ...(c.who.name !== undefined ? { name: c.who.name } : {}),
            ...(c.who.center !== undefined ? { center: c.who.center } : {}),
            kind: c.kind,
            label: CHANGE_LABEL[c.kind],
            items: c.items,
            before: c.before,
            after: c.after,
            delta: c.delta,
            clause: c.clause,
            detail: c.detail,
            ...(c.codes ? { codes: c.codes } : {}),
          })),
        }
      : {}),
  };
}

export function payrollSheets(result: PayrollMonth, meta: RunMeta, changes?: MonthChanges): SheetOut[] {
  return [
    mainSheet(result, meta),
    traceSheet(result),
    summarySheet(result),
    changesSheet(result.month, changes, meta),
    excludedSheet(result, meta),
    issuesSheet(result.issues, meta.maskIds),
    policySheet(meta),
  ];
}

/**
 * 变动: one row per clerk and cause, then the check: last month's total, this month's, and
 * the rows' sum, which must equal their difference. Without a previous month (the policy's
 * first month) the sheet says so.
 */
function changesSheet(month: IsoMonth, changes: MonthChanges | undefined, meta: RunMeta): SheetOut {
  const columns: SheetOut['columns'] = [
    { header: '花名册行号', width: 8, kind: 'int' },
    { header: '人员', width: 20, kind: 'text' },
    { header: '姓名', width: 10 },
    { header: '所属中心', width: 24, repeats: true },
    { header: '变动类型', width: 14, repeats: true },
    { header: '上月（元）', width: 11, kind: 'money' },
    { header: '本月（元）', width: 11, kind: 'money' },
    { header: '增减（元）', width: 11, kind: 'money' },
    { header: '条款', width: 16, repeats: true },
    { header: '说明', width: 70 },
  ];
  if (!changes) {
    return { name: '变动', title: `补贴变动（${formatChineseMonth(month)}）`, columns, rows: [[null, null, null, null, '无上月', null, null, null, null, `${formatChineseMonth(month)}是政策生效的第一个月，没有可比较的上月。`]] };
  }
  const base = changes.against === 'issued' ? '上月实发（--previous）' : '上月（按同一花名册计算）';
  return {
    name: '变动',
    title: `补贴变动（${formatChineseMonth(changes.previous)} → ${formatChineseMonth(month)}）`,
    subtitle: `比较对象：${base}；各行增减之和等于两月合计之差（见表末核对行）`,
    columns,
    rows: (function* () {
      for (const c of checkedChanges(changes)) {
        const detail = c.codes ? `${c.detail}（${c.codes.join(', ')}）` : c.detail;
        yield [c.who.row, idShown(c.who.staffId, meta.maskIds) ?? null, c.who.name ?? null, c.who.center ?? null, CHANGE_LABEL[c.kind], c.before, c.after, c.delta, c.clause || null, detail];
      }
      // Reached only when checkedChanges found the rows' sum equal to the difference.
      const diff = deltaOf(changes);
      yield [null, null, null, null, '核对', changes.before, changes.after, diff, null, `上月合计 ${changes.before} 元，本月合计 ${changes.after} 元，相差 ${diff} 元；上列各行增减之和 ${diff} 元，一致。`];
    })(),
    rowFill: { column: 4, fills: { 核对: 'FFE2EFDA', [CHANGE_LABEL.unexplained]: 'FFFFF4D6', [CHANGE_LABEL.stopped]: 'FFFFE0E0' } },
  };
}

/** Who a paid line is, as every per-clerk payroll sheet begins: 序号, 工号, 姓名, 身份证号, 所属中心. */
export const PERSON_COLUMNS: readonly ColumnOut[] = [
  { header: '序号', width: 6, kind: 'int' },
  { header: '工号', width: 10, kind: 'text' },
  { header: '姓名', width: 10 },
  { header: '身份证号', width: 21, kind: 'id' },
  { header: '所属中心', width: 24, repeats: true },
];

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
    l.skill.source === 'none' ? '无' : `${SKILL_GRADE_LABEL[l.skill.grade]}${l.skill.source === 'social_work' ? '（社工证折算）' : l.skill.source === 'clerk_before_upgrade' ? '（升级前的证书，按最低档）' : ''}`,
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
      ...PERSON_COLUMNS,
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
  // Centres in the roster's order (the office's own, usually the administrative one), as the
  // terminal shows them; not pinyin, whose collation data costs a small run a thirtieth of its time.
  for (const [k, a] of byCenter) rows.push(line('按中心', k, a));
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

