// gov-clerk app [--no-open] [--port N]: the whole tool in a local page (issue 23).
// The command as the CLI knows it; the server is in src/cli/app/, loaded only when the command runs,
// so `gov-clerk --help` and the other commands load none of it.
import { Command } from 'commander';
import { UserError } from '../errors.js';
import type { AppOptions } from './app-run.js';

export function appCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('app')
    .description('在本机浏览器中打开 gov-clerk 网页：上传表格、选择月份、计算、查看图表、下载结果，无需输入命令')
    .option('--no-open', '不自动打开浏览器，只在标准输出打印网页地址（含口令）')
    .option('--port <N>', '使用指定端口（默认由系统随机分配）', parsePort);
  cmd.addHelpText(
    'after',
    '\n网页只在本机（127.0.0.1）可以访问，地址中含随机口令；按 Ctrl-C 或在网页上点「退出」即停止，上传的文件随即删除。\n\n示例：\n  gov-clerk app\n  gov-clerk app --no-open --port 8800',
  );
  return cmd.action((opts: AppOptions) => run(async () => (await import('./app-run.js')).appRun(opts)));
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new UserError(`--port 应为 1 到 65535 之间的整数，实际为“${v}”。`);
  return n;
}
