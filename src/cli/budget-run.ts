// gov-clerk budget: what it reads, which rule runs, what it writes (the options are in budget.ts).
import { basename } from 'node:path';
import { lastDayOfMonth, monthIn, todayInChina } from '../calendar.js';
import { assertYearCovered, monthsUnderPolicy } from './period.js';
import { assertEveryRowAccounted, monthCovered, payrollMonthsAsRead } from '../rules/payroll-month.js';
import { budgetJson, budgetSheets, monthBefore, type Budget } from '../report/budget.js';
import { rangeIssues } from '../report/payroll-range.js';
import { outputTarget, policyFor } from './common.js';
import { yearOption, type CommonOptions } from './options.js';
import { deliver } from './report-run.js';
import { readRoster } from './roster-input.js';
import { terminal } from './terminal.js';
import { printRead } from './read-line.js';
import { table, yuan } from './text.js';

export interface BudgetOptions extends CommonOptions {
  year?: string;
}

export async function budget(rosterPath: string, opts: BudgetOptions): Promise<number> {
  const t = terminal(Boolean(opts.quiet));
  let year: number;
  if (opts.year !== undefined) year = yearOption(opts.year);
  else {
    year = Number(todayInChina().slice(0, 4)) + 1;
    t.line(`未指定 --year，按明年 ${year} 年编制预算。`);
  }
  const { policy, view } = await policyFor(opts);
  assertYearCovered(year, view, policy.file.document);
  const months = monthsUnderPolicy(monthIn(year, 1), monthIn(year, 12), view, policy.file.document, (l) => t.line(l));
  const target = outputTarget(rosterPath, 'budget', String(year), opts, Boolean(opts.json));
  const before = monthBefore(year);
  const pay = payrollMonthsAsRead(months, view);
  using input = await readRoster(rosterPath, opts, view, t, lastDayOfMonth(months[months.length - 1]!), pay.add);
  const paid = pay.finish(input.entries, input.duplicates);
  for (const m of paid) assertEveryRowAccounted(input.meta.rows, m);
  const b: Budget = {
    year,
    months: paid,
    entries: input.entries,
    policy: view,
    duplicates: input.duplicates,
    tableIssues: input.tableIssues,
    rosterName: basename(rosterPath),
    ...(monthCovered(before, view) ? { before } : {}),
  };
  return await deliver(
    {
      kind: 'budget',
      period: String(year),
      inputs: [input.meta],
      issues: rangeIssues(b).issues,
      sheets: (meta) => budgetSheets(b, meta),
      json: (meta) => budgetJson(b, meta),
      size: { rows: input.meta.rows, fromDisk: input.entries.onDisk },
      summary(t, meta) {
        t.line(t.color.bold(`${year} 年补贴预算（${meta.policy.file.document}），按花名册现状逐月计算`));
        printRead(t, rosterPath, input.meta, input.tableIssues);
        const cents = (n: number) => Math.round(n * 100);
        const total = paid.reduce((s, m) => s + cents(m.totals.allowanceTotal), 0) / 100;
        const funding = [...new Set(paid.flatMap((m) => [...m.groups.byFunding.keys()]))];
        t.line(`全年补贴预算 ${t.color.bold(yuan(total))} 元（${funding.map((f) => `${f} ${yuan(paid.reduce((s, m) => s + cents(m.groups.byFunding.get(f)?.total ?? 0), 0) / 100)} 元`).join('，')}）`);
        if (t.quiet) return;
        const rows = [['月份', '人数', ...funding, '合计（元）'], ...paid.map((m) => [m.month, String(m.totals.clerks), ...funding.map((f) => yuan(m.groups.byFunding.get(f)?.total ?? 0)), yuan(m.totals.allowanceTotal)])];
        for (const l of table(rows, ['left', 'right', ...funding.map(() => 'right' as const), 'right'])) t.line(`  ${l}`);
      },
    },
    { policy: { policy, view }, opts, target, t },
  );
}
