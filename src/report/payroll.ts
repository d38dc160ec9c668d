// The payroll outputs (docs/contract.md §6): workbook sheets and the JSON document, from a PayrollMonth.
import { formatChineseMonth, type IsoMonth } from '../calendar.js';
import { EDUCATION_LABEL, LEVEL_LABEL, SKILL_GRADE_LABEL, LEVELS } from '../domain.js';
import { yuanInWords, yuanText } from './money.js';
import type { GroupSums, PayrollMonth, StoredLine } from '../rules/payroll-month.js';
import { CHANGE_LABEL, type PayChange } from '../rules/pay-changes.js';
import { payTrace, TRACE_ITEM_LABEL, type TraceStep } from './pay-basis.js';
import { maskId } from '../schema/id-number.js';
import { idShown, issueForOutput, issuesSheet, jsonHeader, policySheet, chinaTimestamp, type RunMeta } from './meta.js';
import { mapIterable, type BandOut, type CellOut, type ColumnOut, type RowOut, type SheetOut } from './table.js';



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
  const base = changes.against === 'issued' ? '上月实发的补贴发放表' : '上月（按同一花名册计算）';
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

/** A month with up to this many paid clerks prints grouped (its lines are held in memory to sort them). */
export const GROUPED_UP_TO = 20_000;

const SIGNATURE = '制表人：__________　　审核人：__________　　单位负责人：__________　　日期：______年____月____日';
const ID_BLANK = '未填身份证号';
const ID_INVALID = '身份证号有误';

/**
 * 补贴发放表, the sheet finance signs (二(二)6(1): paid through the same channel as the base
 * salary, by the finance of the same level): by funding body, then centre, each centre on its
 * own page with its 小计, the amount in capital Chinese and a signature area; each funding
 * body's 合计 and the 总计 likewise; a 备注 marks a blank or invalid ID. Its CSV is the flat
 * list (one row per clerk, roster order) it always was.
 */
export function mainSheet(result: PayrollMonth, meta: RunMeta): SheetOut {
  const anyBase = result.anyBaseSalary;
  const flat = mapIterable(result.lines, (l, i) => lineCells(l, i + 1, meta));
  const amountColumns = [8, 10, 12, 14, ...(anyBase ? [15, 16] : [])];
  const head = {
    name: '补贴发放表',
    title: `政务服务办事员补贴发放表（${formatChineseMonth(result.month)}）`,
    subtitle: `范围：${result.groups.byCenter.size} 个中心，${result.totals.clerks} 人，补贴合计 ${yuanText(result.totals.allowanceTotal)} 元；依据：${meta.policy.file.document} 二(二)6(1)，与基本工资同渠道发放，由同级财政保障；生成：${chinaTimestamp(meta.generatedAt)}`,
  };
  const grandWords = `总计（大写）：人民币${yuanInWords(cents(result.totals.allowanceTotal))}（补贴合计）`;
  if (result.totals.clerks > GROUPED_UP_TO) {
    // Too many to hold and sort: roster order, one total (the 汇总 sheet has each group's sums).
    return {
      ...head,
      subtitle: `${head.subtitle}；超过 ${GROUPED_UP_TO} 人，按花名册顺序列出，各资金渠道、各中心的小计见「汇总」`,
      columns: MAIN_COLUMNS,
      rows: flat,
      totals: { label: '合计', labelColumn: 2, sumColumns: amountColumns },
      footer: [grandWords, SIGNATURE],
    };
  }
  const badId = new Set<number>();
  for (const i of result.issues) if (i.code === 'ID_INVALID' && i.row !== undefined) badId.add(i.row);
  // The group headings name the funding body and the centre's level: no column repeats them.
  const columns = [...printed(MAIN_COLUMNS), { header: '备注', kind: 'text' as const }];
  return {
    ...head,
    columns,
    rows: groupedRows(result, meta, amountColumns.map((c) => c - 2), badId), // all after the two left out
    csv: { columns: MAIN_COLUMNS, rows: flat },
    rowFill: { column: columns.length - 1, fills: { [ID_BLANK]: 'FFFFE0E0', [ID_INVALID]: 'FFFFE0E0' } },
  };
}

/** A flat row as the grouped sheet prints it: without 中心层级 and 资金渠道 (5 and 6). */
function printed<T>(cells: readonly T[]): T[] {
  return cells.filter((_, i) => i !== 5 && i !== 6);
}

