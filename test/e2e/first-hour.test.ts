// A new user's first hour: templates, help, a town's own policy, data bars.
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

describe('gov-clerk template', () => {
  it.each([
    ['roster', ['payroll', '--month', '2025-06'], '花名册', ['工号', '姓名', '身份证号', '出生日期', '所属中心', '中心层级', '学历', '上岗日期']],
    ['ratings', ['annual'], '月度考核', ['工号', '姓名', '所属中心', '2025年1月']],
    ['centers', ['check-staffing', '--as-of', '2025-06-30'], '中心表', ['中心名称', '层级', '类型', '综合窗口数', '办事员人数']],
  ] as const)('%s: headers, example row, dropdowns, 填写说明, and its command reads it back without error', async (kind, command, sheet, headers) => {
    const path = tmp(`${kind}-template.xlsx`);
    expect(cli(['template', kind, '--year', '2025', '-o', path]).code).toBe(0);
    const wb = await readBack(path);
    expect(wb.worksheets.map((w) => w.name)).toEqual([sheet, '填写说明']);
    const ws = wb.getWorksheet(sheet)!;
    expect((ws.getRow(1).values as unknown[]).slice(1, headers.length + 1)).toEqual(headers);
    expect(ws.getRow(2).cellCount).toBeGreaterThan(1); // the example row
    const help = wb.getWorksheet('填写说明')!;
    expect((help.getRow(1).values as unknown[]).slice(1)).toEqual(['列名', '是否必填', '可以填写的内容', '示例']);
    const zip = await JSZip.loadAsync(readFileSync(path));
    const xml = await zip.file('xl/worksheets/sheet1.xml')!.async('string');
    expect(xml).toContain('<dataValidation type="list"');
    const [cmd, ...rest] = command;
    const r = cli([cmd, path, ...rest, '-o', tmp(`${kind}-out.xlsx`)]);
    // Issue 21 #10: the example row left in is a finding and the only error; a ratings file with
    // nothing but the example row grades nobody, and says so.
    if (kind === 'ratings') {
      expect(r.stderr).toContain('中没有可评定的人员（只有模板的示例行');
      expect(r.code).toBe(2);
    } else {
      expect(r.stderr).toMatch(/问题：错误 1，[\s\S]*这是模板中的示例行/);
      expect(r.code).toBe(1);
    }
  });

  it('the example row left in a ratings file is not graded nor counted', () => {
    const path = tmp('ratings-example.csv');
    const months = Array.from({ length: 12 }, (_, i) => `2025年${i + 1}月`);
    writeFileSync(path, [['工号', '姓名', '所属中心', ...months], ['E001', '张三（示例）', '宿城区政务服务中心', ...months.map(() => '好')], ['E002', '李四', '宿城区政务服务中心', ...months.map(() => '一般')]].map((r) => r.join(',')).join('\n'));
    const j = JSON.parse(cli(['annual', path, '--json', '-q']).stdout) as { clerks: Array<{ name: string }>; issues: Array<{ code: string }> };
    expect(j.clerks.map((c) => c.name)).toEqual(['李四']);
    expect(j.issues.map((i) => i.code)).toContain('EXAMPLE_ROW');
  });

  it('the example row left in a roster template is not paid', async () => {
    const path = tmp('example-left.xlsx');
    cli(['template', 'roster', '-o', path]);
    const j = JSON.parse(cli(['payroll', path, '--month', '2025-06', '--json', '-q']).stdout) as {
      clerks: unknown[];
      excluded: Array<{ codes: string[] }>;
      issues: Array<{ code: string; severity: string }>;
    };
    expect(j.clerks).toEqual([]);
    expect(j.excluded.map((e) => e.codes)).toEqual([['EXAMPLE_ROW']]);
    expect(j.issues.filter((i) => i.severity === 'error').map((i) => i.code)).toEqual(['EXAMPLE_ROW']);
  });

  it('formats the ID column as text and date columns as dates', async () => {
    const path = tmp('roster-formats.xlsx');
    cli(['template', 'roster', '-o', path]);
    const ws = (await readBack(path)).getWorksheet('花名册')!;
    expect(ws.getCell('C50').numFmt).toBe('@');
    expect(ws.getCell('H50').numFmt).toBe('yyyy-mm-dd');
  });

  it('never overwrites without --force, and refuses an unknown kind', () => {
    const path = tmp('exists.xlsx');
    expect(cli(['template', 'centers', '-o', path]).code).toBe(0);
    expect(cli(['template', 'centers', '-o', path]).stderr).toMatch(/已存在/);
    expect(cli(['template', 'centers', '-o', path, '--force']).code).toBe(0);
    expect(cli(['template', 'payroll']).stderr).toMatch(/没有“payroll”这种模板/);
  });
});

