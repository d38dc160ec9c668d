// A year's allowance budget from the roster as it stands (issue 13): every month paid as the
// payroll would pay it (anniversaries, probation ends, leave dates and certificates dated in
// the future all fall in their month), per funding body and centre, each clerk's months with
// the month and cause of each change, and what the projection assumes.
import { addMonths, formatChineseMonth, yearEnd, yearStart, type IsoMonth } from '../calendar.js';
import { CHANGE_LABEL, clerkChanges, type PayChange } from '../rules/pay-changes.js';
import { payEntryIn, type EntryPay } from '../rules/payroll-month.js';
import { yuanText } from './money.js';
import { paramName } from './policy-text.js';
import { groupsSheet, notPaidSheet, rangeIssues, rangeIssuesSheet, type PayrollRange } from './payroll-range.js';
import { idShown, issueForOutput, jsonHeader, policySheet, chinaTimestamp, type RunMeta } from './meta.js';
import { mapIterable, type CellOut, type SheetOut } from './table.js';

export interface Budget extends PayrollRange {
  year: number;
  /** The month before the year, when the policy covers it: January's changes are against it. */
  before?: IsoMonth;
  rosterName: string;
}

/** What a projection from the roster assumes, in the user's words (假设 sheet, JSON). */
export function assumptions(b: Budget, meta: RunMeta): string[] {
  const values = [...meta.used.values()].filter((u) => u.from >= yearStart(b.year) && u.from <= yearEnd(b.year));
  return [
    `按花名册 ${b.rosterName} 的现状逐月计算 ${b.year} 年各月补贴，与该月的补贴发放表计算方法完全相同；已过去的月份即等于当月发放表。`,
    '不计新进人员：花名册中没有的人不在预算内。',
    '不计新取得的证书：只按花名册已登记的证书等级和取证日期（取证日期在年内的，自取证后的月份起计入）。',
    '已登记离岗日期的，自离岗后的月份起不再计入；已登记试用期截止日期的，试用期结束后的月份起按正式人员计入。',
    `连续工作年限按周年跨档（${tiersOf(b)}），在周年所在月份起按新档计入。`,
    '学历、中心层级、资金渠道按花名册现状不变。',
    values.length
      ? `政策参数按生效日期取值：年内新生效的 ${values.map((v) => `${paramName(v.path, v.description)}（${v.from} 起）`).join('、')}自其日期起按新标准计入。`
      : '政策参数按生效日期取值；政策文件中没有年内新生效的标准。',
    '只计补贴（技能、年限、学历），不含基本工资、社保等。',
    '花名册中数据有误的行不计入（见「未计入人员」），更正后重新计算即可计入。',
  ];
}

/** The seniority tiers in force at the year's end, as the policy file has them: 满 1、5、10 年. */
function tiersOf(b: Budget): string {
  const p = b.policy.at('payroll.seniority_allowance', yearEnd(b.year));
  return `满 ${p.value.map((t) => t.min_years).join('、')} 年，${p.clause}`;
}

/** One clerk over the year: each month's total (null when not paid) and the changes between months. */
interface ClerkYear {
  pays: EntryPay[];
  totals: Array<number | null>;
  changes: Array<{ month: IsoMonth; change: PayChange }>;
}

function* clerkYears(b: Budget): Generator<ClerkYear> {
  const months = b.months.map((m) => m.month);
  for (const entry of b.entries) {
    const all = payEntryIn(entry, b.before ? [b.before, ...months] : months, b.policy, b.duplicates);
    const pays = b.before ? all.slice(1) : all;
    const changes: ClerkYear['changes'] = [];
    let prev = b.before ? all[0] : undefined;
    pays.forEach((p, i) => {
      if (prev) for (const change of clerkChanges(prev, p)) changes.push({ month: months[i]!, change });
      prev = p;
    });
    yield { pays, totals: pays.map((p) => (p.status === 'paid' ? p.line.allowanceTotal : null)), changes };
  }
}

function changeText(changes: ClerkYear['changes']): string | null {
  if (!changes.length) return null;
  return changes.map(({ month, change: c }) => `${month} ${CHANGE_LABEL[c.kind]} ${c.delta >= 0 ? '+' : ''}${yuanText(c.delta)}（${c.detail}）`).join('；');
}

