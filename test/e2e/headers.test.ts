// Issue 21 #1 end to end: a roster headed as a town office really heads it pays exactly what the
// standard headers pay; what is guessed, unused or missing is said (terminal, 数据问题, JSON);
// an ambiguous header stops the run; --columns names an office's own headers.
import { writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { districtRosterSheet, HEADER } from '../fixtures/district.js';
import { cli } from '../helpers/cli.js';
import { readBack, writeXlsx } from '../helpers/sheets.js';
import { tempDir } from '../helpers/tmp.js';

const tmp = tempDir();

type Json = {
  issues: Array<{ code: string; severity: string; message: string; row?: number }>;
  clerks: Array<{ row: number; idNumber?: string; skillAllowance: number; seniorityAllowance: number; educationAllowance: number; baseSalary: number | null; allowanceTotal: number }>;
  excluded: Array<{ row: number; codes: string[] }>;
  totals: { allowanceTotal: number };
};

/** The sample district's roster with some headers as offices type them. */
async function rosterWith(name: string, rename: Record<string, string>, drop: string[] = []): Promise<string> {
  const sheet = districtRosterSheet();
  const keep = HEADER.map((h, i) => (drop.includes(h) ? -1 : i)).filter((i) => i >= 0);
  const path = tmp(name);
  await writeXlsx(path, [
    { ...sheet, header: keep.map((i) => rename[HEADER[i]!] ?? HEADER[i]!), rows: sheet.rows.map((r) => keep.map((i) => r[i] ?? null)) },
  ]);
  return path;
}

const pay = (path: string, ...more: string[]) => {
  const r = cli(['payroll', path, '--month', '2025-06', '--json', '-q', ...more]);
  return { ...r, json: r.stdout ? (JSON.parse(r.stdout) as Json) : undefined };
};
const amounts = (j: Json) => j.clerks.map((c) => [c.row, c.idNumber ?? null, c.skillAllowance, c.seniorityAllowance, c.educationAllowance, c.baseSalary]);

describe('a roster headed as offices type it', () => {
  let standard: Json;
  beforeAll(async () => {
    standard = pay(await rosterWith('standard.xlsx', {})).json!;
  });

  it('pays exactly what the standard headers pay: 证书级别, 身份证, 基础工资, 取得证书日期, 文化程度, 入职时间', async () => {
    const path = await rosterWith('office.xlsx', {
      证书等级: '证书级别',
      身份證號碼: '身份证',
      '基本工资（元）': '基础工资',
      取证日期: '取得证书日期',
      最高学历: '文化程度',
      上岗日期: '入职时间',
    });
    const r = pay(path);
    expect(r.code).toBe(1); // the sample's wrong rows, as with standard headers
    expect(amounts(r.json!)).toEqual(amounts(standard));
    expect(r.json!.clerks.filter((c) => c.idNumber).length).toBeGreaterThan(40);
    expect(r.json!.clerks.filter((c) => c.skillAllowance > 0).length).toBeGreaterThan(20);
    expect(r.json!.issues.filter((i) => i.code === 'COLUMN_GUESSED')).toEqual([]); // all are names offices use
  });

  it('reads a clear near-miss as the column it means and says so everywhere', async () => {
    const path = await rosterWith('near.xlsx', { 证书等级: '技能等级证书级别', 连续工作起始日期: '连续工龄起始日期' });
    const r = pay(path);
    expect(amounts(r.json!)).toEqual(amounts(standard));
    const guessed = r.json!.issues.filter((i) => i.code === 'COLUMN_GUESSED');
    expect(guessed.map((i) => i.severity)).toEqual(['warning', 'warning']);
    expect(guessed[0]!.message).toContain('表头「连续工龄起始日期」按「连续工作起始日期」读取');
    const text = cli(['payroll', path, '--month', '2025-06', '-o', tmp('near-out.xlsx')]);
    const lines = text.stderr.split('\n');
    const readAt = lines.findIndex((l) => l.startsWith('读取 '));
    expect(lines[readAt + 1]).toContain('按「连续工作起始日期」读取');
    const wb = await readBack(tmp('near-out.xlsx'));
    const problems: string[] = [];
    wb.getWorksheet('数据问题')!.eachRow((row) => problems.push(row.values!.toString()));
    expect(problems.some((p) => p.includes('COLUMN_GUESSED') && p.includes('技能等级证书级别'))).toBe(true);
  });

  it('lists every header it does not use, with the column it most likely means', async () => {
    const path = await rosterWith('unused.xlsx', {});
    const r = pay(path);
    const unused = r.json!.issues.filter((i) => i.code === 'COLUMN_UNUSED');
    expect(unused.map((i) => i.message)).toEqual(['第 3 行：第 17 列「备注」没有用到']);
    const text = cli(['payroll', path, '--month', '2025-06', '--json']);
    expect(text.stderr).toContain('未使用的列：「备注」');
  });

  it('announces a missing pay column in the first lines, before any total', async () => {
    const path = await rosterWith('nocert.xlsx', {}, ['证书等级', '取证日期']);
    const r = cli(['payroll', path, '--month', '2025-06', '--json']);
    const lines = r.stderr.split('\n');
    const notice = lines.findIndex((l) => l.includes('表头中没有「证书等级」列'));
    const total = lines.findIndex((l) => l.startsWith('计发 '));
    expect(notice).toBeGreaterThan(0);
    expect(notice).toBeLessThan(total);
    expect(lines[notice]).toContain('不发技能补贴');
    const j = JSON.parse(r.stdout) as Json;
    expect(j.issues.find((i) => i.code === 'COLUMN_MISSING')?.severity).toBe('warning');
    expect(j.issues.some((i) => i.message.includes('「取证日期」'))).toBe(false); // not announced without 证书等级
  });

  it('stops, in one sentence, on a header that could be two columns', async () => {
    const path = await rosterWith('ambiguous.xlsx', { '基本工资（元）': '基本工资标准' });
    const sheet = districtRosterSheet();
    const p2 = tmp('ambiguous2.xlsx');
    await writeXlsx(p2, [{ ...sheet, header: [...sheet.header, '基本工资额度'].map((h) => (h === '基本工资（元）' ? '基本工资标准' : h)), rows: sheet.rows.map((r) => [...r, null]) }]);
    expect(pay(path).code).toBe(0 + 1); // one near-miss alone is read
    const r = cli(['payroll', p2, '--month', '2025-06', '-o', tmp('never.xlsx')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('表头「基本工资标准」、「基本工资额度」都可能是「基本工资」，无法确定');
    expect(r.stderr).toContain('--columns');
    expect(r.stderr).not.toMatch(/at .*\.js|Error:/);
  });

  it('--columns names an office’s own headers, on the command line or in a file', async () => {
    const path = await rosterWith('own.xlsx', { 证书等级: '本人等级', 身份證號碼: '证照号' });
    const without = pay(path);
    expect(without.json!.issues.some((i) => i.code === 'COLUMN_MISSING' && i.message.includes('「证书等级」'))).toBe(true);
    expect(amounts(without.json!)).not.toEqual(amounts(standard));
    const withPairs = pay(path, '--columns', '本人等级=证书等级，证照号=身份证号');
    expect(amounts(withPairs.json!)).toEqual(amounts(standard));
    const file = tmp('表头对应.txt');
    writeFileSync(file, '\ufeff# 本镇花名册的表头\n本人等级=证书等级\n证照号 = 身份证号\n备注=忽略\n');
    const withFile = pay(path, '--columns', file);
    expect(amounts(withFile.json!)).toEqual(amounts(standard));
    expect(withFile.json!.issues.filter((i) => i.code === 'COLUMN_UNUSED')).toEqual([]);
    const bad = cli(['payroll', path, '--month', '2025-06', '--columns', '本人等级=证书登记', '--json']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('“证书登记”不是已知的列名');
  });
});
