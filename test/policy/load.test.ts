import { d } from '../helpers/dates.js';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { UserError } from '../../src/errors.js';
import { BUILTIN_POLICY_PATH, loadPolicy, parsePolicy } from '../../src/policy/load.js';

const text = readFileSync(BUILTIN_POLICY_PATH, 'utf8');

describe('the built-in policy', () => {
  const p = loadPolicy();
  it('is sucheng-2024-26, effective 2024-12-27', () => {
    expect(p.file.id).toBe('sucheng-2024-26');
    expect(p.file.effective).toBe('2024-12-27');
    expect(p.builtin).toBe(true);
  });
  it('holds the amounts of 二(二)5 with their clauses', () => {
    const skill = p.at('payroll.skill_allowance', d('2025-06-30'));
    expect(skill.value).toEqual({ '1': 600, '2': 400, '3': 200, '4': 150, '5': 100 });
    expect(skill.clause).toBe('二(二)5(2)');
    expect(p.at('payroll.seniority_allowance', d('2025-06-30')).clause).toBe('二(二)5(3)');
    expect(p.at('payroll.education_allowance', d('2025-06-30')).value.bachelor).toBe(100);
  });
});

describe('dated values', () => {
  const raw = parse(text) as { parameters: { payroll: { education_allowance: { values: unknown[] } } } };
  raw.parameters.payroll.education_allowance.values.push({
    from: d('2026-01-01'),
    value: { below_college: 0, college: 50, bachelor: 150, master: 300, doctorate: 300 },
  });
  const p = parsePolicy(stringify(raw), 'town.yaml');
  it('applies a new value from its date and not before', () => {
    expect(p.at('payroll.education_allowance', d('2025-12-31')).value.bachelor).toBe(100);
    expect(p.at('payroll.education_allowance', d('2026-01-01')).value.bachelor).toBe(150);
    expect(p.at('payroll.education_allowance', d('2026-01-01')).from).toBe('2026-01-01');
  });
});

describe('an invalid policy file names the bad key', () => {
  const bad = (edit: (s: string) => string) => () => parsePolicy(edit(text), 'bad.yaml');
  it.each<[string, (s: string) => string, RegExp]>([
    ['a negative amount', (s) => s.replace('"5": 100', '"5": -100'), /parameters\.payroll\.skill_allowance\.values\.0\.value\.5/],
    ['a misspelt key', (s) => s.replace('evaluate_at:', 'evaluate_on:'), /parameters\.payroll/],
    ['a bad date', (s) => s.replace('- from: 2024-12-27\n          value: end', '- from: 2024-13-27\n          value: end'), /evaluate_at\.values\.0\.from/],
    ['an unknown rounding', (s) => s.replace('rounding: floor', 'rounding: up'), /annual\.quota\.values\.0\.value\.rounding/],
    ['not YAML at all', () => 'a: [unclosed', /格式错误/],
  ])('%s', (_, edit, message) => {
    expect(bad(edit)).toThrow(UserError);
    expect(bad(edit)).toThrow(message);
  });
  it('a missing file', () => {
    expect(() => loadPolicy('/nonexistent/policy.yaml')).toThrow(/无法读取政策文件/);
  });
});

describe('a policy file exported before annual.last_place and annual.lead_candidate existed', () => {
  const raw = parse(text) as { parameters: { annual: Record<string, unknown> } };
  delete raw.parameters.annual.last_place;
  delete raw.parameters.annual.lead_candidate;
  const old = parsePolicy(stringify(raw), '旧的本地政策.yaml');
  it('still loads, taking those two from the built-in policy and saying so', () => {
    for (const path of ['annual.last_place', 'annual.lead_candidate'] as const) {
      const p = old.at(path, d('2025-12-31'));
      expect(p.value).toEqual(loadPolicy().at(path, d('2025-12-31')).value);
      expect(p.note).toMatch(/政策文件中没有这一项，按内置政策$/);
    }
  });
  it('a wrong value in either is still an error', () => {
    const bad = parse(text) as { parameters: { annual: { last_place: { values: Array<{ value: { years: number } }> } } } };
    bad.parameters.annual.last_place.values[0]!.value.years = 1;
    expect(() => parsePolicy(stringify(bad), 'bad.yaml')).toThrow(/last_place.*应不小于 2/);
  });
});
