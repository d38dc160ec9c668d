// Issue 24.1: however many findings, no command holds them all. Proven without timing: each
// command runs on an input with a finding on every row, under a heap or a stack too small for
// the findings kept whole (main ran out of heap, or overflowed the stack with push(...spread)),
// and must finish with its outputs complete.
import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cli, ROOT } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { makeId } from '../helpers/sheets.js';

const tmp = tempDir();
const CENTRES = ['宿城区政务服务中心', '耿车镇便民服务中心', '埠子镇便民服务中心'];

/** A neglected roster: no certificate years after starting (CERT_OVERDUE on every row) and, on three rows in ten, 身份证号 written 无. */
function warnedRoster(path: string, n: number): string {
  const lines = ['工号,姓名,身份证号,所属中心,学历,上岗日期,基本工资'];
  for (let i = 0; i < n; i++) lines.push(`E${i + 1},员工${i + 1},${i % 10 < 3 ? '无' : makeId('19900101', i % 1000)},${CENTRES[i % 3]},本科,2020-0${(i % 9) + 1}-01,3000`);
  writeFileSync(path, `\uFEFF${lines.join('\n')}\n`);
  return path;
}

/** Every row's 身份证号 a placeholder: one PLACEHOLDER_VALUE per row. */
function placeholderRoster(path: string, n: number): string {
  const lines = ['工号,姓名,身份证号,所属中心,学历,上岗日期,证书等级,取证日期,基本工资'];
  for (let i = 0; i < n; i++) lines.push(`E${i + 1},员工${i + 1},无,${CENTRES[i % 3]},本科,2020-01-01,四级/中级工,2020-12-01,3000`);
  writeFileSync(path, `\uFEFF${lines.join('\n')}\n`);
  return path;
}

type Out = { issues: Array<{ code: string; row?: number; months?: string }> };

describe('a finding on every row, over five years of months, in a 96 MB heap', () => {
  it('payroll --month 2025-01..2029-12 to JSON: every finding once, with its months (main ran out of heap)', () => {
    const roster = warnedRoster(tmp('warned-1k.csv'), 1000);
    const out = tmp('range.json');
    // Rows and findings on disk past the first thousand rows' worth (5,000 findings), as a large roster's are.
    const r = cli(['payroll', roster, '--month', '2025-01..2029-12', '-q', '-o', out], { GOV_CLERK_SPOOL_ROWS: '1000' }, ['--max-old-space-size=96']);
    expect(r.code, r.stderr).toBe(0);
    const j = JSON.parse(readFileSync(out, 'utf8')) as Out & { months: Array<{ clerks: unknown[] }> };
    expect(j.months).toHaveLength(60);
    expect(j.months.every((m) => m.clerks.length === 1000)).toBe(true);
    // 300 placeholders, each once for all 60 months; an overdue certificate every row every
    // month, one finding per clerk naming its months (README 第 56 条).
    const placeholders = j.issues.filter((i) => i.code === 'PLACEHOLDER_VALUE');
    expect(placeholders.map((i) => i.row)).toEqual(Array.from({ length: 1000 }, (_, i) => i + 2).filter((row) => (row - 2) % 10 < 3));
    expect(new Set(placeholders.map((i) => i.months))).toEqual(new Set(['全部 60 个月']));
    const overdue = j.issues.filter((i) => i.code === 'CERT_OVERDUE');
    expect(overdue).toHaveLength(1000);
    expect(new Set(overdue.map((i) => i.months))).toEqual(new Set(['全部 60 个月']));
    expect(j.issues.map((i) => i.row ?? 0)).toEqual(j.issues.map((i) => i.row ?? 0).sort((x, y) => x - y)); // warnings only: by row
  });
});