export function budgetSheets(b: Budget, meta: RunMeta): SheetOut[] {
  return [
    groupsSheet(b, '预算汇总', `${b.year} 年补贴预算（按资金渠道、按中心，逐月）`),
    peopleSheet(b, meta),
    assumptionsSheet(b, meta),
    notPaidSheet(b, meta, '未计入人员'),
    rangeIssuesSheet(b, meta),
    policySheet(meta),
  ];
}

function peopleSheet(b: Budget, meta: RunMeta): SheetOut {
  const months = b.months.map((m) => m.month);
  const first = 6;
  return {
    name: '人员明细',
    title: `${b.year} 年补贴预算人员明细`,
    subtitle: `每人每月的补贴合计（元），空白为该月不计入；最后一列是年内每次变化的月份和原因。依据：${meta.policy.file.document}；生成：${chinaTimestamp(meta.generatedAt)}`,
    columns: [
      { header: '序号', width: 6, kind: 'int' },
      { header: '工号', width: 10, kind: 'text' },
      { header: '姓名', width: 10 },
      { header: '所属中心', width: 24, repeats: true },
      { header: '资金渠道', width: 12, repeats: true },
      { header: '花名册行号', width: 8, kind: 'int' },
      ...months.map((m) => ({ header: formatChineseMonth(m).slice(5), width: 9, kind: 'money' as const })),
      { header: '全年合计', width: 12, kind: 'money' },
      { header: '年内变化', width: 90 },
    ],
    rows: (function* () {
      let n = 0;
      for (const c of clerkYears(b)) {
        const paid = c.pays.find((p) => p.status === 'paid');
        if (!paid || paid.status !== 'paid') continue; // in 未计入人员
        n += 1;
        const l = paid.line;
        const total = c.totals.reduce<number>((s, t) => s + Math.round((t ?? 0) * 100), 0) / 100;
        const row: CellOut[] = [n, l.employeeNo ?? null, l.name, l.center, l.funding, l.row, ...c.totals, total, changeText(c.changes)];
        yield row;
      }
    })(),
    totals: { label: '合计', labelColumn: 2, sumColumns: [...months.map((_, i) => first + i), first + months.length] },
    print: { repeatColumns: 3 },
  };
}

function assumptionsSheet(b: Budget, meta: RunMeta): SheetOut {
  return {
    name: '假设',
    plain: true,
    columns: [
      { header: '序号', width: 6, kind: 'int' },
      { header: '预算的假设', width: 110 },
    ],
    rows: assumptions(b, meta).map((a, i) => [i + 1, a]),
  };
}

export function budgetJson(b: Budget, meta: RunMeta) {
  const mask = meta.maskIds;
  const cents = (n: number) => Math.round(n * 100);
  return {
    ...jsonHeader(meta),
    year: b.year,
    assumptions: assumptions(b, meta),
    issues: mapIterable(rangeIssues(b), ({ issue, months }) => ({ ...issueForOutput(issue, mask), months })),
    months: b.months.map((m) => ({
      month: m.month,
      totals: m.totals,
      byFunding: Object.fromEntries([...m.groups.byFunding].map(([k, a]) => [k, Math.round(a.total * 100) / 100])),
      byCenter: Object.fromEntries([...m.groups.byCenter].map(([k, a]) => [k, Math.round(a.total * 100) / 100])),
    })),
    clerks: mapIterable(
      (function* () {
        for (const c of clerkYears(b)) {
          const paid = c.pays.find((p) => p.status === 'paid');
          if (paid?.status === 'paid') yield { c, l: paid.line };
        }
      })(),
      ({ c, l }) => ({
        row: l.row,
        staffId: idShown(l.staffId, mask)!,
        name: l.name,
        center: l.center,
        funding: l.funding,
        months: c.totals,
        total: c.totals.reduce<number>((s, t) => s + cents(t ?? 0), 0) / 100,
        changes: c.changes.map(({ month, change }) => ({ month, kind: change.kind, before: change.before, after: change.after, delta: change.delta, clause: change.clause, detail: change.detail })),
      }),
    ),
    totals: {
      allowanceTotal: b.months.reduce((s, m) => s + cents(m.totals.allowanceTotal), 0) / 100,
      byFunding: Object.fromEntries(
        [...new Set(b.months.flatMap((m) => [...m.groups.byFunding.keys()]))].map((f) => [f, b.months.reduce((s, m) => s + cents(m.groups.byFunding.get(f)?.total ?? 0), 0) / 100]),
      ),
    },
  };
}

/** The month before January, if the policy covers it (January's changes are against it). */
export function monthBefore(year: number): IsoMonth {
  return addMonths(`${year}-01` as IsoMonth, -1);
}
