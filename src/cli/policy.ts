// gov-clerk policy show | policy init [FILE]: the built-in policy file, to read or to adapt.
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { Command } from 'commander';
import { printable } from './terminal.js';
import { UserError } from '../errors.js';
import { writeAtomically } from '../io/write.js';

export function policyCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('policy')
    .description('查看或导出政策参数文件（金额、门槛及其条款）')
    .addHelpText('after', '\n示例：\n  gov-clerk policy show\n  gov-clerk policy init 本地政策.yaml\n  gov-clerk payroll 花名册.xlsx --policy 本地政策.yaml');
  cmd
    .command('show')
    .description('显示正在使用的政策文件（默认内置的宿区政办发〔2024〕26号）')
    .option('--policy <FILE>', '显示指定的政策文件（先检查其格式）')
    .action((opts: { policy?: string }) =>
      run(async () => {
        const { loadPolicy } = await import('../policy/load.js');
        const policy = loadPolicy(opts.policy); // validates a user's file before showing it
        process.stdout.write(printable(policy.text)); // a user's file may hold control characters

        return 0;
      }),
    );
  cmd
    .command('init')
    .description('把内置政策导出为 YAML 文件，供本地"参照执行"时修改，之后用 --policy 使用')
    .argument('[FILE]', '导出的文件名', 'policy.yaml')
    .option('-f, --force', '文件已存在时覆盖')
    .action((file: string, opts: { force?: boolean }) =>
      run(async () => {
        if (existsSync(file) && !opts.force) throw new UserError(`文件 ${file} 已存在，为防止覆盖已停止。换一个文件名，或加 --force 覆盖。`);
        const { BUILTIN_POLICY_PATH } = await import('../policy/load.js');
        await writeAtomically(file, (tmp) => writeFile(tmp, readFileSync(BUILTIN_POLICY_PATH)));
        process.stderr.write(`已写入 ${file}。修改金额时请在 values 中追加新的 from 日期，然后运行：gov-clerk payroll 花名册.xlsx --policy ${file}\n`);
        return 0;
      }),
    );
  return cmd;
}