describe('no row paid in any of sixty months, in a 64 MB heap (main ran out of heap: an exclusion per row per month)', () => {
  it('half the rows left in 2021, half without 学历: each month lists every row as not paid, with its reason', () => {
    const lines = ['工号,姓名,身份证号,所属中心,学历,上岗日期,基本工资,离岗日期'];
    for (let i = 1; i <= 2000; i++) lines.push(i % 2 ? `E${i},员工${i},无,${CENTRES[i % 3]},,2020-01-01,3000,` : `E${i},员工${i},无,${CENTRES[i % 3]},本科,2020-01-01,3000,2021-01-01`);
    const roster = tmp('nobody-paid.csv');
    writeFileSync(roster, `\uFEFF${lines.join('\n')}\n`);
    const out = tmp('nobody-paid.json');
    const r = cli(['payroll', roster, '--month', '2025-01..2029-12', '-q', '-o', out], {}, ['--max-old-space-size=64']);
    expect(r.code, r.stderr).toBe(1); // 学历 missing is an error
    const j = JSON.parse(readFileSync(out, 'utf8')) as { months: Array<{ clerks: unknown[]; excluded: Array<{ row: number; reason: string; because: string }> }> };
    expect(j.months).toHaveLength(60);
    for (const m of j.months) {
      expect(m.clerks).toEqual([]);
      expect(m.excluded.map((e) => e.row)).toEqual(Array.from({ length: 2000 }, (_, i) => i + 2));
      expect(m.excluded.filter((e) => e.reason === 'invalid')).toHaveLength(1000);
      expect(m.excluded.filter((e) => e.reason === 'not_on_post').every((e) => /^本月不在岗：/.test(e.because))).toBe(true);
    }
  });
});

describe('a placeholder 身份证号 on every row, with a small stack (main: “Maximum call stack size exceeded” from push(...spread))', () => {
  const roster = placeholderRoster(tmp('placeholder-30k.csv'), 30_000);
  const stack = ['--stack-size=100'];
  const placeholders = (out: string) => (JSON.parse(readFileSync(out, 'utf8')) as Out).issues.filter((i) => i.code === 'PLACEHOLDER_VALUE').length;

  it('check-staffing --roster', () => {
    const out = tmp('staffing.json');
    const r = cli(['check-staffing', `${ROOT}fixtures/centers.xlsx`, '--roster', roster, '--as-of', '2025-06-30', '-q', '-o', out], {}, stack);
    expect(r.code, r.stderr).toBe(1); // the fixture's centres are short of clerks
    expect(placeholders(out)).toBe(30_000);
  });

  it('annual --roster', () => {
    const ratings = tmp('ratings.csv');
    writeFileSync(ratings, `\uFEFF工号,姓名,所属中心,月份,等次\n${Array.from({ length: 12 }, (_, m) => `E1,员工1,${CENTRES[0]},2025-${String(m + 1).padStart(2, '0')},一般`).join('\n')}\n`);
    const out = tmp('annual.json');
    const r = cli(['annual', ratings, '--roster', roster, '-q', '-o', out], {}, stack);
    expect(r.code, r.stderr).toBe(0);
    expect(placeholders(out)).toBe(30_000);
  });

  it('check-roster and payroll', () => {
    for (const args of [['check-roster', roster, '--as-of', '2025-06-30'], ['payroll', roster, '--month', '2025-06']]) {
      const out = tmp(`${args[0]}.json`);
      const r = cli([...args, '-q', '-o', out], {}, stack);
      expect(r.code, r.stderr).toBe(0);
      expect(placeholders(out)).toBe(30_000);
    }
  });

  it('the terminal’s table of one centre per row (its widths were Math.max(...every row))', () => {
    const lines = ['工号,姓名,所属中心,学历,上岗日期,证书等级,取证日期,基本工资'];
    for (let i = 1; i <= 30_000; i++) lines.push(`E${i},员工${i},第${i}镇便民服务中心,本科,2020-01-01,四级/中级工,2020-12-01,3000`);
    const path = tmp('centres-30k.csv');
    writeFileSync(path, `\uFEFF${lines.join('\n')}\n`);
    const r = cli(['payroll', path, '--month', '2025-06', '-o', tmp('centres.xlsx')], {}, stack);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr.match(/^ {2}第\d+镇便民服务中心 +镇街 +1 +[\d,.]+$/gm)).toHaveLength(30_000);
  });
});
