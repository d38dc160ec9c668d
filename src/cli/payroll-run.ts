// gov-clerk payroll: what it reads, which rule runs, what it writes (the options are in payroll.ts).
import { basename } from 'node:path';
import { addMonths, formatChineseMonth, lastDayOfMonth, monthOf, todayInChina, type IsoMonth } from '../calendar.js';
import { assertYearCovered, monthsUnderPolicy, periodOption } from './period.js';
import { UserError } from '../errors.js';
import { LEVEL_LABEL } from '../domain.js';
import { assertEveryRowAccounted, assertMonthCovered, monthCovered, payrollMonthAsRead, payrollMonthsAsRead, type PayrollMonth } from '../rules/payroll-month.js';
import { changesAgainstIssued, payrollWithChangesAsRead } from '../rules/pay-changes.js';
import type { InputMeta } from '../report/meta.js';
import { readPrevious } from './previous-input.js';
import { concatFindings } from '../issues/findings.js';
import { deltaOf, payrollJson, payrollSheets, type MonthChanges } from '../report/payroll.js';
import { rangeIssues, rangeJson, rangeLabel, rangeSheets, type PayrollRange } from '../report/payroll-range.js';
import { outputTarget, policyFor } from './common.js';
import type { CommonOptions } from './options.js';
import { deliver, type Report } from './report-run.js';
import { explain } from './explain.js';
import { readRoster, type RosterInput } from './roster-input.js';
import { terminal, type Terminal } from './terminal.js';
import { printable, table, yuan } from './text.js';
import { printRead } from './read-line.js';

export interface PayrollOptions extends CommonOptions {
  month?: string;
  year?: string;
  previous?: string;
  explain?: string;
}

export async function payroll(rosterPath: string, opts: PayrollOptions): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  if (opts.explain !== undefined && opts.json) {
    throw new UserError('--explain 与 --json 不能同时使用：--explain 在终端逐项说明一个人；JSON 中每个人的 trace 就是同样的逐项说明（用 --json 即可）。');
  }
  const asked = periodOption(opts);
  const range = Array.isArray(asked) ? asked : undefined;
  if (range && opts.previous !== undefined) throw new UserError('--previous 只用于单月：它是上个月实际发放的表，请用 --month YYYY-MM 指定本月。');
  if (range) return payrollRange(rosterPath, range, opts, t);
  let month: IsoMonth;
  if (asked !== undefined) month = asked as IsoMonth;
  else {
    month = monthOf(todayInChina());
    t.line(`未指定 --month，按本月 ${month} 计算。`);
  }
  const { policy, view } = await policyFor(opts);
  assertMonthCovered(month, view, policy.file.document);
  const target = outputTarget(rosterPath, 'payroll', month, opts, Boolean(opts.json || opts.explain), [opts.previous]);

  // 变动 compares with the month before, paid from the same roster in the same read (none
  // before the policy's first month).
  const previous = addMonths(month, -1);
  const hasPrevious = monthCovered(previous, view);
  if (opts.previous !== undefined && !hasPrevious) throw new UserError(`${month} 是政策生效的第一个月，没有可比较的上月，请去掉 --previous。`);
  const issued = opts.previous !== undefined ? await readPrevious(opts.previous, previous) : undefined;
  const pay = hasPrevious ? payrollWithChangesAsRead(month, previous, view) : undefined;
  const alone = hasPrevious ? undefined : payrollMonthAsRead(month, view);
  // The sheets pay every clerk again from the roster's rows: they stay until the report is written.
  using input = await readRoster(rosterPath, opts, view, t, lastDayOfMonth(month), pay?.add ?? alone!.add);
  const paid = pay ? pay.finish(input.entries, input.duplicates) : { month: alone!.finish(input.entries, input.duplicates), previousTotal: undefined, changes: [] };
  const result = paid.month;
  assertEveryRowAccounted(input.meta.rows, result);
  const changes: MonthChanges | undefined = issued
    ? {
        previous,
        against: 'issued',
        before: issued.rows.reduce((s, r) => s + Math.round(r.total * 100), 0) / 100,
        after: result.totals.allowanceTotal,
        rows: changesAgainstIssued(input.entries, previous, month, view, input.duplicates, issued.rows),
      }
    : paid.previousTotal !== undefined
      ? { previous, against: 'roster', before: paid.previousTotal, after: result.totals.allowanceTotal, rows: paid.changes }
      : undefined;
  const report = payrollReport(input, result, rosterPath, changes, issued?.meta);
  const who = opts.explain;
  if (who !== undefined) report.printed = () => explain(who, input.entries, result);
  return await deliver(report, { policy: { policy, view }, opts, target, t });
}

