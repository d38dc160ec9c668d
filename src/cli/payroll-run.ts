// gov-clerk payroll: what it reads, which rule runs, what it writes (the options are in payroll.ts).
import { basename } from 'node:path';
import { formatChineseMonth, lastDayOfMonth, monthOf, parseMonth, todayInChina, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { LEVEL_LABEL } from '../domain.js';
import { assertEveryRowAccounted, assertMonthCovered, payrollMonthAsRead, type PayrollMonth } from '../rules/payroll-month.js';
import { payrollJson, payrollSheets } from '../report/payroll.js';
import { outputTarget, policyFor } from './common.js';
import type { CommonOptions } from './options.js';
import { deliver, type Report } from './report-run.js';
import { explain } from './explain.js';
import { readRoster, type RosterInput } from './roster-input.js';
import { terminal } from './terminal.js';
import { printable, table, yuan } from './text.js';

export interface PayrollOptions extends CommonOptions {
  month?: string;
  explain?: string;
}

export async function payroll(rosterPath: string, opts: PayrollOptions): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  let month: IsoMonth;
  if (opts.month !== undefined) {
    const m = parseMonth(opts.month);
    if (!m) throw new UserError(`--month 的值“${opts.month}”不是月份，应写成 YYYY-MM，例如 2025-06。`);
    month = m;
  } else {
    month = monthOf(todayInChina());
    t.line(`未指定 --month，按本月 ${month} 计算。`);
  }
  const { policy, view } = await policyFor(opts);
  assertMonthCovered(month, view, policy.file.document);
  const target = outputTarget(rosterPath, 'payroll', month, opts, Boolean(opts.json || opts.explain));

  const pay = payrollMonthAsRead(month, view);
  // The sheets pay every clerk again from the roster's rows: they stay until the report is written.
  using input = await readRoster(rosterPath, opts, view, t, lastDayOfMonth(month), pay.add);
  const result = pay.finish(input.entries, input.duplicates);
  assertEveryRowAccounted(input.meta.rows, result);
  if (opts.explain !== undefined) process.stdout.write(printable(explain(opts.explain, input.entries, result)));
  return await deliver(payrollReport(input, result, rosterPath), { policy: { policy, view }, opts, target, t });
}

function payrollReport(input: RosterInput, result: PayrollMonth, rosterPath: string): Report {
  result.issues.unshift(...input.tableIssues);
  return {
    kind: 'payroll',
    period: result.month,
    inputs: [input.meta],
    issues: result.issues,
    sheets: (meta) => payrollSheets(result, meta),
    json: (meta) => payrollJson(result, meta),
    // Each sheet pays every clerk again: for a large roster that overlaps with writing the XML.
    size: { rows: input.meta.rows, fromDisk: input.entries.onDisk },
    summary(t, meta) {
      t.line(t.color.bold(`${formatChineseMonth(result.month)} 补贴计算（${meta.policy.file.document}）`));
      t.line(`读取 ${basename(rosterPath)}${input.meta.sheet ? ` 工作表「${input.meta.sheet}」` : ''}，表头在第 ${input.meta.headerRow} 行，数据 ${input.meta.rows} 行`);
      const invalid = result.excluded.filter((e) => e.reason === 'invalid').length;
      t.line(
        `计发 ${result.totals.clerks} 人，补贴合计 ${t.color.bold(yuan(result.totals.allowanceTotal))} 元；未发放 ${result.excluded.length} 人（数据有误 ${invalid}，本月不在岗 ${result.excluded.length - invalid}）`,
      );
      if (!t.quiet && result.totals.clerks > 0) {
        const rows = [['中心', '层级', '人数', '补贴合计（元）'], ...[...result.groups.byCenter].map(([c, a]) => [c, LEVEL_LABEL[a.level], String(a.n), yuan(a.total)])];
        for (const l of table(rows, ['left', 'left', 'right', 'right'])) t.line(`  ${l}`);
      }
    },
  };
}
