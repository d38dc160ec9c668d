// gov-clerk annual <ratings|folder>... [--year YYYY] [--roster <roster>]
// The command as the CLI knows it (arguments, options, help); the work is in annual-run.ts, loaded
// only when the command runs, so `gov-clerk --help` loads none of it.
import { Command } from 'commander';
import { addCommonOptions } from './options.js';
import type { Options } from './annual-run.js';

export function annualCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('annual')
    .description('按月度考核评定年度考核等次（优秀/称职/基本称职/不称职），并核对每月"好"的人数不超过政策规定的比例')
    .argument('<ratings...>', '月度考核表（.xlsx 或 .csv；每月一列，或 月份+等次 两列），可给多个文件，或一个文件夹（读取其中全部 .xlsx、.csv）')
    .option('--year <YYYY>', '考核年度；表中只有一个年度时可省略')
    .option('--roster <FILE>', '花名册：在岗月份、是否满一年、月度比例的分母（在岗人数）、报送情况、未取证建议换岗、可竞选窗口负责人')
    .option('--history <FILE...>', '往年 annual 输出的年度考核工作簿（可给多个），用于"连续考核末位"');
  addCommonOptions(cmd);
  cmd.addHelpText('after', '\n示例：\n  gov-clerk annual 月度考核.csv --year 2025\n  gov-clerk annual 月度考核.xlsx --roster 花名册.xlsx\n  gov-clerk annual 各中心报送/ --roster 花名册.xlsx --year 2025\n  gov-clerk annual 耿车镇.xlsx 埠子镇.csv 区中心.xlsx');
  return cmd.action((ratings: string[], opts: Options) => run(async () => (await import('./annual-run.js')).annualRun(ratings, opts)));
}
