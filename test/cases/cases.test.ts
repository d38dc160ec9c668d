// `policy test`: the shipped cases pass against the built-in policy, a changed amount fails the
// cases that depend on it, and a malformed case file is refused in one sentence.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCaseFile, readCaseFile } from '../../src/cases/case-file.js';
import { runCase } from '../../src/cases/run.js';
import { casesFileFor } from '../../src/cli/policy.js';
import { UserError } from '../../src/errors.js';
import { BUILTIN_POLICY_PATH, loadPolicy, parsePolicy } from '../../src/policy/load.js';

const SHIPPED = casesFileFor(BUILTIN_POLICY_PATH);
const view = (p: ReturnType<typeof loadPolicy>) => ({ effective: p.file.effective, at: p.at });

describe('the shipped cases (written from the policy text)', () => {
  const file = readCaseFile(SHIPPED);
  const builtin = view(loadPolicy());

  it('name the built-in policy and cover every kind', () => {
    expect(file.policy).toBe(BUILTIN_POLICY_PATH);
    expect(new Set(file.cases.map((c) => c.kind))).toEqual(new Set(['payroll', 'annual', 'quota', 'staffing', 'roster']));
  });

  it.each(file.cases.map((c) => [c.name, c] as const))('%s', (_, c) => {
    expect(runCase(c, builtin).mismatches).toEqual([]);
  });

  it('fail where a changed amount matters, and only there', () => {
    const text = readFileSync(BUILTIN_POLICY_PATH, 'utf8').replace('{ "5": 100, "4": 150', '{ "5": 110, "4": 150');
    const changed = view(parsePolicy(text, 'changed.yaml'));
    const failed = file.cases.map((c) => runCase(c, changed)).filter((r) => !r.ok);
    expect(failed.map((r) => r.name)).toEqual(['五级/初级工 100元', '只有助理社会工作师：按五级档，不计年限补贴', '取证后恰好满1年，20元', '升级之前的月份按最低档计技能补贴，并提示']);
    expect(failed[0]!.mismatches).toEqual([
      { field: '技能补贴', expected: '100', actual: '110' },
      { field: '补贴合计', expected: '100', actual: '110' },
    ]);
  });

  it('fail when a threshold moves (好 needed for 优秀: 4 → 5)', () => {
    const text = readFileSync(BUILTIN_POLICY_PATH, 'utf8').replace('excellent_min_good: 4', 'excellent_min_good: 5');
    const changed = view(parsePolicy(text, 'changed.yaml'));
    const failed = file.cases.map((c) => runCase(c, changed)).filter((r) => !r.ok);
    expect(failed.map((r) => r.name)).toContain('好4次且无差，优秀');
  });
});

describe('case files that cannot run: one sentence, naming the case', () => {
  const payroll = (clerk: string, expect = '{ 技能补贴: 100 }') => `cases:\n  - name: 甲\n    payroll: { month: 2025-06, clerk: ${clerk} }\n    expect: ${expect}\n`;
  it.each<[string, string, RegExp]>([
    ['not YAML', 'cases: [', /格式错误，无法解析为 YAML/],
    ['no cases', 'policy: x.yaml\n', /cases/],
    ['two kinds in one case', 'cases:\n  - name: 甲\n    payroll: { month: 2025-06, clerk: {} }\n    roster: { as_of: 2025-06-30, clerk: {} }\n    expect: {}\n', /第 1 个用例（甲）应有且只有/],
    ['an unknown expectation', payroll('{ 学历: 本科, 上岗日期: 2020-01-01 }', '{ 技能津贴: 100 }'), /第 1 个用例（甲）不正确：expect 有无法识别的键 技能津贴/],
    ['a month that is not one', payroll('{}').replace('2025-06', '2025-13'), /payroll\.month 应为 YYYY-MM/],
    ['the same name twice', `cases:\n${['  - name: 甲\n    quota: { month: 2025-01, staff: 5, good: 1 }\n    expect: {}\n'].join('').repeat(2)}`, /第 1 个和第 2 个用例同名（甲）/],
  ])('%s', (_, text, message) => {
    expect(() => parseCaseFile(text, 'c.cases.yaml')).toThrow(UserError);
    expect(() => parseCaseFile(text, 'c.cases.yaml')).toThrow(message);
  });

  const builtin = view(loadPolicy());
  const run = (text: string) => runCase(parseCaseFile(text, 'c.cases.yaml').cases[0]!, builtin);
  it.each<[string, string, RegExp]>([
    ['a column the roster does not have', payroll('{ 学历: 本科, 上岗日子: 2020-01-01 }'), /列“上岗日子”不是花名册的列/],
    ['eleven months', 'cases:\n  - name: 乙\n    annual: { year: 2025, months: 好好好好好好好好好好好 }\n    expect: {}\n', /应有 12 个月的等次.*实际 11 个/],
    ['a rating that is not one', 'cases:\n  - name: 乙\n    annual: { year: 2025, months: [好, 好, 好, 好, 好, 好, 好, 好, 好, 好, 好, 很好] }\n    expect: {}\n', /第 12 个月的等次“很好”无法识别/],
    ['more 好 than staff', 'cases:\n  - name: 丙\n    quota: { month: 2025-01, staff: 2, good: 3 }\n    expect: {}\n', /good（3）多于 staff（2）/],
  ])('%s', (_, text, message) => {
    expect(() => run(text)).toThrow(UserError);
    expect(() => run(text)).toThrow(message);
  });

  it('an alias of a column is read as that column (入职日期 = 上岗日期)', () => {
    expect(run(payroll('{ 学历: 本科, 入职日期: 2020-01-01 }', '{ 学历补贴: 100, 发放: 是 }')).mismatches).toEqual([]);
  });
  it('a finding can be asked for with its severity and clause (issue 25 #5)', () => {
    const ok = run(payroll('{ 学历: 本科, 上岗日期: 2020-01-01 }', '{ findings: [{ code: CERT_OVERDUE, 级别: 警告, 条款: 二(二)2(1)⑧ }] }'));
    expect(ok.mismatches).toEqual([]);
    const wrong = run(payroll('{ 学历: 本科, 上岗日期: 2020-01-01 }', '{ findings: [{ code: CERT_OVERDUE, 级别: 错误, 条款: 二(二)5(3) }] }'));
    expect(wrong.mismatches).toEqual([
      { field: 'CERT_OVERDUE 级别', expected: '错误', actual: '警告' },
      { field: 'CERT_OVERDUE 条款', expected: '二(二)5(3)', actual: '二(二)2(1)⑧' },
    ]);
  });
  it('findings are compared as a set: a missing and an extra code both fail', () => {
    const r = run(payroll('{ 学历: 本科, 上岗日期: 2020-01-01 }', '{ findings: [CERT_LATE] }'));
    expect(r.mismatches).toEqual([{ field: 'findings', expected: 'CERT_LATE', actual: 'CERT_OVERDUE' }]);
  });
  it('an amount asked of a clerk who is not paid fails, saying why', () => {
    const r = run(payroll('{ 学历: 本科, 上岗日期: 2025-07-01 }'));
    expect(r.mismatches).toEqual([{ field: '技能补贴', expected: '100', actual: '不发放（本月不在岗：上岗日期 2025-07-01 在本月之后）' }]);
  });
});
