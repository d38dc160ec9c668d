// gov-clerk policy show | init [FILE] | test [CASES]: the policy file, to read, to adapt, and
// to prove an adaptation against its cases.
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { Command } from 'commander';
import { printable, table } from './text.js';
import { UserError } from '../errors.js';
import { BUILTIN_CASES_FILE, builtinCasesText, builtinPolicyText } from '../assets.js';

/** The case file that goes with a policy file: 本地政策.yaml → 本地政策.cases.yaml. */
export function casesFileFor(policyFile: string): string {
  return join(dirname(policyFile), `${basename(policyFile).replace(/\.(ya?ml|json)$/i, '')}.cases.yaml`);
}

export function policyCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  const cmd = new Command('policy')
    .description('查看或导出政策参数文件（金额、门槛及其条款）')
    .addHelpText(
      'after',
      '\n示例：\n  gov-clerk policy show\n  gov-clerk policy init 本地政策.yaml\n  gov-clerk policy upgrade 本地政策.yaml\n  gov-clerk policy test 本地政策.cases.yaml\n  gov-clerk payroll 花名册.xlsx --policy 本地政策.yaml',
    );
  cmd
    .command('show')
    .description('显示正在使用的政策文件（默认内置的宿区政办发〔2024〕26号）')
    .option('--policy <FILE>', '显示指定的政策文件（先检查其格式）')
    .action((opts: { policy?: string }) =>
      run(async () => {
        const { openPolicy } = await import('../policy/open.js');
        const policy = await openPolicy(opts.policy); // validates a user's file before showing it
        process.stdout.write(printable(policy.text)); // a user's file may hold control characters

        return 0;
      }),
    );
  cmd
    .command('init')
    .description('把内置政策和它的测试用例导出为 YAML 文件，供本地"参照执行"时修改，之后用 --policy 使用')
    .argument('[FILE]', '导出的文件名（用例另存为同名的 .cases.yaml）', 'policy.yaml')
    .option('-f, --force', '文件已存在时覆盖')
    .action((file: string, opts: { force?: boolean }) =>
      run(async () => {
        const cases = casesFileFor(file);
        for (const f of [file, cases]) {
          if (existsSync(f) && !opts.force) throw new UserError(`文件 ${f} 已存在，为防止覆盖已停止。换一个文件名，或加 --force 覆盖。`);
        }
        const { writeAtomically } = await import('../io/write.js');
        // The exported cases name the exported policy, so `policy test 本地.cases.yaml` tests it.
        const casesText = builtinCasesText().replace(/^policy: .*$/m, `policy: ${basename(file)}`);
        await writeAtomically(file, (tmp) => writeFile(tmp, builtinPolicyText()));
        await writeAtomically(cases, (tmp) => writeFile(tmp, casesText));
        process.stderr.write(
          `已写入 ${file} 和 ${cases}。修改金额时请在 values 中追加新的 from 日期，并改好用例中的期望值，然后运行：\n` +
            `  gov-clerk policy test ${cases}\n  gov-clerk payroll 花名册.xlsx --policy ${file}\n`,
        );
        return 0;
      }),
    );
  cmd
    .command('upgrade')
    .description('为旧版本导出的政策文件补上此后新增的参数（条款、原文、取值同内置政策），原有内容不变')
    .argument('<FILE>', '要升级的政策文件（.yaml）')
    .action((file: string) => run(async () => (await import('./policy-upgrade.js')).upgradePolicy(file)));
  cmd
    .command('test')
    .description('运行政策测试用例：逐条核对金额、等次和问题，打印通过/失败表；有失败时退出码为 1')
    .argument('[CASES]', '用例文件（.cases.yaml）；省略时用 --policy 同名的用例文件，或内置政策的用例')
    .option('--policy <FILE>', '用这个政策文件计算（默认用例文件中 policy: 指定的，否则内置政策）')
    .action((file: string | undefined, opts: { policy?: string }) =>
      run(async () => {
        const { openPolicy } = await import('../policy/open.js');
        const { parseCaseFile, readCaseFile } = await import('../cases/case-file.js');
        const { runCase } = await import('../cases/run.js');
        let path = file;
        if (path === undefined && opts.policy !== undefined) {
          path = casesFileFor(opts.policy);
          if (!existsSync(path)) {
            throw new UserError(`没有找到政策文件 ${opts.policy} 的用例文件 ${path}。请给出用例文件：gov-clerk policy test 用例.cases.yaml --policy ${opts.policy}`);
          }
        }
        // Without a file: the built-in policy's own cases.
        const cases = path === undefined ? parseCaseFile(builtinCasesText(), BUILTIN_CASES_FILE) : readCaseFile(path);
        const policyPath = opts.policy ?? (path === undefined ? undefined : cases.policy); // the built-in cases name the built-in policy
        const policy = await openPolicy(policyPath);
        const view = { effective: policy.file.effective, at: policy.at };
        const results = cases.cases.map((c) => runCase(c, view));
        process.stdout.write(printable(testReport(cases.path, policy.builtin ? `内置 ${policy.file.document}` : policy.source, results)));
        return results.every((r) => r.ok) ? 0 : 1;
      }),
    );
  return cmd;
}

const KIND_LABEL = { payroll: '补贴', annual: '年度考核', quota: '月度比例', staffing: '配备', roster: '选聘条件' } as const;

/** The pass/fail table, then each failure's differences, then the count. */
function testReport(
  path: string,
  policy: string,
  results: ReadonlyArray<{ name: string; kind: keyof typeof KIND_LABEL; clause?: string; ok: boolean; mismatches: ReadonlyArray<{ field: string; expected: string; actual: string }> }>,
): string {
  const out = [`政策测试：${basename(path)}（政策：${policy}）`];
  const rows = results.map((r, i) => [String(i + 1), r.ok ? '通过' : '失败', KIND_LABEL[r.kind], r.name, r.clause ?? '']);
  out.push(...table([['序号', '结果', '类型', '用例', '条款'], ...rows], ['right', 'left', 'left', 'left', 'left']).map((l) => `  ${l}`));
  const failed = results.map((r, i) => ({ r, i })).filter(({ r }) => !r.ok);
  if (failed.length) {
    out.push('', '失败的用例：');
    for (const { r, i } of failed) {
      out.push(`  ${i + 1}. ${r.name}`);
      for (const m of r.mismatches) out.push(`     ${m.field}：期望 ${m.expected}，实际 ${m.actual}`);
    }
  }
  out.push('', `共 ${results.length} 个用例：通过 ${results.length - failed.length}，失败 ${failed.length}`);
  return out.join('\n') + '\n';
}