const MAIN_COLUMNS: ColumnOut[] = [
  ...PERSON_COLUMNS,
  { header: '中心层级', repeats: true },
  { header: '资金渠道', repeats: true },
  { header: '技能等级', repeats: true },
  { header: '技能补贴', kind: 'money' },
  { header: '连续工作年限', kind: 'int' },
  { header: '年限补贴', kind: 'money' },
  { header: '学历', repeats: true },
  { header: '学历补贴', kind: 'money' },
  { header: '试用期', repeats: true },
  { header: '补贴合计', kind: 'money' },
  { header: '基本工资', kind: 'money' },
  { header: '应发合计', kind: 'money' },
  { header: '花名册行号', kind: 'int' },
];

function lineCells(l: StoredLine, n: number, meta: RunMeta): CellOut[] {
  return [
    n,
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
  ];
}

const cents = (yuan: number) => Math.round(yuan * 100);

/**
 * The grouped rows: funding bodies in the order of their centres' levels (区级 first), centres
 * in roster order within each. 小计, 合计 and 总计 are SUBTOTALs, so each adds its own rows only.
 */
function* groupedRows(result: PayrollMonth, meta: RunMeta, amounts: readonly number[], badId: ReadonlySet<number>): Generator<RowOut> {
  const byFunding = new Map<string, Map<string, StoredLine[]>>();
  const rank = new Map<string, number>();
  for (const l of result.lines) {
    let centres = byFunding.get(l.funding);
    if (!centres) byFunding.set(l.funding, (centres = new Map()));
    let lines = centres.get(l.center);
    if (!lines) centres.set(l.center, (lines = []));
    lines.push(l);
    rank.set(l.funding, Math.min(rank.get(l.funding) ?? Infinity, LEVELS.indexOf(l.level)));
  }
  const fundings = [...byFunding.keys()].sort((a, b) => rank.get(a)! - rank.get(b)!);
  const width = MAIN_COLUMNS.length - 1;
  let index = 0; // the sheet row (0-based over the rows below) each yield is
  let n = 0;
  /** A 小计/合计/总计 row over rows `from`…`to`, with the sums of `lines`. */
  const totalRow = (label: string, where: string, from: number, to: number, lines: readonly StoredLine[]): BandOut => {
    const cells: CellOut[] = Array.from({ length: width }, () => null);
    cells[2] = label;
    cells[4] = where;
    cells[3] = `${lines.length} 人`;
    const pick = [(l: StoredLine) => l.skillAllowance, (l: StoredLine) => l.seniorityAllowance, (l: StoredLine) => l.educationAllowance, (l: StoredLine) => l.allowanceTotal, (l: StoredLine) => l.baseSalary, (l: StoredLine) => l.grossPay];
    amounts.forEach((c, k) => {
      cells[c] = { subtotal: [from, to], result: lines.reduce((s, l) => s + cents(pick[k]!(l) ?? 0), 0) / 100 };
    });
    return { band: 'subtotal', cells };
  };
  const inWords = (label: string, lines: readonly StoredLine[]): BandOut => ({
    band: 'note',
    text: `${label}（大写）：人民币${yuanInWords(lines.reduce((s, l) => s + cents(l.allowanceTotal), 0))}（补贴合计）`,
  });
  const all: StoredLine[] = [];
  for (const [f, funding] of fundings.entries()) {
    const centres = byFunding.get(funding)!;
    const fundingFrom = index;
    const fundingLines: StoredLine[] = [];
    let c = 0;
    for (const [centre, lines] of centres) {
      const last = ++c === centres.size;
      yield { band: 'heading', text: `${funding}　${centre}（${LEVEL_LABEL[lines[0]!.level]}）` };
      index++;
      const from = index;
      for (const l of lines) {
        const row = printed(lineCells(l, ++n, meta));
        row.push(l.idNumber ? null : badId.has(l.row) ? ID_INVALID : ID_BLANK);
        yield row;
        index++;
      }
      yield totalRow('小计', centre, from, index - 1, lines);
      index++;
      yield inWords(`${centre}小计`, lines);
      yield { band: 'signature', text: SIGNATURE, ...(last ? {} : { breakAfter: true }) };
      index += 2;
      fundingLines.push(...lines);
    }
    yield totalRow('合计', funding, fundingFrom, index - 1, fundingLines);
    index++;
    yield { ...inWords(`${funding}合计`, fundingLines), ...(f < fundings.length - 1 ? { breakAfter: true } : {}) };
    index++;
    all.push(...fundingLines);
  }
  yield totalRow('总计', '全部', 0, Math.max(0, index - 1), all);
  yield inWords('总计', all);
  yield { band: 'signature', text: SIGNATURE };
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

