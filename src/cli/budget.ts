// gov-clerk budget <roster> [--year YYYY]
// The command as the CLI knows it (arguments, options, help); the work is in budget-run.ts, loaded
// only when the command runs, so `gov-clerk --help` loads none of it.
import { Command } from 'commander';
import { addCommonOptions } from './options.js';
import type { BudgetOptions } from './budget-run.js';

export function budgetCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('budget')
    .description('按花名册现状预测一年各月的补贴（年限跨档、试用期结束、离岗、证书生效逐月计入），按资金渠道和中心汇总，供编制预算')
    .argument('<roster>', '花名册文件（.xlsx 或 .csv）')
    .option('--year <YYYY>', '预算年度，默认明年');
  addCommonOptions(cmd);
  cmd.addHelpText('after', '\n示例：\n  gov-clerk budget 花名册.xlsx --year 2026\n  gov-clerk budget 花名册.xlsx --year 2026 --json');
  return cmd.action((roster: string, opts: BudgetOptions) => run(async () => (await import('./budget-run.js')).budget(roster, opts)));
}
