// gov-clerk payroll <roster> [--month YYYY-MM] [--explain 工号|姓名]
import { basename } from 'node:path';
import { Command } from 'commander';
import { formatChineseMonth, lastDayOfMonth, monthOf, parseMonth, todayInChina, type IsoMonth } from '../calendar.js';
import { UserError } from '../errors.js';
import { LEVEL_LABEL } from '../domain.js';
import { assertEveryRowAccounted, assertMonthCovered, MonthAccumulator, NO_DUPLICATES, payrollMonth, type PayrollMonth } from '../rules/payroll-month.js';
import { payrollJson, payrollSheets } from '../report/payroll.js';
import type { RunMeta } from '../report/meta.js';
import { addCommonOptions, exitCodeFor, outputTarget, policyFor, printIssueSummary, writeOutput, type CommonOptions } from './common.js';
import { explain } from './explain.js';
import { readRoster, type RosterInput } from './roster-input.js';
import { printable, table, terminal, yuan, type Terminal } from './terminal.js';
import { writeJson } from '../report/json.js';

/** Rosters from this many rows (or kept on disk) write their workbook on a second thread (it costs ~0.3 s to start). */
const WRITE_ON_A_THREAD = 50_000;

interface PayrollOptions extends CommonOptions {
  month?: string;
  explain?: string;
}

export function payrollCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('payroll')
    .description('按花名册计算某月的技能补贴、年限补贴、学历补贴，生成补贴发放表')
    .argument('<roster>', '花名册文件（.xlsx 或 .csv）')
    .option('--month <YYYY-MM>', '计算月份，默认本月')
    .option('--explain <工号|姓名>', '在终端逐项显示某人的计算过程（不写文件，除非同时给出 -o）');
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
示例：
  gov-clerk payroll 花名册.xlsx --month 2025-06
  gov-clerk payroll 花名册.xlsx --month 2025-06 -o 六月补贴.xlsx --mask-id
  gov-clerk payroll 花名册.csv --month 2025-06 --explain E001`,
  );
  return cmd.action((roster: string, opts: PayrollOptions) => run(() => payroll(roster, opts)));
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

  // Rows are paid as they are read, as if there were no duplicates; if there are, the month is
  // paid again once they are known (a duplicate's first row was paid before its second came).
  const early = new MonthAccumulator(month, view, NO_DUPLICATES);
  const input = await readRoster(rosterPath, opts, view, t, lastDayOfMonth(month), (e) => early.add(e));
  try {
    const result = input.duplicates.rows.size === 0 ? early.result(input.entries) : payrollMonth(input.entries, month, view, input.duplicates);
    return await report(input, result, { policy, view }, target, rosterPath, opts, t);
  } finally {
    input.entries.close();
  }
}

async function report(
  input: RosterInput,
  result: PayrollMonth,
  { policy, view }: Awaited<ReturnType<typeof policyFor>>,
  target: ReturnType<typeof outputTarget>,
  rosterPath: string,
  opts: PayrollOptions,
  t: Terminal,
): Promise<number> {
  const month = result.month;
  assertEveryRowAccounted(input.meta.rows, result);
  result.issues.unshift(...input.tableIssues);
  const meta: RunMeta = {
    kind: 'payroll',
    period: month,
    policy,
    inputs: [input.meta],
    generatedAt: new Date(),
    used: view.used,
    maskIds: Boolean(opts.maskId),
  };

  if (opts.explain !== undefined) process.stdout.write(printable(explain(opts.explain, input.entries, result)));
  if (opts.json) await writeJson(process.stdout, payrollJson(result, meta), meta.maskIds);
  // Each sheet pays every clerk again: for a large roster that overlaps with writing the XML.
  const thread = input.meta.rows >= WRITE_ON_A_THREAD || input.entries.onDisk;
  if (target) await writeOutput(target, () => payrollSheets(result, meta), () => payrollJson(result, meta), { thread, maskIds: meta.maskIds });

  // —— summary on stderr ——
  t.line(t.color.bold(`${formatChineseMonth(month)} 补贴计算（${policy.file.document}）`));
  t.line(`读取 ${basename(rosterPath)}${input.meta.sheet ? ` 工作表「${input.meta.sheet}」` : ''}，表头在第 ${input.meta.headerRow} 行，数据 ${input.meta.rows} 行`);
  const invalid = result.excluded.filter((e) => e.reason === 'invalid').length;
  t.line(
    `计发 ${result.totals.clerks} 人，补贴合计 ${t.color.bold(yuan(result.totals.allowanceTotal))} 元；未发放 ${result.excluded.length} 人（数据有误 ${invalid}，本月不在岗 ${result.excluded.length - invalid}）`,
  );
  if (!t.quiet && result.totals.clerks > 0) {
    const rows = [['中心', '层级', '人数', '补贴合计（元）'], ...[...result.groups.byCenter].map(([c, a]) => [c, LEVEL_LABEL[a.level], String(a.n), yuan(a.total)])];
    for (const l of table(rows, ['left', 'left', 'right', 'right'])) t.line(`  ${l}`);
  }
  printIssueSummary(t, result.issues);
  if (target) t.line(`已写入 ${target.path}`);
  return exitCodeFor(result.issues);
}