function payrollReport(input: RosterInput, result: PayrollMonth, rosterPath: string, changes: MonthChanges | undefined, previousMeta: InputMeta | undefined): Report {
  // The table's own findings (its header) before the month's, as every output lists them.
  const month: PayrollMonth = { ...result, issues: concatFindings(input.tableIssues, result.issues) };
  return {
    kind: 'payroll',
    period: result.month,
    inputs: previousMeta ? [input.meta, previousMeta] : [input.meta],
    issues: month.issues,
    sheets: (meta) => payrollSheets(month, meta, changes),
    json: (meta) => payrollJson(month, meta, changes),
    // Each sheet pays every clerk again: for a large roster that overlaps with writing the XML.
    size: { rows: input.meta.rows, fromDisk: input.entries.onDisk },
    summary(t, meta) {
      t.line(t.color.bold(`${formatChineseMonth(result.month)} 补贴计算（${meta.policy.file.document}）`));
      printRead(t, rosterPath, input.meta, input.tableIssues);
      const invalid = result.excluded.filter((e) => e.reason === 'invalid').length;
      t.line(
        `计发 ${result.totals.clerks} 人，补贴合计 ${t.color.bold(yuan(result.totals.allowanceTotal))} 元；未发放 ${result.excluded.length} 人（数据有误 ${invalid}，本月不在岗 ${result.excluded.length - invalid}）`,
      );
      if (changes) {
        const delta = deltaOf(changes);
        const base = changes.against === 'issued' ? `上月（${changes.previous}）实发 ${yuan(changes.before)} 元` : `上月（${changes.previous}）${yuan(changes.before)} 元`;
        t.line(`与${base}相比${delta >= 0 ? '增加' : '减少'} ${yuan(Math.abs(delta))} 元，逐人原因见「变动」表${changes.against === 'issued' ? '（含花名册无法解释的差异）' : ''}`);
      }
      if (!t.quiet && result.totals.clerks > 0) {
        const rows = [['中心', '层级', '人数', '补贴合计（元）'], ...[...result.groups.byCenter].map(([c, a]) => [c, LEVEL_LABEL[a.level], String(a.n), yuan(a.total)])];
        for (const l of table(rows, ['left', 'left', 'right', 'right'])) t.line(`  ${l}`);
      }
    },
  };
}

/** A range's workbook has four columns a month: five years is 240 of Excel's 16,384. */
export const MAX_RANGE_MONTHS = 60;

/** A range of months: one read of the roster, every month paid as a single month would be. */
async function payrollRange(rosterPath: string, [first, last]: [IsoMonth, IsoMonth], opts: PayrollOptions, t: Terminal): Promise<number> {
  if (opts.explain !== undefined) throw new UserError('--explain 只用于单月：请用 --month YYYY-MM 指定一个月。');
  const { policy, view } = await policyFor(opts);
  if (opts.year !== undefined) assertYearCovered(Number(first.slice(0, 4)), view, policy.file.document);
  const covered = monthsUnderPolicy(first, last, view, policy.file.document, (l) => t.line(l));
  if (covered.length > MAX_RANGE_MONTHS) throw new UserError(`--month ${opts.month ?? opts.year} 超过 ${MAX_RANGE_MONTHS} 个月：一次最多计算 ${MAX_RANGE_MONTHS / 12} 年，请分段计算。`);
  const period = `${covered[0]}..${covered[covered.length - 1]}`;
  const target = outputTarget(rosterPath, 'payroll', `${covered[0]}_${covered[covered.length - 1]}`, opts, Boolean(opts.json));
  const pay = payrollMonthsAsRead(covered, view);
  using input = await readRoster(rosterPath, opts, view, t, lastDayOfMonth(covered[covered.length - 1]!), pay.add);
  const months = pay.finish(input.entries, input.duplicates);
  for (const m of months) assertEveryRowAccounted(input.meta.rows, m);
  const range: PayrollRange = { months, entries: input.entries, policy: view, duplicates: input.duplicates, tableIssues: input.tableIssues };
  return await deliver(
    {
      kind: 'payroll',
      period,
      inputs: [input.meta],
      issues: rangeIssues(range).issues,
      sheets: (meta) => rangeSheets(range, meta),
      json: (meta) => rangeJson(range, meta),
      size: { rows: input.meta.rows, fromDisk: input.entries.onDisk },
      summary(t, meta) {
        t.line(t.color.bold(`${rangeLabel(covered)} 补贴计算（${meta.policy.file.document}），共 ${covered.length} 个月`));
        printRead(t, rosterPath, input.meta, input.tableIssues);
        const total = months.reduce((s, m) => s + Math.round(m.totals.allowanceTotal * 100), 0) / 100;
        t.line(`计发 ${months.reduce((n, m) => n + m.totals.clerks, 0)} 人次，补贴合计 ${t.color.bold(yuan(total))} 元`);
        if (t.quiet) return;
        const rows = [['月份', '人数', '补贴合计（元）'], ...months.map((m) => [m.month, String(m.totals.clerks), yuan(m.totals.allowanceTotal)])];
        for (const l of table(rows, ['left', 'right', 'right'])) t.line(`  ${l}`);
        const funding = new Map<string, number>();
        for (const m of months) for (const [f, a] of m.groups.byFunding) funding.set(f, (funding.get(f) ?? 0) + Math.round(a.total * 100));
        const byFunding = [['资金渠道', '期间合计（元）'], ...[...funding].map(([f, c]) => [f, yuan(c / 100)])];
        for (const l of table(byFunding, ['left', 'right'])) t.line(`  ${l}`);
      },
    },
    { policy: { policy, view }, opts, target, t },
  );
}
