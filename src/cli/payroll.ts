// gov-clerk payroll <roster> [--month YYYY-MM | --month YYYY-MM..YYYY-MM | --year YYYY] [--explain 工号|姓名]
// The command as the CLI knows it (arguments, options, help); the work is in payroll-run.ts, loaded
// only when the command runs, so `gov-clerk --help` loads none of it.
import { Command } from 'commander';
import { addCommonOptions } from './options.js';
import type { PayrollOptions } from './payroll-run.js';

export function payrollCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('payroll')
    .description('按花名册计算某月的技能补贴、年限补贴、学历补贴，生成补贴发放表')
    .argument('<roster>', '花名册文件（.xlsx 或 .csv）')
    .option('--month <YYYY-MM>', '计算月份，默认本月；也可写一段月份 2025-01..2025-12（写成一个工作簿）')
    .option('--year <YYYY>', '计算一整年（同 --month YYYY-01..YYYY-12）')
    .option('--previous <FILE>', '上月实际发放的补贴发放表（.xlsx）：「变动」表与它比较，并列出花名册无法解释的差异')
    .option('--explain <工号|姓名>', '在终端逐项显示某人的计算过程（不写文件，除非同时给出 -o）');
  addCommonOptions(cmd);
  cmd.addHelpText(
    'after',
    `
示例：
  gov-clerk payroll 花名册.xlsx --month 2025-06
  gov-clerk payroll 花名册.xlsx --month 2025-06 -o 六月补贴.xlsx --mask-id
  gov-clerk payroll 花名册.xlsx --month 2025-06 --previous 花名册.payroll-2025-05.xlsx
  gov-clerk payroll 花名册.xlsx --year 2025
  gov-clerk payroll 花名册.xlsx --month 2025-01..2025-06
  gov-clerk payroll 花名册.csv --month 2025-06 --explain E001`,
  );
  return cmd.action((roster: string, opts: PayrollOptions) => run(async () => (await import('./payroll-run.js')).payroll(roster, opts)));
}
