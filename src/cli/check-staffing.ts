// gov-clerk check-staffing <centers> [--roster <roster>] [--as-of YYYY-MM-DD]
// The command as the CLI knows it (arguments, options, help); the work is in check-staffing-run.ts, loaded
// only when the command runs, so `gov-clerk --help` loads none of it.
import { Command } from 'commander';
import { addCommonOptions } from './options.js';
import type { Options } from './check-staffing-run.js';

export function checkStaffingCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('check-staffing')
    .description('检查各中心的窗口数、办事员配比、镇街人员配备是否达到最低要求')
    .argument('<centers>', '中心表文件（.xlsx 或 .csv）')
    .option('--roster <FILE>', '同时读取花名册，按检查日在岗人数核对办事员人数')
    .option('--as-of <YYYY-MM-DD>', '检查日期，默认今天');
  addCommonOptions(cmd);
  cmd.addHelpText('after', '\n示例：\n  gov-clerk check-staffing 中心表.xlsx\n  gov-clerk check-staffing 中心表.xlsx --roster 花名册.xlsx --as-of 2025-06-30');
  return cmd.action((centers: string, opts: Options) => run(async () => (await import('./check-staffing-run.js')).checkStaffingRun(centers, opts)));
}
