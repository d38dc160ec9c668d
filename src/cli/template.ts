// gov-clerk template <roster|ratings|centers> [-o FILE]
import { existsSync } from 'node:fs';
import { Command } from 'commander';
import { todayInChina } from '../calendar.js';
import { UserError } from '../errors.js';
import { yearOption } from './options.js';

type TemplateKind = 'roster' | 'ratings' | 'centers';
const NAMES: Record<TemplateKind, string> = { roster: '花名册模板.xlsx', ratings: '月度考核模板.xlsx', centers: '中心表模板.xlsx' };

export function templateCommand(run: (action: () => Promise<number>) => Promise<void>): Command {
  return new Command('template')
    .description('生成空白模板（表头、示例行、下拉选项、填写说明）：roster 花名册、ratings 月度考核、centers 中心表')
    .argument('<kind>', 'roster、ratings 或 centers')
    .option('-o, --out <FILE>', '输出文件，默认 花名册模板.xlsx / 月度考核模板.xlsx / 中心表模板.xlsx')
    .option('--year <YYYY>', 'ratings 模板的年度，默认今年')
    .option('-f, --force', '文件已存在时覆盖')
    .addHelpText('after', '\n示例：\n  gov-clerk template roster\n  gov-clerk template ratings --year 2025 -o 2025月度考核.xlsx')
    .action((kind: string, opts: { out?: string; year?: string; force?: boolean }) =>
      run(async () => {
        if (kind !== 'roster' && kind !== 'ratings' && kind !== 'centers') {
          throw new UserError(`没有“${kind}”这种模板，请写 roster（花名册）、ratings（月度考核）或 centers（中心表）。`);
        }
        const year = opts.year !== undefined ? yearOption(opts.year) : Number(todayInChina().slice(0, 4));
        if (year < 2000) throw new UserError(`--year 的值“${opts.year}”不是考核年度，应写成四位数字，例如 2025。`);
        const out = opts.out ?? NAMES[kind];
        if (!out.toLowerCase().endsWith('.xlsx')) throw new UserError(`模板只能保存为 .xlsx 文件：${out}。`);
        if (existsSync(out) && !opts.force) throw new UserError(`文件 ${out} 已存在，为防止覆盖已停止。换一个文件名，或加 --force 覆盖。`);
        // Loaded here, not at start: `gov-clerk --help` should not read the table schemas.
        const [{ writeAtomically }, { templateFor, writeTemplate }] = await Promise.all([import('../io/write.js'), import('../report/template.js')]);
        await writeAtomically(out, (tmp) => writeTemplate(tmp, templateFor(kind, year)));
        process.stderr.write(`已写入 ${out}：填好后运行 ${kind === 'roster' ? `gov-clerk payroll ${out} --month YYYY-MM` : kind === 'ratings' ? `gov-clerk annual ${out}` : `gov-clerk check-staffing ${out}`}\n`);
        return 0;
      }),
    );
}
