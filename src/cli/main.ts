// The command-line shell: parses arguments, runs one command, turns every failure a user
// can fix into one Chinese sentence and exit code 2 (docs/contract.md §2).
import { Command, CommanderError, Help } from 'commander';
import { UserError } from '../errors.js';
import { versionLine } from '../version.js';
import { exitOnSignals } from '../exit.js';
import { displayWidth, printable } from './text.js';
import { payrollCommand } from './payroll.js';
import { budgetCommand } from './budget.js';
import { policyCommand } from './policy.js';
import { annualCommand } from './annual.js';
import { templateCommand } from './template.js';
import { checkRosterCommand } from './check-roster.js';
import { checkStaffingCommand } from './check-staffing.js';
import { misplacedPeriod } from './options.js';
import { appCommand } from './app.js';

export async function main(argv: string[]): Promise<number> {
  // `gov-clerk … | head` closes stdout early: that is not an error.
  // Any other failure of stdout (a full disk behind `> file`) is one sentence and exit 2.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
    process.stderr.write(`错误：无法写入标准输出（${e.code ?? e.message}）：重定向的目标磁盘可能已满或不可写。请改用 -o 指定输出文件，或清理磁盘后重试。\n`);
    process.exit(2);
  });
  // Ctrl-C, a stop request or a closed terminal still removes temporary files (exit.ts).
  exitOnSignals();
  let code = 0;
  const run = async (action: () => Promise<number>) => {
    code = await action();
  };
  const program = new Command('gov-clerk')
    .description('政务服务办事员补贴、年度考核与配备合规计算（宿区政办发〔2024〕26号）')
    .version(versionLine(), '-V, --version', '显示版本号（以及运行它的 Node.js）')
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({ outputError: () => {} });
  program.addCommand(payrollCommand(run));
  program.addCommand(budgetCommand(run));
  program.addCommand(annualCommand(run));
  program.addCommand(checkStaffingCommand(run));
  program.addCommand(checkRosterCommand(run));
  program.addCommand(templateCommand(run));
  program.addCommand(policyCommand(run));
  program.addCommand(appCommand(run));
  for (const cmd of [program, ...program.commands, ...program.commands.flatMap((c) => c.commands)]) {
    if (cmd.commands.length > 0) cmd.helpCommand('help [命令]', '显示某个命令的帮助');
    cmd.helpOption('-h, --help', '显示帮助').exitOverride().configureOutput({ outputError: () => {} }).configureHelp({
      formatHelp: chineseHelp,
      displayWidth,
      subcommandTerm: (c: Command) => Help.prototype.subcommandTerm.call(new Help(), c).replace('[options]', '[选项]'),
    });
  }
  try {
    await program.parseAsync(argv);
    return code;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.code === 'commander.help') return 0;
      const period = e.code === 'commander.excessArguments' ? misplacedPeriod(argv[2] ?? '', argv.slice(3)) : undefined;
      if (period) {
        process.stderr.write(`错误：${printable(period)}\n`);
        return 2;
      }
      process.stderr.write(`${printable(usageMessage(e))}\n`);
      return 2;
    }
    if (e instanceof UserError) {
      process.stderr.write(`错误：${printable(e.message)}\n`);
      return 2;
    }
    if (process.env.DEBUG) throw e;
    process.stderr.write(
      `内部错误：${printable(e instanceof Error ? e.message : String(e))}。这是 gov-clerk 的缺陷，请把命令和输入文件（可脱敏）反馈给维护人员；设置环境变量 DEBUG=1 可查看详细信息。\n`,
    );
    return 2;
  }
}

/** Commander's help with Chinese section titles. */
function chineseHelp(cmd: Command, helper: Help): string {
  return Help.prototype.formatHelp
    .call(helper, cmd, helper)
    .replace(/^Usage:/m, '用法：')
    .replace(/^Arguments:/m, '参数：')
    .replace(/^Options:/m, '选项：')
    .replace(/^Commands:/m, '命令：')
    .replace(/\[options\]/g, '[选项]')
    .replace(/\[command\]/g, '<命令>');
}

/** Commander's messages, in Chinese. */
function usageMessage(e: CommanderError): string {
  const suggestion = /\(Did you mean (.+?)\?\)/.exec(e.message)?.[1];
  const hint = suggestion ? `您是不是想输入 ${suggestion}？` : '';
  const quoted = /'([^']+)'/.exec(e.message)?.[1] ?? '';
  switch (e.code) {
    case 'commander.unknownCommand':
      return `错误：没有“${quoted}”这个命令。${hint}运行 gov-clerk --help 查看所有命令。`;
    case 'commander.unknownOption':
      return `错误：没有“${quoted}”这个选项。${hint}运行 gov-clerk <命令> --help 查看可用选项。`;
    case 'commander.missingArgument':
      return `错误：缺少参数 ${quoted}。运行 gov-clerk <命令> --help 查看用法。`;
    case 'commander.optionMissingArgument':
      return `错误：选项 ${quoted} 后面需要一个值。运行 gov-clerk <命令> --help 查看用法。`;
    case 'commander.excessArguments':
      return `错误：参数太多。运行 gov-clerk <命令> --help 查看用法。`;
    case 'commander.invalidArgument':
      return `错误：${e.message.replace(/^error: /, '')}`;
    default:
      return `错误：命令行用法不正确（${e.message.replace(/^error: /, '')}）。运行 gov-clerk --help 查看用法。`;
  }
}