describe('help in Chinese, with examples, for every command', () => {
  it.each(['payroll', 'annual', 'check-staffing', 'check-roster', 'template'])('%s --help', (cmd) => {
    const r = cli([cmd, '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^用法： gov-clerk /);
    expect(r.stdout).toContain('选项：');
    expect(r.stdout).toContain('示例：');
    expect(r.stdout).not.toMatch(/Usage:|Options:|display help/);
  });
  it('lists every command', () => {
    const r = cli(['--help']);
    for (const c of ['payroll', 'budget', 'annual', 'check-staffing', 'check-roster', 'template', 'policy']) expect(r.stdout).toContain(c);
    // The program's version and the Node running it (here the test's own, process.execPath).
    const { version } = JSON.parse(readFileSync(`${ROOT}package.json`, 'utf8')) as { version: string };
    expect(cli(['--version']).stdout).toBe(`gov-clerk ${version}（Node.js ${process.version}）\n`);
  });
  it('suggests the right command', () => {
    expect(cli(['anual']).stderr).toMatch(/没有“anual”这个命令。您是不是想输入 annual？/);
  });
});

describe('a town adapts the policy', () => {
  it('applies a new amount from its date and not before, and says which values were used', async () => {
    const policy = tmp('town.yaml');
    cli(['policy', 'init', policy]);
    const text = readFileSync(policy, 'utf8').replace(
      'value: { below_college: 0, college: 0, bachelor: 100, master: 200, doctorate: 200 }',
      'value: { below_college: 0, college: 0, bachelor: 100, master: 200, doctorate: 200 }\n        - from: 2026-01-01\n          value: { below_college: 0, college: 50, bachelor: 150, master: 300, doctorate: 300 }',
    );
    writeFileSync(policy, text);
    const pay = (month: string) => JSON.parse(cli(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', month, '--policy', policy, '--json', '-q']).stdout) as { clerks: Array<{ employeeNo: string; educationAllowance: number }> };
    const e001 = (month: string) => pay(month).clerks.find((c) => c.employeeNo === 'E001')!.educationAllowance;
    expect(e001('2025-12')).toBe(100);
    expect(e001('2026-01')).toBe(150);
    const out = tmp('jan.xlsx');
    cli(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2026-01', '--policy', policy, '-o', out, '-q']);
    const ws = (await readBack(out)).getWorksheet('政策参数')!;
    const rows: unknown[][] = [];
    ws.eachRow((r) => rows.push((r.values as unknown[]).slice(1)));
    // January's value, and December's (the 变动 sheet compares with December).
    // In Chinese: the parameter's name and its value in words, never its key or JSON.
    expect(rows.filter((r) => r[0] === '学历补贴标准（元/月）').map((r) => r.slice(1, 4))).toEqual([
      ['大专以下 0，大专 0，本科 100，硕士研究生 200，博士研究生 200', '2024-12-27', '二(二)5(4)'],
      ['大专以下 0，大专 50，本科 150，硕士研究生 300，博士研究生 300', '2026-01-01', '二(二)5(4)'],
    ]);
    expect(rows.find((r) => r[0] === '学历补贴标准（元/月）')![4]).toEqual(expect.stringContaining('学历补贴'));
    expect(rows.flat().join('\n')).not.toMatch(/payroll\.|\{"/);
    expect(rows.find((r) => r[0] === '政策文件')![1]).toBe('town.yaml');
  });
});

describe('a town proves its adaptation: policy test', () => {
  it('the built-in cases pass (exit 0) and the table names each case', () => {
    const r = cli(['policy', 'test']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^政策测试：sucheng-2024-26\.cases\.yaml（政策：内置 宿区政办发〔2024〕26号）/);
    expect(r.stdout).toMatch(/\d+  通过  补贴 +五级\/初级工 100元 +二\(二\)5\(2\)/);
    expect(r.stdout).toMatch(/共 (\d+) 个用例：通过 \1，失败 0\n$/);
  });

  it('policy init exports the cases beside the policy; a changed amount fails them (exit 1) until the cases say it too', () => {
    const policy = tmp('adapted.yaml');
    expect(cli(['policy', 'init', policy]).code).toBe(0);
    const cases = tmp('adapted.cases.yaml');
    expect(readFileSync(cases, 'utf8')).toMatch(/^policy: adapted\.yaml$/m);
    expect(cli(['policy', 'test', cases]).code).toBe(0);

    writeFileSync(policy, readFileSync(policy, 'utf8').replace('bachelor: 100, master: 200', 'bachelor: 120, master: 200'));
    const failed = cli(['policy', 'test', cases]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('失败的用例：');
    expect(failed.stdout).toMatch(/本科 100元\n +学历补贴：期望 100，实际 120/);
    // --policy finds its own cases by name, and a fixed case passes again.
    writeFileSync(cases, readFileSync(cases, 'utf8').replace('expect: { 学历补贴: 100, 补贴合计: 100 }', 'expect: { 学历补贴: 120, 补贴合计: 120 }'));
    const other = cli(['policy', 'test', '--policy', policy]);
    expect(other.stdout).not.toContain('本科 100元\n');
    expect(other.stdout).toMatch(/失败 [1-9]/); // 应发合计 and others still expect 100 for 本科
  });

  it('refuses a case file it cannot run with one sentence and exit 2', () => {
    const bad = tmp('bad.cases.yaml');
    writeFileSync(bad, 'cases:\n  - name: 甲\n    payroll: { month: 2025-06, clerk: { 学历: 本科, 上岗日子: 2020-01-01 } }\n    expect: {}\n');
    const r = cli(['policy', 'test', bad]);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual(['错误：用例“甲”中的列“上岗日子”不是花名册的列；可用的列：工号、姓名、身份证号、出生日期、所属中心、中心层级、学历、上岗日期、连续工作起始日期、证书等级、取证日期、首次取证日期、其他证书、试用期截止日期、是否试用期、基本工资、离岗日期。']);
  });
});

describe('data bars', () => {
  it('on 汇总, in the classic form Excel opens without repair', async () => {
    const out = tmp('bars.xlsx');
    cli(['payroll', `${ROOT}fixtures/roster.xlsx`, '--month', '2025-06', '-o', out, '-q']);
    const zip = await JSZip.loadAsync(readFileSync(out));
    const xml = await zip.file('xl/worksheets/sheet3.xml')!.async('string');
    expect(xml).toMatch(/<conditionalFormatting sqref="C3:C\d+"><cfRule type="dataBar"/);
    expect(xml).not.toContain('x14:id');
  });
});

describe('on a terminal', () => {
  // `script` runs the command on a pseudo-terminal, as a user at a console would.
  const tty = (cmd: string, env: Record<string, string | undefined>) =>
    spawnSync('script', ['-qec', cmd, '/dev/null'], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, ...env }, timeout: 120_000 }).stdout ?? '';
  const hasScript = spawnSync('script', ['--version']).status === 0;

  it.runIf(hasScript)('shows progress on long inputs, reading and writing, and colour unless NO_COLOR is set', () => {
    const input = tmp('long.csv');
    writeFileSync(input, `工号,姓名,所属中心,学历,上岗日期\n${Array.from({ length: 12_000 }, (_, i) => `E${i},张${i},耿车镇便民服务中心,本科,2020-01-01`).join('\n')}\n`);
    const out = tmp('long.xlsx');
    const coloured = tty(`node bin/gov-clerk.cjs payroll ${input} --month 2025-06 -o ${out}`, { NO_COLOR: undefined, FORCE_COLOR: undefined });
    expect(coloured).toMatch(/正在读取花名册 \d{1,3}(,\d{3})+ 行/);
    expect(coloured).toMatch(/正在写出「补贴发放表」 \d{1,3}(,\d{3})+ 行/);
    expect(coloured).toMatch(/\x1b\[1m/);
    const plain = tty(`node bin/gov-clerk.cjs payroll ${input} --month 2025-06 -o ${out}`, { NO_COLOR: '1' });
    expect(plain).not.toMatch(/\x1b\[[0-9;]*m/);
    expect(plain).toContain('计发 12000 人');
  });
});
