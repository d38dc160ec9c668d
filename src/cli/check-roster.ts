// gov-clerk check-roster <roster> [--as-of YYYY-MM-DD]
// The command as the CLI knows it (arguments, options, help); the work is in check-roster-run.ts, loaded
// only when the command runs, so `gov-clerk --help` loads none of it.
import { Command } from 'commander';
import { addCommonOptions } from './options.js';
import type { Options } from './check-roster-run.js';

export function checkRosterCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('check-roster')
    .description('按选聘条件检查花名册：上岗年龄、学历、限期取证、身份证号、重复人员、日期先后')
    .argument('<roster>', '花名册文件（.xlsx 或 .csv）')
    .option('--as-of <YYYY-MM-DD>', '检查日期，默认今天');
  addCommonOptions(cmd);
  cmd.addHelpText('after', '\n示例：\n  gov-clerk check-roster 花名册.xlsx --as-of 2025-06-30\n  gov-clerk check-roster 花名册.xlsx --json');
  return cmd.action((roster: string, opts: Options) => run(async () => (await import('./check-roster-run.js')).checkRosterRun(roster, opts)));
}
