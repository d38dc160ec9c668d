// Issue 21.9: annual.last_place_tie_share was added after towns exported their policy files.
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { readFileSync } from 'node:fs';
import { BUILTIN_POLICY_PATH, loadPolicy, parsePolicy } from '../../src/policy/load.js';
import { d } from '../helpers/dates.js';

const text = readFileSync(BUILTIN_POLICY_PATH, 'utf8');

describe('a policy file exported before annual.last_place_tie_share existed (issue 21.9)', () => {
  const raw = parse(text) as { parameters: { annual: Record<string, unknown> } };
  delete raw.parameters.annual.last_place_tie_share;
  const old = parsePolicy(stringify(raw), '本地政策-2025.yaml');
  it('still loads, with the built-in share and a note saying so', () => {
    const p = old.at('annual.last_place_tie_share', d('2025-12-31'));
    expect(p.value).toBe(loadPolicy().at('annual.last_place_tie_share', d('2025-12-31')).value);
    expect([p.clause, p.note]).toEqual(['二(二)8(2)', expect.stringMatching(/政策文件中没有这一项，按内置政策$/)]);
  });
  it('a share that is not one is an error', () => {
    for (const bad of [0, 1.5, '一半']) {
      const edit = parse(text) as { parameters: { annual: { last_place_tie_share: { values: Array<{ value: unknown }> } } } };
      edit.parameters.annual.last_place_tie_share.values[0]!.value = bad;
      expect(() => parsePolicy(stringify(edit), 'bad.yaml')).toThrow(/last_place_tie_share/);
    }
  });
});
