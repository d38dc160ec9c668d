// Issue 21 #7: a policy file exported by an earlier release still runs: what it lacks is taken
// from the built-in policy, said in the summary and in 政策参数, and `policy upgrade` writes it
// in without touching what the town wrote. One file exported by each earlier release is kept.
import { copyFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { readBack } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();
const DIR = `${ROOT}test/fixtures/policies/`;
const EXPORTS = readdirSync(DIR).filter((f) => f.endsWith('.yaml')).sort();
const ROSTER = `${ROOT}fixtures/roster.xlsx`;
const RATINGS = `${ROOT}fixtures/ratings-2025.csv`;

type Pay = { clerks: Array<{ row: number; allowanceTotal: number }> };
const payroll = (...more: string[]) => cli(['payroll', ROSTER, '--month', '2025-06', '--json', ...more]);
const builtinPay = JSON.parse(payroll('-q').stdout) as Pay;
const builtinAnnual = cli(['annual', RATINGS, '--roster', ROSTER, '--json', '-q']).stdout;
const strip = (s: string) => s.replace(/"(generatedAt|sha256|path)": ?"[^"]*"/g, '');

describe('policy files exported by earlier releases', () => {
  it('there is one for each release that changed the policy', () => {
    expect(EXPORTS.length).toBeGreaterThanOrEqual(4);
  });

  it.each(EXPORTS)('%s runs payroll and annual as the built-in policy does, saying what it took', (name) => {
    const file = tmp(name);
    copyFileSync(DIR + name, file);
    const r = payroll('--policy', file);
    expect(r.code).toBe(1); // the sample's wrong rows, as always
    expect((JSON.parse(r.stdout) as Pay).clerks).toEqual(builtinPay.clerks);
    const a = cli(['annual', RATINGS, '--roster', ROSTER, '--json', '--policy', file]);
    expect(a.code).toBeLessThan(2);
    expect(strip(a.stdout)).toEqual(strip(builtinAnnual));
    const lacks = /缺少 (\d+) 项参数/.exec(a.stderr);
    // Every earlier release lacks at least one parameter added since (the newest: the tie share).
    expect(Number(lacks?.[1])).toBeGreaterThan(0);
    expect(a.stderr).toContain(`gov-clerk policy upgrade ${file}`);
  });

  it('names what it took in 政策参数', async () => {
    const file = tmp('old.yaml');
    copyFileSync(DIR + EXPORTS[0]!, file);
    const out = tmp('old.annual.xlsx');
    cli(['annual', RATINGS, '--roster', ROSTER, '--policy', file, '-o', out, '-q']);
    const rows: string[] = [];
    (await readBack(out)).getWorksheet('政策参数')!.eachRow((row) => rows.push((row.values as unknown[]).join('|')));
    const filled = rows.find((r) => r.includes('按内置政策补充的参数'));
    expect(filled).toContain('连续考核末位');
    expect(rows.some((r) => r.includes('政策文件中没有这一项，按内置政策'))).toBe(true);
  });

  it('policy upgrade writes the missing parameters in, keeps the town’s own values and comments, and is then quiet', () => {
    const file = tmp('本地政策.yaml');
    const own = readFileSync(DIR + EXPORTS[0]!, 'utf8').replace(/(skill_allowance:[\s\S]*?value: \{ ?"5": )100/, '$1120');
    expect(own).toContain('"5": 120');
    writeFileSync(file, `# 本镇 2024 年导出，五级技能补贴改为 120 元\n${own}`);
    const up = cli(['policy', 'upgrade', file]);
    expect(up.code).toBe(0);
    expect(up.stderr).toMatch(/已在 .* 中补充 \d+ 项参数/);
    const after = readFileSync(file, 'utf8');
    expect(after.startsWith('# 本镇 2024 年导出，五级技能补贴改为 120 元\n')).toBe(true);
    expect(after).toContain('"5": 120');
    expect(after).toContain('last_place:');
    expect(after).toContain('对未按要求取得政务服务办事员等级证书和连续考核末位的工作人员'); // the quote came along
    const r = payroll('--policy', file);
    expect(r.stderr).not.toContain('缺少');
    const e = (JSON.parse(r.stdout) as { clerks: Array<{ skillAllowance: number }> }).clerks;
    expect(e.some((c) => c.skillAllowance === 120)).toBe(true);
    const again = cli(['policy', 'upgrade', file]);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('无需升级');
    expect(readFileSync(file, 'utf8')).toBe(after);
  });

  it('refuses to rewrite a file that is not a valid policy', () => {
    const file = tmp('broken.yaml');
    writeFileSync(file, 'parameters: { payroll: 3 }\n');
    const r = cli(['policy', 'upgrade', file]);
    expect(r.code).toBe(2);
    expect(readFileSync(file, 'utf8')).toBe('parameters: { payroll: 3 }\n');
  });
});
